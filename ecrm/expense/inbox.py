"""EXP-APR-1 and COM-UI-4: the approval inbox, one rule for the page and the API.

What waits for a user (``awaiting``), narrowed by a search text (number, employee, title or purpose), oldest first
(the order the work came in), in pages of 20 claims and 20 advances: each list pages on its own parameter
(``claims_page``, ``advances_page``), since a backlog of claims says nothing of the advances."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator

from ecrm.common.validators import clean_query_text
from ecrm.expense.models import Advance, Claim

PAGE_SIZE = 20
PAGE_PARAMS = {"claims": "claims_page", "advances": "advances_page"}


def claims_awaiting(user):
    return Claim.objects.awaiting(user).select_related("employee", "project").order_by("submitted_at", "pk")


def advances_awaiting(user):
    return Advance.objects.awaiting(user).select_related("employee", "project").order_by("created_at", "pk")


@dataclass(frozen=True)
class InboxPage:
    text: str
    claims: Page
    advances: Page


def search_text(params) -> str:
    """The search text of a request's query parameters: ``q`` (the page's field) or ``search`` (the API's)."""
    return clean_query_text(params.get("q") or params.get("search") or "")


def page_of(queryset, number, size: int = PAGE_SIZE) -> Page:
    """One page of ``queryset``: a number past the end gives the last page, anything not a number the first."""
    return Paginator(queryset, size).get_page(number)


def inbox_page(user, params, claims=None, advances=None, size: int = PAGE_SIZE) -> InboxPage:
    """The page of the inbox ``params`` ask for; ``claims`` and ``advances`` replace the default querysets (the
    API's loads more of each row)."""
    text = search_text(params)
    claims = (claims_awaiting(user) if claims is None else claims).matching(text)
    advances = (advances_awaiting(user) if advances is None else advances).matching(text)
    return InboxPage(text, page_of(claims, params.get(PAGE_PARAMS["claims"]), size),
                     page_of(advances, params.get(PAGE_PARAMS["advances"]), size))
