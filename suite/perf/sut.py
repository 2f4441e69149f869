"""The system under test of a performance run: the reference e-CRM under gunicorn, on PostgreSQL.

- The database ``ecrm_perf`` is a copy of a template database ``ecrm_perf_tpl_<schema hash>`` that was migrated,
  seeded (``manage.py seed``) and filled with volume (``manage.py seed_volume``) once. The hash covers every
  migration, seed and volume module and the volume scale, so the (slow) template is rebuilt only when one of them
  changed; copying it (``CREATE DATABASE … TEMPLATE``) takes a second or two.
- gunicorn runs ``ecrm.wsgi`` with ``ecrm.settings_test`` (the test clock exists; ``DEBUG`` stays off, as in
  production) and gthread workers sized for the machine (2 cores: 3 workers × 4 threads).
- Both are parametrised by the project tree (``root``) and the database name, so that a side-by-side compare
  (``suite.perf.compare``) serves another revision's worktree from its own template and database beside this one.
- Without a reachable PostgreSQL the smoke shape falls back to SQLite (a cached template file copied per run) and
  says so; the other shapes need PostgreSQL.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from suite.server.ecrm import ROOT, ServerError, free_port, wait_healthy

PG_ADMIN_URL = os.environ.get("ECRM_PERF_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
PG_DB = os.environ.get("ECRM_PERF_DB", "ecrm_perf")
TEMPLATE_PREFIX = "ecrm_perf_tpl_"
SETTINGS = "ecrm.settings_test"


def log(message: str) -> None:
    print(f"[perf] {message}", flush=True)


def schema_hash(scale: float, root: Path = ROOT) -> str:
    """A hash of everything that shapes the seeded database: migrations, seed and volume code, the scale. ``root``
    is the project tree whose files count (another revision's worktree in a side-by-side compare)."""
    digest = hashlib.sha256(f"scale={scale}".encode())
    patterns = ["ecrm/*/migrations/*.py", "ecrm/*/seed.py", "ecrm/*/volume.py", "ecrm/common/management/commands/*.py"]
    for pattern in patterns:
        for path in sorted(root.glob(pattern)):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def template_name(scale: float, root: Path = ROOT) -> str:
    """The PostgreSQL template database of that tree's migrations, seed and volume code at that scale."""
    return f"{TEMPLATE_PREFIX}{schema_hash(scale, root)}"


def postgres_available() -> bool:
    try:
        psycopg.connect(PG_ADMIN_URL, connect_timeout=3).close()
        return True
    except Exception:
        return False


def _pg_url(database: str) -> str:
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + database


def _admin_sql(*statements: str) -> list[tuple]:
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        rows: list[tuple] = []
        for statement in statements:
            cursor = conn.execute(statement)
            if cursor.description:
                rows.extend(cursor.fetchall())
        return rows


def _manage(args: list[str], env: dict[str, str], log_file, root: Path = ROOT) -> None:
    started = time.monotonic()
    subprocess.run([sys.executable, str(root / "manage.py"), *args], cwd=root, env=env, check=True,
                   stdout=log_file, stderr=subprocess.STDOUT)
    log(f"  manage.py {' '.join(args)}: {time.monotonic() - started:.1f} s")


def _base_env(extra: dict[str, str], root: Path = ROOT) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ECRM_DB_PATH", "ECRM_DEFECTS")}
    env.update({"DJANGO_SETTINGS_MODULE": SETTINGS, "PYTHONUNBUFFERED": "1", "ECRM_REAL_PASSWORD_HASHING": "1",
                # The performance profile of ecrm.settings_test: Server-Timing stays on, the N+1 detector (its own
                # cost on every query) off, so that load figures carry only the cost of counting.
                "ECRM_N_PLUS_ONE_DETECTION": "0"})
    if root != ROOT:
        # Another revision's tree: its own ``ecrm`` first on the path, ahead of the venv's editable install of this one.
        env["PYTHONPATH"] = os.pathsep.join([str(root), *filter(None, [os.environ.get("PYTHONPATH")])])
    env.update(extra)
    return env


def _build(env: dict[str, str], scale: float, log_path: Path, root: Path = ROOT) -> None:
    with open(log_path, "a") as log_file:
        _manage(["migrate", "--noinput"], env, log_file, root)
        _manage(["seed"], env, log_file, root)
        _manage(["seed_volume", "--scale", str(scale)], env, log_file, root)


@dataclass
class Database:
    kind: str  # postgresql | sqlite
    env: dict[str, str]  # what a Django process needs to reach it (DATABASE_URL or ECRM_DB_PATH)
    template: str
    reused: bool
    notes: list[str] = field(default_factory=list)


def prepare_postgres(scale: float, work: Path, root: Path = ROOT, database: str = PG_DB,
                     keep: frozenset[str] = frozenset()) -> Database:
    """Copy the cached template of ``root``'s tree (building it first if its schema hash changed) into a fresh
    ``database``. Building a template drops the stale ones, except those named in ``keep`` (the other side's, in a
    side-by-side compare of two revisions)."""
    template = template_name(scale, root)
    existing = {row[0] for row in _admin_sql(
        f"SELECT datname FROM pg_database WHERE datname LIKE '{TEMPLATE_PREFIX}%' OR datname LIKE 'ecrm_perf%'")}
    reused = template in existing
    if not reused:
        building = f"{template}_building"
        log(f"building the volume template database {template} (schema or volume code changed; cached afterwards)")
        _admin_sql(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)', f'CREATE DATABASE "{building}"')
        _build(_base_env({"DATABASE_URL": _pg_url(building)}, root), scale, work / "build.log", root)
        with psycopg.connect(_pg_url(building), autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
        _admin_sql(f'ALTER DATABASE "{building}" RENAME TO "{template}"')
        for stale in existing:
            if stale.startswith(TEMPLATE_PREFIX) and stale != template and stale not in keep:
                _admin_sql(f'DROP DATABASE IF EXISTS "{stale}" WITH (FORCE)')
    else:
        log(f"reusing the cached volume template database {template}")
    started = time.monotonic()
    _admin_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)',
               f'CREATE DATABASE "{database}" TEMPLATE "{template}"')
    log(f"fresh database {database} copied from the template in {time.monotonic() - started:.1f} s")
    return Database("postgresql", {"DATABASE_URL": _pg_url(database)}, template, reused)


