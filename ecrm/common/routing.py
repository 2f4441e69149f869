"""Approval routing as data: who may act on a record's pending approval step.

A route says which records wait at a step (field lookups ``when``, less those matching ``unless``) and who acts on
them: the user the record names in ``field`` (its approver) or any user with ``role``. One table of routes answers
both questions the app asks: "what waits for this user" (a queryset filter, the approval inbox) and "who may act on
this record now" (``next_approvers``). Nobody acts on their own record (``owner``) and only active users act.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Q

from ecrm.common.models import User

PRIMED = "_primed_next_approvers"  # where ``Routing.prime`` leaves a record's answer


def _value(obj, lookup):
    for name in lookup.split("__"):
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    return obj


def _matches(obj, lookups):
    return all(_value(obj, lookup) == value for lookup, value in lookups.items())


@dataclass(frozen=True)
class Route:
    step: str
    when: dict
    unless: dict = field(default_factory=dict)
    field: str = ""
    role: str = ""

    def records(self):
        cond = Q(**self.when)
        return cond & ~Q(**self.unless) if self.unless else cond

    def records_for(self, user):
        """The records of this route ``user`` acts on (None: none)."""
        if self.field:
            return self.records() & Q(**{self.field: user})
        return self.records() if user.role == self.role else None

    def matches(self, obj):
        return _matches(obj, self.when) and not (self.unless and _matches(obj, self.unless))

    def actors(self, obj):
        """The users this route lets act on ``obj`` (which it matches), as a condition on users."""
        if self.field:
            pk = getattr(obj, f"{self.field}_id")
            return Q(pk=pk) if pk is not None else None
        return Q(role=self.role)


def _active(user):
    return bool(user and user.is_authenticated and user.is_active)


@dataclass(frozen=True)
class Routing:
    routes: tuple[Route, ...]
    owner: str = "employee"

    def awaiting(self, queryset, user):
        """The records of ``queryset`` waiting for ``user`` (the approval inbox)."""
        if not _active(user):
            return queryset.none()
        conds = [cond for cond in (route.records_for(user) for route in self.routes) if cond is not None]
        if not conds:
            return queryset.none()
        return queryset.filter(reduce(or_, conds)).exclude(**{self.owner: user})

    def step_of(self, obj):
        return next((route.step for route in self.routes if route.matches(obj)), None)

    def approvers(self, obj):
        """The users who may act on ``obj``'s pending step now (none when nothing is pending)."""
        conds = [cond for cond in (route.actors(obj) for route in self.routes if route.matches(obj))
                 if cond is not None]
        if not conds:
            return User.objects.none()
        return User.objects.filter(reduce(or_, conds), is_active=True).exclude(
            pk=getattr(obj, f"{self.owner}_id"))

    def may_act(self, obj, user):
        """Whether ``user`` may act on ``obj``'s pending step now."""
        return _active(user) and self.approvers(obj).filter(pk=user.pk).exists()

    def next_approvers(self, obj):
        """The usernames who may act on ``obj``'s pending step now, sorted (the answer ``prime`` left on it, if any)."""
        primed = getattr(obj, PRIMED, None)
        if primed is not None:
            return list(primed)
        return sorted(self.approvers(obj).values_list("username", flat=True))

    def prime(self, objs) -> None:
        """``next_approvers`` of many records (a list, the inbox) with one query for all of them, not one a row: the
        users any of their pending steps names, then per record the same choice as ``approvers``, kept on the
        record for ``next_approvers``."""
        plans = [(obj, [route for route in self.routes if route.matches(obj)]) for obj in objs]
        roles = {route.role for _, routes in plans for route in routes if not route.field}
        pks = {getattr(obj, f"{route.field}_id") for obj, routes in plans for route in routes if route.field} - {None}
        users = list(User.objects.filter(Q(role__in=roles) | Q(pk__in=pks), is_active=True).values_list(
            "pk", "username", "role")) if roles or pks else []
        for obj, routes in plans:
            by_role = {route.role for route in routes if not route.field}
            by_pk = {getattr(obj, f"{route.field}_id") for route in routes if route.field} - {None}
            owner = getattr(obj, f"{self.owner}_id")
            setattr(obj, PRIMED, sorted(name for pk, name, role in users
                                        if (role in by_role or pk in by_pk) and pk != owner))
