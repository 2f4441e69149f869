"""Data integrity after load: every create the load acknowledged (2xx) must exist in the database afterwards.

During the run each Locust process appends one JSON line per acknowledged create to
``<out>/created/<process>.jsonl``::

    {"model": "sales.Customer", "id": 5012, "fields": {"name": "某某科技 w1u3-7"}}

After the run ``check()`` looks every record up (by primary key, then compares the recorded key fields) and reports
how many were checked, and which are missing or differ. The database side runs in a separate process with Django
set up against the run's database: ``python -m suite.perf.integrity <out>/created`` (see ``django_lookup``).
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import django
from django.apps import apps

# (model label, ids, field names) -> {id: {field: value}} for the rows that exist
Lookup = Callable[[str, list, list[str]], dict]


@dataclass
class Created:
    model: str
    id: int | str
    fields: dict = field(default_factory=dict)


@dataclass
class IntegrityResult:
    checked: int
    missing: list[dict] = field(default_factory=list)
    mismatched: list[dict] = field(default_factory=list)
    by_model: dict[str, int] = field(default_factory=dict)
    unreadable_lines: int = 0

    @property
    def passed(self) -> bool:
        return not self.missing and not self.mismatched and not self.unreadable_lines

    def to_json(self) -> dict:
        return {**asdict(self), "passed": self.passed}

    def summary(self) -> str:
        models = ", ".join(f"{model} {count}" for model, count in sorted(self.by_model.items())) or "none"
        text = f"integrity: {self.checked} acknowledged create(s) checked ({models})"
        if self.passed:
            return text + ": all present"
        return (f"{text}: {len(self.missing)} MISSING, {len(self.mismatched)} differ, "
                f"{self.unreadable_lines} unreadable record line(s)")


def read_records(directory: Path) -> tuple[list[Created], int]:
    """All recorded creates under ``directory`` (``*.jsonl``) and the count of unreadable lines."""
    records, bad = [], 0
    for path in sorted(directory.glob("*.jsonl")) if directory.is_dir() else []:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                records.append(Created(str(raw["model"]), raw["id"], dict(raw.get("fields") or {})))
            except (ValueError, KeyError, TypeError):
                bad += 1  # a torn line means a record was lost: counted as a failure
    return records, bad


def check(records: Iterable[Created], lookup: Lookup, unreadable_lines: int = 0, batch: int = 500) -> IntegrityResult:
    by_model: dict[str, list[Created]] = defaultdict(list)
    for record in records:
        by_model[record.model].append(record)
    result = IntegrityResult(checked=0, unreadable_lines=unreadable_lines)
    for model, items in sorted(by_model.items()):
        names = sorted({name for item in items for name in item.fields})
        found: dict = {}
        ids = [item.id for item in items]
        for start in range(0, len(ids), batch):
            found.update({str(key): value for key, value in lookup(model, ids[start:start + batch], names).items()})
        for item in items:
            result.checked += 1
            row = found.get(str(item.id))
            if row is None:
                result.missing.append({"model": model, "id": item.id, "fields": item.fields})
                continue
            differ = {name: {"recorded": value, "stored": row.get(name)} for name, value in item.fields.items()
                      if str(row.get(name)) != str(value)}
            if differ:
                result.mismatched.append({"model": model, "id": item.id, "fields": differ})
        result.by_model[model] = len(items)
    return result


def django_lookup(model: str, ids: list, names: list[str]) -> dict:
    """The rows of ``model`` (an ``app_label.ModelName``) with these primary keys (Django must be set up)."""
    manager = apps.get_model(model)._base_manager  # not a default manager that might hide archived rows
    return {str(row["pk"]): row for row in manager.filter(pk__in=ids).values("pk", *names)}


def main(argv: list[str]) -> int:
    """``python -m suite.perf.integrity DIR [--json OUT]`` with DJANGO_SETTINGS_MODULE and the database set."""
    directory = Path(argv[0])
    django.setup()
    records, bad = read_records(directory)
    result = check(records, django_lookup, unreadable_lines=bad)
    if "--json" in argv:
        out = Path(argv[argv.index("--json") + 1])
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result.to_json(), indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    print(result.summary())
    for item in (result.missing + result.mismatched)[:20]:
        print(f"  {item}")
    return 0 if result.passed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
