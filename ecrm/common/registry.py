"""Finds each subsystem's extension modules (nav, panels, seed, api)."""
from functools import cache
from importlib import import_module

from django.conf import settings
from django.urls import NoReverseMatch, reverse


def _module(app, name):
    try:
        return import_module(f"{app}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"{app}.{name}":
            return None
        raise


@cache
def subsystem_modules(name):
    """[(app, module)] for every subsystem that has ``<app>.<name>``, in layout order."""
    return [(app, mod) for app in settings.ECRM_SUBSYSTEMS if (mod := _module(app, name)) is not None]


def nav_for(user, path=""):
    """The navigation, filtered to what ``user`` may use.

    Each app's ``NAV = {"key", "title", "landing", "items": [(url_name, label[, roles])]}``.
    """
    sections = []
    for app, mod in subsystem_modules("nav"):
        nav = mod.NAV
        items = []
        for item in nav.get("items", []):
            url_name, label = item[0], item[1]
            roles = item[2] if len(item) > 2 else None
            if roles is not None and getattr(user, "role", None) not in roles:
                continue
            try:
                url = reverse(url_name)
                items.append({"url": url, "label": label, "url_name": url_name,
                              "current": bool(path) and path.startswith(url)})
            except NoReverseMatch:
                continue
        sections.append(
            {
                "key": nav.get("key", app.rsplit(".", 1)[-1]),
                "title": nav["title"],
                "landing": reverse(nav["landing"]) if nav.get("landing") else "",
                "items": items,
                # True when the subsystem has functions but none for this user's role.
                "restricted": bool(nav.get("items")) and not items,
            }
        )
    return sections


def customer_panels(customer, user):
    """[(title, template, context)] from every subsystem's ``panels.customer_panels``."""
    panels = []
    for _app, mod in subsystem_modules("panels"):
        func = getattr(mod, "customer_panels", None)
        if func:
            panels.extend(func(customer, user))
    return panels
