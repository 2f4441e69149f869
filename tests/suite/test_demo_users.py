"""One demo-user table: ``suite.data.users`` is the suite's, and the docs' tables and the product's seed agree with it.

README.md's table (user, role name, password) and every table of docs/*.md headed ``| user | role | password`` (the
architecture's, with the role code and the line manager) list exactly the users of ``DEMO_USERS`` with their roles
and passwords; the spec's role table names the same users (less the reserved ones it does not describe) and role
names; and the seed commands in ``ecrm/`` create the same users with the same roles, passwords, display names and
line managers.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from suite.data.users import DEMO_USERS, ROLE_NAMES, first_available, password_of, role_of

ROOT = Path(__file__).resolve().parents[2]
PASSWORD_HEADER = re.compile(r"^\|\s*user\s*\|\s*role\s*\|\s*password\s*\|")


def tables(text: str, header: re.Pattern[str]) -> list[list[list[str]]]:
    """The Markdown tables of ``text`` whose header row matches, as rows of cells (header and rule left out)."""
    found: list[list[list[str]]] = []
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if not header.match(line):
            continue
        rows = []
        for row in lines[index + 2:]:
            if not row.startswith("|"):
                break
            rows.append([cell.strip() for cell in row.strip().strip("|").split("|")])
        found.append(rows)
    return found


def split(cell: str) -> list[str]:
    """``rep1, rep2`` → ["rep1", "rep2"]; ```Rep1@2026`, `Rep2@2026``` → ["Rep1@2026", "Rep2@2026"]."""
    return [part.strip().strip("`") for part in cell.split(",")]


def readme_users(text: str) -> dict[str, tuple[str, str]]:
    """{username: (role cell, password)} of the README's demo-user table."""
    (rows,) = tables(text, PASSWORD_HEADER)
    users: dict[str, tuple[str, str]] = {}
    for user_cell, role_cell, password_cell in rows:
        names, passwords = split(user_cell), split(password_cell)
        assert len(names) == len(passwords), f"README row {user_cell!r}: {len(names)} users, {len(passwords)} passwords"
        users.update({name: (role_cell, password) for name, password in zip(names, passwords, strict=True)})
    return users


def test_the_readme_table_lists_every_demo_user_with_its_role_and_password():
    users = readme_users((ROOT / "README.md").read_text(encoding="utf-8"))
    assert set(users) == set(DEMO_USERS)
    for name, (role_cell, password) in users.items():
        user = DEMO_USERS[name]
        assert password == user.password, name
        zh, en = ROLE_NAMES[user.role]
        assert role_cell.startswith(f"{zh} {en}"), (name, role_cell)


def test_every_password_table_in_the_docs_agrees_with_the_demo_users():
    found = [(path, rows) for path in sorted((ROOT / "docs").glob("*.md"))
             for rows in tables(path.read_text(encoding="utf-8"), PASSWORD_HEADER)]
    assert found, "no table headed | user | role | password | in docs/*.md"
    for path, rows in found:
        seen = {}
        for cells in rows:
            user = DEMO_USERS.get(cells[0])
            assert user is not None, f"{path.name}: {cells[0]!r} is not a demo user"
            seen[user.username] = cells
            assert cells[1] == user.role, (path.name, cells)
            assert cells[2].strip("`") == user.password, (path.name, cells)
            if len(cells) > 3:  # the line manager, maybe with a note after it
                assert (cells[3].split()[0] if cells[3] != "—" else None) == user.line_manager, (path.name, cells)
        assert set(seen) == set(DEMO_USERS), f"{path.name} lists {sorted(seen)}"


def test_the_specs_role_table_names_the_demo_users_and_their_roles():
    spec = (ROOT / "docs" / "ECRM-SPEC.md").read_text(encoding="utf-8")
    (rows,) = tables(spec, re.compile(r"^\|\s*user\s*\|\s*role\s*\|\s*can\s*\|"))
    named = {name: role_cell for user_cell, role_cell, _can in rows for name in split(user_cell)}
    assert set(named) == {name for name, user in DEMO_USERS.items() if not user.reserved}
    for name, role_cell in named.items():
        assert role_cell == " ".join(ROLE_NAMES[DEMO_USERS[name].role]), (name, role_cell)


def _seed_tuples(path: Path, name: str) -> list[tuple]:
    """The literal tuples bound to ``name`` in a seed module (``Role.REP`` read as ``"rep"``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))

    def value(node: ast.expr) -> object:
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Role":
            return node.attr.lower()
        return ast.literal_eval(node)

    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            items = node.value.elts if isinstance(node.value, ast.List) else [node.value]
            return [tuple(value(element) for element in item.elts) for item in items]
    raise AssertionError(f"{path} binds no {name}")


def test_the_products_seed_creates_the_same_users():
    seeded = {row[0]: row for row in _seed_tuples(ROOT / "ecrm" / "common" / "seed.py", "DEMO_USERS")}
    for username, role, password, display_name, line_manager in seeded.values():
        user = DEMO_USERS[username]
        assert (user.role, user.password, user.display_name, user.line_manager) == (
            role, password, display_name, line_manager), username
    ((clerk, clerk_password, clerk_name),) = _seed_tuples(ROOT / "ecrm" / "expense" / "seed.py", "CLERK")
    assert set(seeded) | {clerk} == set(DEMO_USERS)
    assert (DEMO_USERS[clerk].password, DEMO_USERS[clerk].display_name) == (clerk_password, clerk_name)


def test_a_password_comes_from_the_table_unless_the_environment_overrides_it(monkeypatch):
    monkeypatch.delenv("ECRM_PASSWORD_REP1", raising=False)
    assert password_of("rep1") == "Rep1@2026"
    monkeypatch.setenv("ECRM_PASSWORD_REP1", "Other@1")
    assert password_of("rep1") == "Other@1"
    assert role_of("rep1") == "rep" and role_of(None) == "" and role_of("someone") == ""


@pytest.mark.parametrize("approvers,chosen", [(["clerk", "finance"], "finance"), (["manager"], "manager"),
                                              (["admin", "finance"], "admin")])
def test_arranging_never_acts_as_a_reserved_user(approvers, chosen):
    assert first_available(approvers) == chosen
    with pytest.raises(LookupError):
        first_available(["clerk"])
