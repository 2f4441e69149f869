"""With the e-CRM down, the suite stops at once with one clear message naming the URL (no pile of time-outs)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_down_deployment_stops_the_run_within_15_seconds_naming_the_url(tmp_path):
    url = f"http://127.0.0.1:{closed_port()}"
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/functional/common/test_access.py", f"--base-url={url}",
         "--ecrm-health-timeout=5", f"--alluredir={tmp_path / 'results'}", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    elapsed = time.monotonic() - started
    output = result.stdout + result.stderr
    assert result.returncode == 3, output[-2000:]
    assert elapsed < 15, f"took {elapsed:.1f} s"
    assert f"The e-CRM under test at {url} is not healthy" in output
    assert "passed" not in output and "failed" not in output
