"""What the reference e-CRM is made of, as one key: what the suite derives from its code is kept between runs under it.

Two things cost every pytest process (each xdist worker, each shard, each run) seconds that an unchanged e-CRM
would give the same answer to: the migrated and seeded template database (``suite.server.ecrm``, about 7 s) and the
URLconf's routes (``suite.checks.routes``, about 3 s). Both are kept in the machine's temporary directory under a key
of the e-CRM's files (not ``__pycache__`` or compiled translations), the walker's own code, the seeded defects
(``ECRM_DEFECTS``), the Python and the pinned packages: any change there builds them again.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE_DIR = Path(os.environ.get("ECRM_CACHE_DIR") or Path(tempfile.gettempdir()) / "ecrm-suite-cache")
SKIPPED_PARTS = {"__pycache__"}
SKIPPED_SUFFIXES = {".pyc", ".mo"}


def ecrm_files(root: Path = ROOT) -> list[Path]:
    return sorted(path for path in (root / "ecrm").rglob("*")
                  if path.is_file() and not SKIPPED_PARTS & set(path.parts) and path.suffix not in SKIPPED_SUFFIXES)


def sources_key(*also: Path, root: Path = ROOT, extra: str = "") -> str:
    """32 hex digits naming this e-CRM's code (and the files ``also`` given, and ``extra``) in this environment."""
    digest = hashlib.sha256(f"{sys.executable}|{os.environ.get('ECRM_DEFECTS', '')}|{extra}".encode())
    for path in [*ecrm_files(root), root / "constraints.txt", *also]:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """An exclusive file lock: the first process builds, the others wait and then find it built."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
