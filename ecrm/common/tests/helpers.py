"""Test helpers shared by the app tests."""
from ecrm.common.models import Role, User


def make_user(username, role=Role.REP, password="Passw0rd!2026", line_manager=None, **extra):
    user = User.objects.create_user(username=username, password=password, role=role, line_manager=line_manager,
                                    display_name=extra.pop("display_name", username), **extra)
    return user


def make_team():
    admin = make_user("admin", Role.ADMIN)
    manager = make_user("manager", Role.MANAGER, line_manager=admin)
    rep1 = make_user("rep1", Role.REP, line_manager=manager)
    rep2 = make_user("rep2", Role.REP, line_manager=manager)
    other_manager = make_user("manager2", Role.MANAGER, line_manager=admin)
    rep3 = make_user("rep3", Role.REP, line_manager=other_manager)
    finance = make_user("finance", Role.FINANCE, line_manager=admin)
    engineer = make_user("engineer", Role.ENGINEER, line_manager=admin)
    return {"admin": admin, "manager": manager, "rep1": rep1, "rep2": rep2, "manager2": other_manager,
            "rep3": rep3, "finance": finance, "engineer": engineer}
