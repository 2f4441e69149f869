"""The one list mechanism (COM-UI-4): search, filters, sort, pagination, CSV export.

A module declares a ``ListSpec`` (columns, filters, search) once and uses it
for its page (``ListPageView``) and its API viewset (``SpecFilterMixin`` in
``ecrm.common.api_auth``), so both filter, search and sort the same way.

Query parameters: ``q`` (search), one per filter (its ``name``), ``sort``
(``field`` or ``-field``, a column key), ``page``, ``export=csv``.
"""
from __future__ import annotations

import csv
import datetime
import decimal
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from ecrm.common import clock
from ecrm.common.permissions import RoleRequiredMixin
from ecrm.common.validators import clean_query_text


def display_text(value) -> str:
    """Plain text for a cell, the same on the page and in the CSV."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else value.strftime(
            "%Y-%m-%d %H:%M"
        )
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return f"{value:,.2f}"
    return str(value)


@dataclass
class Column:
    key: str
    label: Any
    value: str | Callable | None = None  # attribute path ("owner.display_name") or callable(obj)
    order_by: str | tuple | None = None  # ORM ordering; defaults to the key
    sortable: bool = True
    link: Callable | None = None  # callable(obj) -> url
    numeric: bool = False

    def raw(self, obj):
        source = self.value or self.key
        if callable(source):
            return source(obj)
        value = obj
        for part in source.split("."):
            if value is None:
                return None
            value = getattr(value, part)
            if callable(value):
                value = value()
        return value

    def text(self, obj) -> str:
        return display_text(self.raw(obj))

    def ordering(self, descending=False):
        fields = self.order_by or self.key
        if isinstance(fields, str):
            fields = (fields,)
        return [f"-{f}" if descending else f for f in fields]


@dataclass
class Filter:
    name: str
    label: Any
    choices: Callable  # callable(user) -> [(value, label)]; values are strings
    apply: Callable  # callable(queryset, value) -> queryset; called only with a valid choice
    empty_label: Any = gettext_lazy("All")
    always_apply: bool = False  # also call apply(queryset, "") when no valid value is given

    def options(self, user):
        return [(str(v), label) for v, label in self.choices(user)]


def status_filter(flag: str, shown: bool, other: str, other_label) -> Filter:
    """The "Status" filter of a list whose rows are hidden by a boolean ``flag`` rather than deleted.

    By default ("Active") it shows the rows with ``flag == shown``; ``other`` shows the others; "all" shows every row.
    """
    def apply(queryset, value):
        if value == other:
            return queryset.filter(**{flag: not shown})
        if value == "all":
            return queryset
        return queryset.filter(**{flag: shown})

    return Filter("status", gettext_lazy("Status"), lambda user: [(other, other_label), ("all", gettext_lazy("All"))],
                  apply, empty_label=gettext_lazy("Active"), always_apply=True)


@dataclass
class ListState:
    queryset: Any
    q: str = ""
    sort: str = ""
    values: dict = field(default_factory=dict)


class ListSpec:
    """Declare ``columns``, ``filters``, ``search_fields`` (or override ``search``) and ``default_sort``."""

    columns: list[Column] = []
    filters: list[Filter] = []
    search_fields: tuple = ()
    default_sort = "-pk"
    page_size = 20
    max_page_size = 100
    csv_name = "export"

    def __init__(self, user):
        self.user = user

    def column(self, key):
        for col in self.columns:
            if col.key == key:
                return col
        return None

    def search(self, queryset, q):
        if not q or not self.search_fields:
            return queryset
        cond = Q()
        for name in self.search_fields:
            cond |= Q(**{f"{name}__icontains": q})
        return queryset.filter(cond)

    def valid_sort(self, sort):
        sort = (sort or "").strip()
        key = sort[1:] if sort.startswith("-") else sort
        col = self.column(key)
        if col is not None and col.sortable:
            return sort
        return ""

    def order(self, queryset, sort):
        if sort:
            col = self.column(sort.lstrip("-"))
            return queryset.order_by(*col.ordering(sort.startswith("-")), "pk")
        default = self.default_sort
        if isinstance(default, str):
            default = (default,)
        return queryset.order_by(*default, "pk")

    def apply(self, queryset, params, sort_param="sort", search_param="q"):
        """Search, filter and sort ``queryset`` from query ``params`` (invalid values are ignored)."""
        q = clean_query_text(params.get(search_param, ""))
        values = {}
        for flt in self.filters:
            raw = clean_query_text(params.get(flt.name, ""), 100)
            if raw and raw in {v for v, _label in flt.options(self.user)}:
                values[flt.name] = raw
                queryset = flt.apply(queryset, raw)
            elif raw:
                # A value that is not one of the choices (tampered, or another user's record) matches nothing.
                values[flt.name] = raw
                queryset = queryset.none()
            elif flt.always_apply:
                queryset = flt.apply(queryset, "")
        queryset = self.search(queryset, q)
        sort = self.valid_sort(clean_query_text(params.get(sort_param, ""), 100))
        return ListState(queryset=self.order(queryset, sort), q=q, sort=sort, values=values)

    # -- CSV -----------------------------------------------------------------
    @staticmethod
    def _csv_cell(text):
        # Keep spreadsheet formulas from running (CSV injection), but leave phone numbers alone.
        if text and (text[0] in "=@\t\r" or (text[0] in "+-" and not re.fullmatch(r"[+-][\d\s().-]*", text))):
            return "'" + text
        return text

    def csv_response(self, queryset):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([str(col.label) for col in self.columns])
        for obj in queryset.iterator(chunk_size=500) if not queryset._prefetch_related_lookups else queryset:
            writer.writerow([self._csv_cell(col.text(obj)) for col in self.columns])
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
        stamp = clock.today().strftime("%Y%m%d")
        response["Content-Disposition"] = f'attachment; filename="{self.csv_name}-{stamp}.csv"'
        return response


class ListPageView(RoleRequiredMixin, TemplateView):
    """A list page built from a ``ListSpec``; subclasses set ``spec_class``, ``title``,
    ``caption`` and ``get_base_queryset()``, and may add ``actions`` [(url, label)]."""

    template_name = "common/list_page.html"
    spec_class: type[ListSpec] = ListSpec
    title = ""
    caption = ""
    empty_text = gettext_lazy("No matching records")

    def get_base_queryset(self):
        raise NotImplementedError

    def get_actions(self):
        return []

    def get(self, request, *args, **kwargs):
        self.spec = self.spec_class(request.user)
        self.state = self.spec.apply(self.get_base_queryset(), request.GET)
        if request.GET.get("export") == "csv":
            return self.spec.csv_response(self.state.queryset)
        return super().get(request, *args, **kwargs)

    def _url(self, **changes):
        params = self.request.GET.copy()
        for key, value in changes.items():
            if value in (None, ""):
                params.pop(key, None)
            else:
                params[key] = value
        params.pop("export", None)
        encoded = params.urlencode()
        return "?" + encoded if encoded else self.request.path

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        spec, state = self.spec, self.state
        paginator = Paginator(state.queryset, spec.page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        headers = []
        for col in spec.columns:
            header = {"label": col.label, "key": col.key, "sortable": col.sortable, "numeric": col.numeric}
            if col.sortable:
                if state.sort == col.key:
                    header["aria_sort"], next_sort = "ascending", f"-{col.key}"
                elif state.sort == f"-{col.key}":
                    header["aria_sort"], next_sort = "descending", col.key
                else:
                    header["aria_sort"], next_sort = "none", col.key
                header["url"] = self._url(sort=next_sort, page=None)
            headers.append(header)
        rows = [
            {
                "obj": obj,
                "cells": [
                    {
                        "label": col.label,
                        "text": col.text(obj),
                        "url": col.link(obj) if col.link else None,
                        "numeric": col.numeric,
                    }
                    for col in spec.columns
                ],
            }
            for obj in page.object_list
        ]
        filters = [
            {
                "name": flt.name,
                "label": flt.label,
                "id": f"filter-{flt.name}",
                "empty_label": flt.empty_label,
                "options": flt.options(self.request.user),
                "value": state.values.get(flt.name, ""),
            }
            for flt in spec.filters
        ]
        export_params = self.request.GET.copy()
        export_params.pop("page", None)
        export_params["export"] = "csv"
        ctx.update(
            {
                "title": self.title,
                "actions": self.get_actions(),
                "listing": {
                    "caption": self.caption,
                    "q": state.q,
                    "sort": state.sort,
                    "filters": filters,
                    "headers": headers,
                    "rows": rows,
                    "page": page,
                    "count": paginator.count,
                    "num_pages": paginator.num_pages,
                    "previous_url": self._url(page=page.previous_page_number()) if page.has_previous() else "",
                    "next_url": self._url(page=page.next_page_number()) if page.has_next() else "",
                    "export_url": "?" + export_params.urlencode(),
                    "empty_text": self.empty_text,
                },
            }
        )
        return ctx
