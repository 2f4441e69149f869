"""Deterministic demo users (see docs/ARCHITECTURE.md for the passwords)."""
from ecrm.common.models import Role, User

# username, role, password, display name, line manager
DEMO_USERS = [
    ("admin", Role.ADMIN, "Admin@2026", "系统管理员", None),
    ("manager", Role.MANAGER, "Manager@2026", "王经理", "admin"),
    ("rep1", Role.REP, "Rep1@2026", "张三", "manager"),
    ("rep2", Role.REP, "Rep2@2026", "李四", "manager"),
    ("finance", Role.FINANCE, "Finance@2026", "赵财务", "admin"),
    ("engineer", Role.ENGINEER, "Engineer@2026", "陈工", "svcmanager"),
    ("svcmanager", Role.SVCMANAGER, "Svcmanager@2026", "刘经理", "admin"),
]


def run(stdout):
    users = {}
    for username, role, password, display_name, _manager in DEMO_USERS:
        user, _created = User.objects.get_or_create(username=username, defaults={"role": role})
        user.role = role
        user.display_name = display_name
        user.email = f"{username}@ecrm.example"
        user.is_active = True
        user.is_staff = role == Role.ADMIN
        user.is_superuser = role == Role.ADMIN
        user.set_password(password)
        user.save()
        users[username] = user
    for username, _role, _password, _display, manager in DEMO_USERS:
        users[username].line_manager = users[manager] if manager else None
        users[username].save(update_fields=["line_manager"])
    stdout.write(f"common: {len(users)} demo users")
