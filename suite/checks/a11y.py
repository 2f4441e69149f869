"""The accessibility check: axe-core run in the page, its impacts mapped to our severity and priority.

axe-core (Deque's engine, pinned in package.json and installed by the set-up's ``npm ci``) is injected into the
page and run once per page on the WCAG 2.0/2.1 A and AA rules plus Deque's best practices. Each violation carries
an impact; the worst impact of a page becomes its test's severity and priority (``IMPACTS``), and a critical or
serious violation fails the test.

The pages to check are the reference e-CRM's GET page routes, read from its URLconf (``page_routes``, over the
shared walk of ``suite.checks.routes``, which keeps Django out of the suite's own process).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import allure

from suite.checks import routes

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice")

# axe's impact -> (Allure severity, priority). A serious violation (a field without a name, text too faint to read)
# shuts a screen-reader or low-vision user out of that function, so it is rated like a broken core workflow, but it
# is fixed in the release (high) rather than before the next build (urgent), which is kept for critical ones.
IMPACTS: dict[str, tuple[str, str]] = {
    "critical": ("critical", "urgent"),
    "serious": ("critical", "high"),
    "moderate": ("normal", "medium"),
    "minor": ("minor", "low"),
}
IMPACT_ORDER = ("critical", "serious", "moderate", "minor")
FAILING_IMPACTS = frozenset({"critical", "serious"})

# axe rules turned off, each with the proof that it is a false positive here. None so far: a rule goes in only
# with its reason, never to turn a real failure green.
DISABLED_RULES: dict[str, str] = {}


class AxeMissing(RuntimeError):
    """axe-core is not installed (node_modules is missing)."""


def axe_script(path: Path = AXE_SCRIPT) -> Path:
    """The axe-core script to inject; a clear error (never a skip) when the set-up has not installed it."""
    if not path.is_file():
        raise AxeMissing(
            f"axe-core is not installed ({path} is missing): run the set-up (scripts/bootstrap.sh, or 'npm ci' "
            "in the project root), which installs the version pinned in package-lock.json."
        )
    return path


def axe_options() -> dict[str, Any]:
    # resultTypes: full node lists for violations and incomplete; passes and inapplicable rules name one node each.
    options: dict[str, Any] = {"runOnly": {"type": "tag", "values": list(TAGS)},
                               "resultTypes": ["violations", "incomplete"]}
    if DISABLED_RULES:
        options["rules"] = {rule: {"enabled": False} for rule in DISABLED_RULES}
    return options


def run_axe(page) -> dict[str, Any]:
    """Inject axe-core into a loaded Playwright page and return its result (``violations``, ``url`` ...)."""
    page.add_script_tag(path=str(axe_script()))
    return page.evaluate("options => axe.run(document, options)", axe_options())


# -- reading a result -------------------------------------------------------------------------------------------------
def worst_impact(violations: list[dict]) -> str | None:
    """The most severe impact among the violations; None when there are none."""
    found = {violation.get("impact") for violation in violations}
    return next((impact for impact in IMPACT_ORDER if impact in found), None)


def severity_of(impact: str | None) -> tuple[str, str] | None:
    """(Allure severity, priority) for an axe impact; None for no violation. An unknown impact is an error."""
    if impact is None:
        return None
    if impact not in IMPACTS:
        raise ValueError(f"unknown axe impact {impact!r}; expected one of {IMPACT_ORDER}")
    return IMPACTS[impact]


def failing(violations: list[dict]) -> list[dict]:
    """The violations that fail a page: impact critical or serious."""
    return [violation for violation in violations if violation.get("impact") in FAILING_IMPACTS]


def _cell(text: str, width: int) -> str:
    text = " ".join(str(text).split()).replace("|", "\\|")
    return text if len(text) <= width else text[: width - 1] + "…"


def _target(node: dict) -> str:
    """A node's CSS selector (axe nests selectors inside frames and shadow roots as lists)."""
    parts = node.get("target") or []
    return " >> ".join(part if isinstance(part, str) else " ".join(part) for part in parts)


def violation_table(violations: list[dict], incomplete: Sequence[dict] = (), max_nodes: int = 5) -> str:
    """A readable table of violations, worst first: rule, impact, severity/priority, help, URL, targets, snippet.

    ``incomplete`` (what axe could not decide, e.g. the contrast of SVG text) is listed after it, for a person to
    review; it never fails a page.
    """
    review = [f"Needs review (axe could not decide): {item.get('id')} on {len(item.get('nodes', []))} node(s): "
              + "; ".join(_target(node) for node in item.get("nodes", [])[:max_nodes]) for item in incomplete]
    if not violations:
        return "\n".join(["No accessibility violation.", *review])
    ranked = sorted(violations, key=lambda v: (IMPACT_ORDER.index(v["impact"]) if v.get("impact") in IMPACTS
                                               else len(IMPACT_ORDER), v.get("id", "")))
    lines = ["| rule | impact | severity/priority | help | nodes |", "| --- | --- | --- | --- | --- |"]
    details = []
    for violation in ranked:
        impact = violation.get("impact") or "?"
        scale = "/".join(IMPACTS.get(impact, ("?", "?")))
        nodes = violation.get("nodes", [])
        lines.append(f"| {violation.get('id')} | {impact} | {scale} | {_cell(violation.get('help', ''), 80)} "
                     f"| {len(nodes)} |")
        details.append(f"\n{violation.get('id')} ({impact}): {violation.get('help', '')}")
        details.append(f"  {violation.get('helpUrl', '')}")
        for node in nodes[:max_nodes]:
            details.append(f"  - {_target(node)}\n      {_cell(node.get('html', ''), 160)}")
        if len(nodes) > max_nodes:
            details.append(f"  - ... and {len(nodes) - max_nodes} more")
    return "\n".join(lines + details + ([""] + review if review else []))


