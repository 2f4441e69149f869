"""What a run leaves behind on a deployment: every record it created through the API, and the state it is in now.

The API client (``EcrmApi``) notes each record a ``POST`` to a collection created (201 with an id) while the
ledger is on; the pytest plugin switches it on against an external deployment (an embedded e-CRM's database is thrown
away after the run). When a process's session ends, ``read_back`` asks the deployment for each record's state, as the
administrator, and the run summary counts them per record kind: archived customers, lost opportunities, closed
tickets ... and the ones still active where the e-CRM allows clean-up, which should be none.

Each kind says which states are a clean-up (``cleaned``), which are states the e-CRM keeps a record in for good (a paid
claim, an approved advance: ``kept``, with the reason), and how to read the state from the record.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

API = "/api/v1/"
DELETED = "deleted"
ACTIVE = "active"


def _status(record: dict) -> str:
    return str(record.get("status") or ACTIVE)


def _archived(record: dict) -> str:
    return "archived" if record.get("archived") else ACTIVE


def _deactivated(record: dict) -> str:
    return "deactivated" if record.get("active") is False or record.get("is_active") is False else ACTIVE


def _numbered(record: dict) -> str:
    """A claim's or advance's status; a draft that once had a number reads "draft (numbered)"."""
    status = _status(record)
    return f"{status} (numbered)" if status == "draft" and record.get("number") else status


NUMBERED_DRAFT = ("draft (numbered)", "a draft that once had a number is kept, never deleted: numbers stay gapless "
                                      "(it was submitted, then withdrawn or refused)")


def _stage(record: dict) -> str:
    stage = str(record.get("stage") or "")
    return stage if stage in ("won", "lost") else "open"


@dataclass(frozen=True)
class RecordKind:
    """A kind of record the suite creates, and how its states read."""

    collection: str  # the API collection, e.g. "customers"
    zh: str
    en: str
    state: Callable[[dict], str] = lambda record: ACTIVE
    cleaned: frozenset[str] = frozenset({DELETED})
    kept: tuple[tuple[str, str], ...] = ()  # (state, why the e-CRM keeps a record in it)

    def verdict(self, state: str) -> str:
        """cleaned, kept (by the e-CRM's rules) or active (left active: a clean-up that did not happen)."""
        if state in self.cleaned:
            return "cleaned"
        if state in dict(self.kept):
            return "kept"
        return "active"


_SETTING = {"state": _deactivated, "cleaned": frozenset({DELETED, "deactivated"})}
KINDS: dict[str, RecordKind] = {
    kind.collection: kind
    for kind in (
        RecordKind("customers", "客户", "customers", _archived, frozenset({"archived"})),
        RecordKind("contacts", "联系人", "contacts"),
        RecordKind("opportunities", "销售机会", "opportunities", _stage, frozenset({DELETED, "won", "lost"})),
        RecordKind("activities", "活动", "activities", _status, frozenset({DELETED, "done", "cancelled"})),
        RecordKind("industries", "行业", "industries", **_SETTING),
        RecordKind("sources", "客户来源", "customer sources", **_SETTING),
        RecordKind("stages", "销售阶段", "sales stages", **_SETTING),
        RecordKind("claims", "报销单", "claims", _numbered, frozenset({DELETED, "withdrawn", "rejected"}),
                   (("approved", "an approved claim waits for payment and is never deleted (EXP-CLM-4)"),
                    ("paid", "a paid claim is kept for the accounts"), NUMBERED_DRAFT)),
        RecordKind("claim-lines", "报销明细", "claim lines", kept=(
            (ACTIVE, "a line belongs to its claim and goes with it (the claims are counted above)"),)),
        RecordKind("advances", "借款", "advances", _numbered, frozenset({DELETED, "withdrawn", "rejected", "settled"}),
                   (("approved", "an approved advance is owed until it is disbursed and settled"),
                    ("disbursed", "a disbursed advance stays until the employee settles it"), NUMBERED_DRAFT)),
        RecordKind("projects", "项目", "projects", **_SETTING),
        RecordKind("employee-types", "员工类型", "employee types", **_SETTING),
        RecordKind("expense-categories", "费用类别", "expense categories", **_SETTING),
        RecordKind("products", "产品", "products", **_SETTING),
        RecordKind("fault-categories", "故障类别", "fault categories", **_SETTING),
        RecordKind("installed-products", "已安装产品", "installed products", kept=(
            (ACTIVE, "an installed unit keeps its service history (faults and RMAs refer to it)"),)),
        RecordKind("fault-records", "故障记录", "fault records", _status, frozenset({DELETED, "closed"})),
        RecordKind("rmas", "RMA", "RMAs", _status, frozenset({DELETED, "closed", "rejected"})),
        RecordKind("alert-rules", "预警规则", "alert rules", _deactivated, frozenset({DELETED, "deactivated"})),
        RecordKind("kb-articles", "知识库文章", "knowledge-base articles", _status,
                   frozenset({DELETED, "archived"})),
    )
}


@dataclass
class Ledger:
    """The records this process created through the API: ``(collection, id)`` in creation order."""

    enabled: bool = False

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._created: dict[tuple[str, int], None] = {}

    def add(self, collection: str, pk: int) -> None:
        """A record created otherwise (through a form in the browser)."""
        if self.enabled and collection in KINDS:
            with self._lock:
                self._created[(collection, pk)] = None

    def note(self, method: str, path: str, status: int, body: object) -> None:
        """Called by the API client for every response; keeps what a POST to a known collection created."""
        if not self.enabled or method.upper() != "POST" or status != 201 or not isinstance(body, dict):
            return
        collection = collection_of(path)
        if collection in KINDS and isinstance(body.get("id"), int):
            with self._lock:
                self._created[(collection, body["id"])] = None

    @property
    def created(self) -> list[tuple[str, int]]:
        with self._lock:
            return list(self._created)


LEDGER = Ledger()


# The browser's creation forms: ``/<subsystem>/<segment>/new/``, which on success redirect to the record's page
# ``/<subsystem>/<segment>/<id>/``. The segment → the API collection of the record.
FORM_COLLECTIONS = {
    "sales/customers": "customers", "sales/contacts": "contacts", "sales/opportunities": "opportunities",
    "sales/activities": "activities", "expense/claims": "claims", "expense/advances": "advances",
    "expense/projects": "projects", "service/faults": "fault-records", "service/rma": "rmas",
    "service/kb": "kb-articles", "service/alert-rules": "alert-rules",
    "service/installed-products": "installed-products",
}
_NEW_FORM = re.compile(r"^/([a-z]+/[a-z-]+)/new/$")
_RECORD_PAGE = re.compile(r"^/([a-z]+/[a-z-]+)/(\d+)/$")


def created_by_form(previous_path: str, path: str) -> tuple[str, int] | None:
    """``("customers", 7)`` when a page went from a creation form straight to the new record's page."""
    form, record = _NEW_FORM.match(previous_path), _RECORD_PAGE.match(path)
    if form and record and form.group(1) == record.group(1) and form.group(1) in FORM_COLLECTIONS:
        return FORM_COLLECTIONS[form.group(1)], int(record.group(2))
    return None


def collection_of(path: str) -> str:
    """``customers`` for ``/api/v1/customers/`` or its full URL; empty for anything else (details, actions)."""
    tail = path.split(API, 1)[1] if API in path else ""
    parts = [part for part in tail.split("?", 1)[0].split("/") if part]
    return parts[0] if len(parts) == 1 else ""


def read_back(api, created: Iterable[tuple[str, int]], threads: int = 8) -> list[dict]:
    """Each created record's state now, as ``api`` (the administrator) sees it; 404 reads as deleted."""

    def one(item: tuple[str, int]) -> dict:
        collection, pk = item
        response = api.get(f"{API}{collection}/{pk}/")
        if response.status_code == 404:
            return {"kind": collection, "id": pk, "state": DELETED, "label": ""}
        if response.status_code != 200:
            return {"kind": collection, "id": pk, "state": f"unreadable ({response.status_code})", "label": ""}
        record = response.json()
        label = next((str(record[key]) for key in ("number", "name", "title", "subject", "serial_number")
                      if record.get(key)), "")
        return {"kind": collection, "id": pk, "state": KINDS[collection].state(record), "label": label[:80]}

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(one, list(created)))