def drop_database(database: str) -> None:
    """Drop a run's own database (not a template) once its server has stopped."""
    _admin_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def prepare_sqlite(scale: float, work: Path) -> Database:
    cache = ROOT / "var" / "perf"
    cache.mkdir(parents=True, exist_ok=True)
    template = cache / f"ecrm-perf-tpl-{schema_hash(scale)}.sqlite3"
    reused = template.exists()
    if not reused:
        log(f"building the SQLite volume template {template.name} (cached afterwards)")
        for stale in cache.glob("ecrm-perf-tpl-*.sqlite3"):
            stale.unlink()
        building = template.with_suffix(".building")
        building.unlink(missing_ok=True)
        _build(_base_env({"ECRM_DB_PATH": str(building)}), scale, work / "build.log")
        building.rename(template)
    db = work / "ecrm-perf.sqlite3"
    shutil.copyfile(template, db)
    return Database("sqlite", {"ECRM_DB_PATH": str(db)}, template.name, reused)


@dataclass
class Gunicorn:
    database: Database
    work: Path
    defects: str = ""
    root: Path = ROOT  # the project tree whose ``ecrm`` it serves (another revision's worktree in a compare)
    name: str = "gunicorn"  # its log file's name in ``work``
    workers: int = 0
    threads: int = 0
    url: str = ""
    process: subprocess.Popen | None = None

    def start(self, timeout_s: float = 60) -> Gunicorn:
        cores = os.cpu_count() or 2
        self.workers = self.workers or int(os.environ.get("ECRM_PERF_GUNICORN_WORKERS", cores + 1))
        self.threads = self.threads or int(os.environ.get("ECRM_PERF_GUNICORN_THREADS", 4))
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        env = _base_env({**self.database.env, "ECRM_DEFECTS": self.defects}, self.root)
        self.log_path = self.work / f"{self.name}.log"
        self._log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "ecrm.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--worker-class", "gthread", "--workers", str(self.workers), "--threads", str(self.threads),
             "--timeout", "60", "--graceful-timeout", "10", "--log-level", "warning", "--no-control-socket",
             # Keep idle connections open longer than any persona thinks (at most 3 s): with gunicorn's default of
             # 2 s, a user's next request could race the server closing its pooled connection, and fail with a
             # reset (status 0) that is the harness's fault, not the e-CRM's.
             "--keep-alive", "30"],
            cwd=self.root, env=env, stdout=self._log, stderr=subprocess.STDOUT,
        )
        try:
            wait_healthy(self.url, timeout_s, self.process)
        except ServerError as error:
            self.stop()
            tail = self.log_path.read_text(errors="replace")[-3000:]
            raise ServerError(f"{error}\n--- gunicorn log ---\n{tail}") from error
        log(f"gunicorn up at {self.url}: {self.workers} gthread workers x {self.threads} threads on "
            f"{self.database.kind}" + (f", defects on: {self.defects}" if self.defects else ""))
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "_log", None):
            self._log.close()
