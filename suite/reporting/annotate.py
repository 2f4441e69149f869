"""Carry the summary's verdicts into the Allure results, so Allure shows the same facts.

For every failing check, each attempt's result gets a ``defect`` label with its defect ID (searchable and usable as a
``groupBy`` in Allure); the attempt Allure counts is marked ``flaky`` when the re-runs were mixed (Allure 3 does not
infer that from retries) and ``known`` with an ``issue`` link when docs/known-defects.toml lists its ID. Idempotent:
annotating the same results twice changes nothing the second time.
"""

from __future__ import annotations

from pathlib import Path

from suite.reporting.classify import Verdict
from suite.reporting.defects import Defect
from suite.reporting.files import read_json, write_json

DEFECT_LABEL = "defect"


def annotate_result(raw: dict, defect: Defect, counted: bool) -> bool:
    """Annotate one raw result in place; True when it changed."""
    changed = False
    label = {"name": DEFECT_LABEL, "value": defect.id}
    labels = raw.setdefault("labels", [])
    if label not in labels:
        labels.append(label)
        changed = True
    if not counted:
        return changed
    details = raw.setdefault("statusDetails", {})
    if defect.verdict is Verdict.FLAKY and not details.get("flaky"):
        details["flaky"] = True
        changed = True
    if defect.known is not None:
        if not details.get("known"):
            details["known"] = True
            changed = True
        link = {"name": f"{defect.id} {defect.known.title}".strip(), "url": defect.known.issue, "type": "issue"}
        links = raw.setdefault("links", [])
        if all(existing.get("url") != link["url"] for existing in links):
            links.append(link)
            changed = True
    return changed


def annotate(results_dir: Path, defects: list[Defect]) -> int:
    """Annotate the results of every defect's attempts; the number of files changed."""
    changed = 0
    for defect in defects:
        run = defect.case.run
        if run is None:
            continue
        for attempt in run.attempts:
            path = results_dir / attempt.file
            raw = read_json(path)
            if annotate_result(raw, defect, counted=attempt is run.final):
                write_json(path, raw)
                changed += 1
    return changed
