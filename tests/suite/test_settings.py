"""The reference e-CRM's settings serve concurrent requests on SQLite however its database is named."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOW = "import json; from ecrm import settings; print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))"


def database_options(**env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ECRM_DB_PATH")}
    found = subprocess.run([sys.executable, "-c", SHOW], cwd=ROOT, env={**clean, **env}, capture_output=True,
                           text=True, timeout=60, check=True)
    return json.loads(found.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("env", [
    {"ECRM_DB_PATH": "/tmp/ecrm-settings-check.sqlite3"},
    {"DATABASE_URL": "sqlite:////tmp/ecrm-settings-check.sqlite3"},
], ids=["ECRM_DB_PATH", "DATABASE_URL"])
def test_a_sqlite_database_waits_for_the_write_lock_instead_of_answering_500(env):
    """Two writers at once on SQLite without these options: "database is locked", a server error (seen with
    DATABASE_URL=sqlite:///... under two test workers: 22 requests answered 500)."""
    assert database_options(**env) == {"timeout": 20, "transaction_mode": "IMMEDIATE"}


def test_postgresql_gets_no_sqlite_options():
    assert "transaction_mode" not in database_options(DATABASE_URL="postgresql://postgres@127.0.0.1:5432/x")
