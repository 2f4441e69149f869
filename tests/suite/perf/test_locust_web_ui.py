"""``locust`` alone, in the project's root, opens the web UI ready (locust.conf), and a web-UI session without load
writes no failed verdict. Locust runs in its own process (it never runs inside pytest)."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import requests

from suite.server import ecrm as server

ROOT = Path(__file__).resolve().parents[3]
CLOSED = "http://127.0.0.1:9"  # nothing listens there: a user's log-in fails at once, no load is made


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture
def web_ui(tmp_path):
    """``locust`` as a user starts it (no -f, no --host: locust.conf gives them), its outputs under tmp_path."""
    port = free_port()
    env = {**os.environ, "ECRM_PERF_OUT": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    env.pop("ECRM_PERF_SHAPE", None)
    command = [sys.executable, "-m", "locust", "--web-port", str(port), "--html", str(tmp_path / "report.html"),
               "--csv", str(tmp_path / "locust")]
    # Ctrl-C as a user's terminal delivers it: a shell without job control (a CI step started in the background)
    # starts its children with SIGINT ignored, and that would be inherited down to Locust.
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, preexec_fn=_default_sigint)
    log = []
    for line in process.stdout:
        log.append(line)
        if "Starting web interface" in line:
            break
    else:
        pytest.fail("Locust's web UI did not start:\n" + "".join(log))
    # Keep reading what Locust logs: a full pipe would block it, and then it could not stop on Ctrl-C.
    reader = threading.Thread(target=lambda: log.extend(process.stdout), daemon=True)
    reader.start()
    url = f"http://127.0.0.1:{port}"
    wait_listening(port, process)

    def quit_locust() -> tuple[int, str]:
        """Ctrl-C, as a user ends the session: Locust writes its report, then the gate runs. A Ctrl-C that lands
        while Locust is stopping its users is sometimes swallowed (Locust's own signal handling), and a user presses it
        again: so does this."""
        for _ in range(3):
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=15)
                break
            except subprocess.TimeoutExpired:
                continue
        process.wait(timeout=30)
        reader.join(timeout=10)
        return process.returncode, "".join(log)

    yield url, quit_locust, tmp_path
    if process.poll() is None:
        process.kill()
        process.wait()
    reader.join(timeout=10)


def wait_listening(port: int, process: subprocess.Popen, deadline_s: float = 30.0) -> None:
    """Locust logs "Starting web interface" just before it binds the port: wait until it accepts connections."""
    if not server.wait_listening(port, deadline_s, process):
        pytest.fail(f"Locust's web UI did not listen on port {port} within {deadline_s:.0f} s")


def template_args(url: str) -> dict:
    page = requests.get(url, timeout=10).text
    return json.loads(re.search(r"window\.templateArgs = (\{.*?\});?\s*\n", page, re.S).group(1))


def test_the_web_ui_opens_ready_against_the_embedded_ecrm(web_ui):
    url, quit_locust, _ = web_ui
    args = template_args(url)
    assert args["host"] == "http://127.0.0.1:8000", "the address ./qa serve listens on"
    assert (args["num_users"], args["spawn_rate"]) == (10, 2)
    assert args["run_time"] == 300, "5 minutes"
    assert {"SalesRep", "Approver", "ServiceEngineer"} <= set(args["available_user_classes"])
    assert requests.get(f"{url}/slo", timeout=10).text.startswith("<p>No request yet")
    quit_locust()


def test_a_session_never_started_writes_no_verdict(web_ui):
    _, quit_locust, out = web_ui
    code, output = quit_locust()
    assert not (out / "slo-verdict.json").exists(), output
    assert "nothing to judge, no SLO verdict written" in output
    assert code == 0, output


def test_a_run_started_and_stopped_without_load_writes_no_failed_verdict(web_ui):
    url, quit_locust, out = web_ui
    started = requests.post(f"{url}/swarm", data={"user_count": 1, "spawn_rate": 1, "host": CLOSED}, timeout=10)
    assert started.json()["success"], started.text
    assert requests.post(f"{url}/stop", timeout=10).json()["success"]
    _, output = quit_locust()
    assert not (out / "slo-verdict.json").exists(), output
    assert "nothing to judge, no SLO verdict written" in output
    assert (out / "report.html").exists(), "Locust's own report is still written"
