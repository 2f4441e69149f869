"""What is kept between runs under the key of the e-CRM's sources (``suite.server.sources``): the template database
and the URLconf's routes are built again when anything they come from changes, and only then."""

from __future__ import annotations

from pathlib import Path

import pytest

from suite.checks.routes import cached_routes
from suite.server.sources import sources_key


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "ecrm" / "sales" / "__pycache__").mkdir(parents=True)
    (tmp_path / "ecrm" / "sales" / "models.py").write_text("LIMIT = 100\n")
    (tmp_path / "ecrm" / "sales" / "__pycache__" / "models.cpython-311.pyc").write_bytes(b"\0")
    (tmp_path / "ecrm" / "locale.mo").write_bytes(b"\1")
    (tmp_path / "constraints.txt").write_text("Django==5.2.19\n")
    return tmp_path


def test_the_key_changes_with_the_code_the_pins_and_the_seeded_defects_only(project: Path, monkeypatch):
    monkeypatch.delenv("ECRM_DEFECTS", raising=False)
    key = sources_key(root=project)
    assert sources_key(root=project) == key
    (project / "ecrm" / "sales" / "__pycache__" / "models.cpython-311.pyc").write_bytes(b"\2")
    (project / "ecrm" / "locale.mo").write_bytes(b"\3")
    assert sources_key(root=project) == key, "bytecode and compiled translations are not sources"
    assert sources_key(root=project, extra="ecrm.settings") != key
    monkeypatch.setenv("ECRM_DEFECTS", "SAL-D01")
    assert sources_key(root=project) != key
    monkeypatch.delenv("ECRM_DEFECTS")
    (project / "constraints.txt").write_text("Django==5.2.20\n")
    pinned = sources_key(root=project)
    assert pinned != key
    (project / "ecrm" / "sales" / "models.py").write_text("LIMIT = 101\n")
    assert sources_key(root=project) not in (key, pinned)
    (project / "ecrm" / "sales" / "views.py").write_text("")
    assert len({key, pinned, sources_key(root=project)}) == 3


def test_routes_are_walked_once_per_key_and_kept(tmp_path: Path):
    walks: list[str] = []

    def walk(name: str):
        def walked() -> list[dict]:
            walks.append(name)
            return [{"pattern": f"{name}/", "name": name, "get_status": 302}]
        return walked

    first = cached_routes(tmp_path, "k1", walk("a"))
    assert cached_routes(tmp_path, "k1", walk("b")) == first == [{"pattern": "a/", "name": "a", "get_status": 302}]
    assert cached_routes(tmp_path, "k2", walk("c"))[0]["name"] == "c"
    assert walks == ["a", "c"], "the stored key is not walked again"
    (tmp_path / "k1.json").write_text("{half a fi")
    assert cached_routes(tmp_path, "k1", walk("d"))[0]["name"] == "d", "a damaged entry is walked again"
