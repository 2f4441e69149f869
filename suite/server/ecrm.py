"""Start the embedded reference e-CRM: a fresh database and a server on a free port.

The database is migrated and seeded into a template once per version of the e-CRM's code (guarded by a file lock, so
xdist workers and shards share the work, and kept between runs: ``template_database``), then each server copies the
template: every worker gets its own fresh database in well under a second.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from suite.server.sources import CACHE_DIR, locked, sources_key

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = "ecrm.settings_test"


class ServerError(RuntimeError):
    """The embedded e-CRM did not come up."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def health(url: str, timeout: float = 3.0) -> dict:
    """The JSON of ``/healthz``; raises ``OSError``/``ValueError`` when the system is down or not an e-CRM."""
    with urllib.request.urlopen(f"{url.rstrip('/')}/healthz", timeout=timeout) as response:
        return json.loads(response.read().decode("utf-8"))


def wait_healthy(url: str, deadline_s: float, process: subprocess.Popen | None = None) -> dict:
    """Poll ``/healthz`` until it answers ok; stop early when the server process died."""
    end = time.monotonic() + deadline_s
    last: Exception | None = None
    while time.monotonic() < end:
        if process is not None and process.poll() is not None:
            raise ServerError(f"the e-CRM server exited with code {process.returncode}")
        try:
            body = health(url, timeout=2.0)
            if body.get("status") == "ok":
                return body
            last = ServerError(f"/healthz says {body}")
        except (OSError, ValueError) as error:
            last = error
        time.sleep(0.1)  # polling a server that is starting, outside any test
    raise ServerError(f"{url}/healthz did not answer ok within {deadline_s:.0f} s: {last}")


def wait_listening(port: int, deadline_s: float, process: subprocess.Popen | None = None) -> bool:
    """Poll until something accepts connections on 127.0.0.1:``port``; False when the deadline passes or the process
    died first."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end and (process is None or process.poll() is None):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.05)  # polling a server that is starting, outside any test
    return False


def _env(db_path: Path, extra: dict[str, str] | None = None, settings: str = SETTINGS) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update({"DJANGO_SETTINGS_MODULE": settings, "ECRM_DB_PATH": str(db_path), "PYTHONUNBUFFERED": "1"})
    env.update(extra or {})
    return env


def _manage(*args: str, db_path: Path, log, settings: str = SETTINGS) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=_env(db_path, settings=settings),
        stdout=log,
        stderr=subprocess.STDOUT,
        check=True,
    )


KEPT_TEMPLATES = 4  # per settings module: the newest few builds stay in the cache (other checkouts, branches)


def template_database(shared_dir: Path, settings: str = SETTINGS) -> Path:
    """The migrated and seeded template database of this e-CRM's code, built once (the first caller builds it, the
    others wait) and kept between runs under the key of the e-CRM's sources (``suite.server.sources``): a run, a
    shard or a re-run of unchanged code starts without migrating (about 7 s), and any change of the code, the seed
    or the seeded defects builds a new one. The build's log is ``<shared_dir>/<name>.log``.

    One per settings module: the test settings hash the demo users' passwords with a fast hasher that production
    settings do not accept."""
    name = "ecrm-template" if settings == SETTINGS else f"ecrm-template-{settings.rsplit('.', 1)[-1]}"
    key = sources_key(extra=settings)
    template = CACHE_DIR / f"{name}-{key}.sqlite3"
    with locked(CACHE_DIR / f"{name}-{key}.lock"):
        if not template.exists():
            building = template.with_suffix(f".building-{os.getpid()}")
            building.unlink(missing_ok=True)
            shared_dir.mkdir(parents=True, exist_ok=True)
            with open(shared_dir / f"{name}.log", "w") as log:
                _manage("migrate", "--noinput", db_path=building, log=log, settings=settings)
                _manage("seed", db_path=building, log=log, settings=settings)
            building.rename(template)
            _prune(name)
    return template


def _prune(name: str) -> None:
    """Keep the newest ``KEPT_TEMPLATES`` templates of a settings module in the cache."""
    built = sorted(CACHE_DIR.glob(f"{name}-????????????????????????????????.sqlite3"),
                   key=lambda path: path.stat().st_mtime, reverse=True)
    for old in built[KEPT_TEMPLATES:]:
        old.unlink(missing_ok=True)
        old.with_suffix(".lock").unlink(missing_ok=True)


PRODUCTION_SETTINGS = "ecrm.settings"  # what a deployment runs: no test clock (``./qa serve`` uses it)


class EmbeddedServer:
    """One reference e-CRM process with its own database.

    ``settings`` is the test settings by default; ``PRODUCTION_SETTINGS`` starts it as a deployment would (no test
    clock; Django serves /static/ as ``./qa serve`` does). ``keep_database`` starts on the database a previous server
    of the same ``work_dir`` left, as a long-lived deployment lives on; else on a fresh copy of the template."""

    def __init__(self, work_dir: Path, shared_dir: Path, log_path: Path, settings: str = SETTINGS,
                 keep_database: bool = False):
        self.work_dir = work_dir
        self.shared_dir = shared_dir
        self.log_path = log_path
        self.settings = settings
        self.keep_database = keep_database
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.health: dict = {}

    def start(self, timeout_s: float = 60.0) -> EmbeddedServer:
        self.work_dir.mkdir(parents=True, exist_ok=True)
        db_path = self.work_dir / "ecrm.sqlite3"
        if not (self.keep_database and db_path.exists()):
            shutil.copyfile(template_database(self.shared_dir, self.settings), db_path)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            # Django's system checks run in CI (the e-CRM's own tests, makemigrations --check), not at every start.
            [sys.executable, str(ROOT / "manage.py"), "runserver", f"127.0.0.1:{self.port}", "--noreload",
             "--skip-checks"],
            cwd=ROOT,
            env=_env(db_path, {"ECRM_SERVE_STATIC": "1"}, self.settings),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self._log = log
        try:
            self.health = wait_healthy(self.url, timeout_s, self.process)
        except ServerError as error:
            self.stop()
            tail = self.log_path.read_text(errors="replace")[-3000:]
            raise ServerError(f"{error}\n--- server log ({self.log_path}) ---\n{tail}") from error
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "_log", None):
            self._log.close()
