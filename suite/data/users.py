"""The demo users: the one table the suite reads (logins, roles, the README's and ARCHITECTURE.md's tables).

The seed command of the reference e-CRM creates the same users (``ecrm/common/seed.py``, ``ecrm/expense/seed.py``:
the product's own copy); ``tests/suite/test_demo_users.py`` checks the docs' tables and the seed against this one.
An external deployment with other passwords sets ``ECRM_PASSWORD_<USER>``, e.g. ``ECRM_PASSWORD_REP1``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str  # the e-CRM's role code (common.User.role)
    password: str
    display_name: str
    line_manager: str | None
    purpose: str = ""  # why the suite has this user, when it is not the obvious one
    reserved: bool = False  # kept for the tests named in ``purpose``: never picked to arrange data


DEMO_USERS: dict[str, DemoUser] = {
    user.username: user
    for user in (
        DemoUser("admin", "admin", "Admin@2026", "系统管理员", None),
        DemoUser("manager", "manager", "Manager@2026", "王经理", "admin"),
        DemoUser("rep1", "rep", "Rep1@2026", "张三", "manager"),
        DemoUser("rep2", "rep", "Rep2@2026", "李四", "manager"),
        DemoUser("finance", "finance", "Finance@2026", "赵财务", "admin"),
        DemoUser("engineer", "engineer", "Engineer@2026", "陈工", "svcmanager"),
        DemoUser("svcmanager", "svcmanager", "Svcmanager@2026", "刘经理", "admin"),
        DemoUser("clerk", "finance", "Clerk@2026", "钱会计", "admin",
                 purpose="a second finance user, for password-change and concurrent-payment tests", reserved=True),
    )
}

# The role names the README shows (zh, en).
ROLE_NAMES: dict[str, tuple[str, str]] = {
    "admin": ("系统管理员", "administrator"),
    "manager": ("销售经理", "sales manager"),
    "rep": ("销售代表", "sales rep"),
    "finance": ("财务", "finance"),
    "engineer": ("售后工程师", "service engineer"),
    "svcmanager": ("售后经理", "service manager"),
}


def password_of(username: str) -> str:
    """The password of a demo user, overridable per user by the environment."""
    return os.environ.get(f"ECRM_PASSWORD_{username.upper()}", DEMO_USERS[username].password)


def role_of(username: str | None) -> str:
    """A demo user's role code; "" for anyone else (an anonymous visitor, a user a test made)."""
    user = DEMO_USERS.get(username or "")
    return user.role if user else ""


def first_available(usernames: list[str]) -> str:
    """The first of ``usernames`` (e.g. a record's ``next_approvers``) the suite may act as to arrange data: not a
    reserved user, whose password a test may be changing (which ends that user's other sessions)."""
    for username in usernames:
        user = DEMO_USERS.get(username)
        if user is None or not user.reserved:
            return username
    raise LookupError(f"only reserved users among {usernames}")
