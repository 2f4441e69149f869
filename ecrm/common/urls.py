"""URL helpers: the standard paths of a resource's pages, and its record actions."""
from django.urls import path


def _view(view):
    return view.as_view() if isinstance(view, type) else view


def resource_paths(prefix, name, *, index=None, new=None, detail=None, edit=None, index_name=None):
    """``<prefix>/`` (the list, named ``index_name`` or ``prefix``), ``<prefix>/new/`` (``<name>-new``),
    ``<prefix>/<pk>/`` (``<name>-detail``) and ``<prefix>/<pk>/edit/`` (``<name>-edit``; at ``<prefix>/<pk>/``
    when the resource has no detail page, its form being the page), for the views given."""
    routes = [
        ("", index, index_name or prefix.rsplit("/", 1)[-1]),
        ("new/", new, f"{name}-new"),
        ("<int:pk>/", detail, f"{name}-detail"),
        ("<int:pk>/edit/" if detail else "<int:pk>/", edit, f"{name}-edit"),
    ]
    return [path(f"{prefix}/{route}", _view(view), name=url_name) for route, view, url_name in routes if view]


def action_paths(prefix, name, view, actions):
    """``<prefix>/<pk>/<action>/`` named ``<name>-<action>``: one view taking ``action`` for each of ``actions``."""
    return [path(f"{prefix}/<int:pk>/{action}/", view, {"action": action}, name=f"{name}-{action}")
            for action in actions]