def summary(violations: list[dict]) -> str:
    """One line: how many violations of each impact, e.g. ``2 serious, 1 minor``."""
    counts = {impact: sum(1 for v in violations if v.get("impact") == impact) for impact in IMPACT_ORDER}
    return ", ".join(f"{count} {impact}" for impact, count in counts.items() if count) or "none"


# -- the test's severity ----------------------------------------------------------------------------------------------
def label_severity(item, severity: str, priority: str) -> None:
    """Make ``severity`` and ``priority`` the test's Allure labels instead of the ones its spec mark gave.

    ``suite.plugin.selection`` turns the spec mark into ``allure.label`` marks on the item, which allure-pytest writes
    at teardown, after any dynamic label; two severity labels would leave the report to pick one. So the static ones
    are dropped from the item and the dynamic ones set: the result carries exactly one of each.
    """
    item.own_markers[:] = [
        mark for mark in item.own_markers
        if not (mark.name == "allure_label" and mark.kwargs.get("label_type") in ("severity", "priority"))
    ]
    allure.dynamic.severity(allure.severity_level(severity))
    allure.dynamic.label("priority", priority)


# -- the pages: GET routes of the reference e-CRM's URLconf ----------------------------------------------------------
SKIPPED_PREFIXES = ("api/", "static/", "__test__/", "i18n/", "logout/", "healthz")
CONVERTERS = {"int": "[0-9]+", "slug": "[-a-zA-Z0-9_]+", "path": ".+", "str": "[^/]+", "uuid": "[0-9a-f-]{36}"}
PARAM = re.compile(r"<(?:(?P<converter>[a-z]+):)?(?P<name>\w+)>")


@dataclass(frozen=True)
class Route:
    """A named page route: ``sales:customer-detail`` at ``sales/customers/<int:pk>/``."""

    name: str
    pattern: str

    @property
    def app(self) -> str:
        return self.name.split(":", 1)[0] if ":" in self.name else "common"

    @property
    def params(self) -> tuple[tuple[str, str], ...]:
        """(name, converter) of each URL parameter."""
        return tuple((match["name"], match["converter"] or "str") for match in PARAM.finditer(self.pattern))

    @property
    def regex(self) -> re.Pattern[str]:
        """The route as a regular expression over a URL path (``/sales/customers/12/``)."""
        parts, end = [], 0
        for match in PARAM.finditer(self.pattern):
            parts.append(re.escape(self.pattern[end:match.start()]))
            parts.append(f"(?P<{match['name']}>{CONVERTERS[match['converter'] or 'str']})")
            end = match.end()
        parts.append(re.escape(self.pattern[end:]))
        return re.compile("/" + "".join(parts) + "$")

    @property
    def parent(self) -> str:
        """The path up to the first parameter (``/sales/reports/`` for ``sales/reports/<slug:kind>/``)."""
        match = PARAM.search(self.pattern)
        return "/" + (self.pattern[: match.start()] if match else self.pattern)

    def path(self, **values: Any) -> str:
        """The URL path with its parameters filled in."""
        missing = {name for name, _ in self.params} - set(values)
        if missing:
            raise KeyError(f"{self.name}: no value for {sorted(missing)}")
        return "/" + PARAM.sub(lambda match: str(values[match["name"]]), self.pattern)


@dataclass(frozen=True)
class RouteMap:
    """What the URLconf walk found: the page routes, and the routes left out with the reason."""

    pages: tuple[Route, ...]
    left_out: tuple[tuple[Route, str], ...]  # (route, why it is not a page)


def is_skipped(pattern: str) -> bool:
    return pattern.lstrip("^").startswith(SKIPPED_PREFIXES)


def page_routes() -> RouteMap:
    """The reference e-CRM's pages: named GET routes (``suite.checks.routes``), less API, static, test-only, language,
    logout and health routes; POST-only actions are left out with the reason."""
    pages, left_out = [], []
    for found in routes.urlconf_routes():
        if not found.name or is_skipped(found.pattern):
            continue
        route = Route(name=found.name, pattern=found.pattern)
        if found.is_action:
            left_out.append((route, "an action: GET answers 405 Method Not Allowed"))
        else:
            pages.append(route)
    return RouteMap(tuple(pages), tuple(left_out))