def write(directory: Path, worker: str, records: list[dict]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{worker}.json").write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")


def load(directory: Path) -> list[dict]:
    """Every process's read-back records of one run (``run-meta/leftovers/``); empty when there are none."""
    records: list[dict] = []
    for path in sorted(directory.glob("*.json")) if directory.is_dir() else []:
        records.extend(json.loads(path.read_text(encoding="utf-8")))
    return records


@dataclass(frozen=True)
class KindTotal:
    kind: RecordKind
    created: int
    states: tuple[tuple[str, int], ...]  # (state, count), most first
    active: tuple[dict, ...]  # records left active where the e-CRM allows clean-up


def totals(records: Iterable[dict]) -> list[KindTotal]:
    """Per record kind: how many the run created, in which states they are now, and which were left active."""
    by_kind: dict[str, list[dict]] = {}
    for record in records:
        if record["kind"] in KINDS:
            by_kind.setdefault(record["kind"], []).append(record)
    rows = []
    for collection, kind in KINDS.items():
        items = by_kind.get(collection, [])
        if not items:
            continue
        counts: dict[str, int] = {}
        for item in items:
            counts[item["state"]] = counts.get(item["state"], 0) + 1
        states = tuple(sorted(counts.items(), key=lambda pair: (-pair[1], pair[0])))
        active = tuple(item for item in items if kind.verdict(item["state"]) == "active")
        rows.append(KindTotal(kind, len(items), states, active))
    return rows
