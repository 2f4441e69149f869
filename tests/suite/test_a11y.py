"""The accessibility check's own machinery: impact -> severity, the violation table, routes and labels."""

from __future__ import annotations

import json
import textwrap

import pytest

from suite.checks import a11y
from suite.plugin.marks import PRIORITIES, SEVERITIES

pytest_plugins = ["pytester"]


def violation(rule: str, impact: str | None, nodes: int = 1, help_text: str = "Help text") -> dict:
    return {
        "id": rule,
        "impact": impact,
        "help": help_text,
        "helpUrl": f"https://dequeuniversity.com/rules/axe/4.14/{rule}",
        "nodes": [{"target": [f"#{rule}-{n}"], "html": f"<input id=\"{rule}-{n}\">"} for n in range(nodes)],
    }


# -- impact -> severity and priority ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("impact", "expected"),
    [("critical", ("critical", "urgent")), ("serious", ("critical", "high")), ("moderate", ("normal", "medium")),
     ("minor", ("minor", "low"))],
)
def test_each_impact_maps_to_a_severity_and_a_priority(impact, expected):
    assert a11y.severity_of(impact) == expected


def test_the_mapping_uses_the_suites_own_scales_and_covers_every_axe_impact():
    assert set(a11y.IMPACTS) == set(a11y.IMPACT_ORDER) == {"critical", "serious", "moderate", "minor"}
    for severity, priority in a11y.IMPACTS.values():
        assert severity in SEVERITIES and priority in PRIORITIES


def test_no_violation_means_no_severity_and_an_unknown_impact_is_an_error():
    assert a11y.severity_of(None) is None
    with pytest.raises(ValueError, match="unknown axe impact 'fatal'"):
        a11y.severity_of("fatal")


@pytest.mark.parametrize(
    ("impacts", "worst"),
    [([], None), (["minor"], "minor"), (["minor", "moderate"], "moderate"), (["moderate", "serious", "minor"],
                                                                             "serious"),
     (["serious", "critical"], "critical")],
)
def test_the_worst_impact_wins(impacts, worst):
    assert a11y.worst_impact([violation(f"r{n}", impact) for n, impact in enumerate(impacts)]) == worst


def test_only_critical_and_serious_violations_fail_a_page():
    found = [violation("a", "minor"), violation("b", "serious"), violation("c", "moderate"), violation("d", "critical")]
    assert [v["id"] for v in a11y.failing(found)] == ["b", "d"]
    assert a11y.failing([violation("a", "minor"), violation("c", "moderate")]) == []


# -- the violation table ----------------------------------------------------------------------------------------------
def test_the_table_names_rule_impact_scale_help_url_targets_and_snippet_worst_first():
    table = a11y.violation_table([violation("region", "moderate", help_text="All content in landmarks"),
                                  violation("label", "critical", help_text="Form elements must have labels")])
    assert table.index("| label | critical | critical/urgent | Form elements must have labels | 1 |") < table.index(
        "| region | moderate | normal/medium | All content in landmarks | 1 |")
    assert "https://dequeuniversity.com/rules/axe/4.14/label" in table
    assert "#label-0" in table and '<input id="label-0">' in table


def test_the_table_cuts_long_node_lists_and_escapes_pipes():
    table = a11y.violation_table([violation("color-contrast", "serious", nodes=8, help_text="a | b")])
    assert "#color-contrast-4" in table and "#color-contrast-5" not in table
    assert "... and 3 more" in table
    assert "a \\| b" in table


def test_the_table_joins_selectors_inside_frames():
    found = violation("label", "serious")
    found["nodes"] = [{"target": [["iframe", "#inner"]], "html": "<input>"}]
    assert "iframe #inner" in a11y.violation_table([found])


def test_what_axe_could_not_decide_is_listed_for_review_without_a_violation_row():
    unsure = violation("color-contrast", "serious")
    table = a11y.violation_table([], [unsure])
    assert table.startswith("No accessibility violation.")
    assert "Needs review (axe could not decide): color-contrast on 1 node(s): #color-contrast-0" in table
    assert "| color-contrast |" not in table


def test_an_empty_result_says_so_and_the_summary_counts_by_impact():
    assert a11y.violation_table([]) == "No accessibility violation."
    assert a11y.summary([]) == "none"
    assert a11y.summary([violation("a", "minor"), violation("b", "serious"), violation("c", "minor")]) == (
        "1 serious, 2 minor")


# -- axe-core itself --------------------------------------------------------------------------------------------------
def test_a_missing_axe_core_fails_with_the_set_up_to_run(tmp_path):
    with pytest.raises(a11y.AxeMissing, match="run the set-up"):
        a11y.axe_script(tmp_path / "node_modules" / "axe-core" / "axe.min.js")


def test_the_installed_axe_core_is_the_pinned_version():
    package = json.loads((a11y.ROOT / "package.json").read_text())
    installed = json.loads((a11y.AXE_SCRIPT.parent / "package.json").read_text())
    assert a11y.axe_script().is_file()
    assert installed["version"] == package["devDependencies"]["axe-core"]


def test_axe_runs_the_wcag_a_aa_and_best_practice_tags_and_disables_only_documented_rules():
    options = a11y.axe_options()
    assert options["runOnly"] == {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                            "best-practice"]}
    assert set(options.get("rules", {})) == set(a11y.DISABLED_RULES)
    assert all(reason.strip() for reason in a11y.DISABLED_RULES.values())


# -- routes -----------------------------------------------------------------------------------------------------------
def test_a_route_fills_its_parameters_and_matches_its_own_urls():
    route = a11y.Route("expense:claim-receipt", "expense/claims/<int:pk>/lines/<int:line_pk>/receipt/")
    assert route.app == "expense"
    assert route.params == (("pk", "int"), ("line_pk", "int"))
    assert route.path(pk=3, line_pk=7) == "/expense/claims/3/lines/7/receipt/"
    assert route.regex.match("/expense/claims/3/lines/7/receipt/")
    assert not route.regex.match("/expense/claims/x/lines/7/receipt/")
    assert route.parent == "/expense/claims/"
    with pytest.raises(KeyError, match="line_pk"):
        route.path(pk=3)


def test_slug_and_path_routes_and_the_start_page():
    report = a11y.Route("sales:report", "sales/reports/<slug:kind>/")
    assert report.regex.match("/sales/reports/funnel/") and not report.regex.match("/sales/reports/a/b/")
    assert report.parent == "/sales/reports/"
    assert a11y.Route("survey", "survey/<path:token>/").path(token="abc") == "/survey/abc/"
    start = a11y.Route("dashboard", "")
    assert start.app == "common" and start.path() == "/" and start.regex.match("/")


@pytest.mark.parametrize("pattern", ["api/v1/customers/", "^static/(?P<path>.*)$", "__test__/clock/",
                                     "i18n/setlang/", "logout/", "healthz", "healthz/"])
def test_api_static_test_language_logout_and_health_routes_are_no_pages(pattern):
    assert a11y.is_skipped(pattern)


def test_the_urlconf_walk_finds_pages_and_leaves_out_post_only_actions():
    found = a11y.page_routes()
    names = {route.name for route in found.pages}
    assert {"dashboard", "login", "sales:customer-detail", "expense:claim-new", "service:kb-edit", "survey"} <= names
    left_out = {route.name: why for route, why in found.left_out}
    assert "405" in left_out["sales:customer-archive"] and "405" in left_out["expense:claim-submit"]
    assert not names & set(left_out)
    assert not [name for name in names if name in ("logout", "set_language", "healthz", "test-clock")]


# -- the test's severity label ----------------------------------------------------------------------------------------
SCRATCH = """
import allure
import pytest
from suite.checks import a11y

@allure.label("severity", "normal")
@allure.label("priority", "high")
@pytest.mark.parametrize("impact", [{impacts}])
def test_page(request, impact):
    scale = a11y.severity_of(impact)
    if scale:
        a11y.label_severity(request.node, *scale)
"""


def test_the_worst_impact_replaces_the_static_severity_and_priority_in_the_allure_result(pytester, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(a11y.ROOT))
    pytester.makepyfile(test_scratch=textwrap.dedent(SCRATCH.format(impacts='"serious", "minor", None')))
    results = pytester.path / "allure"
    outcome = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider", "-p", "no:randomly",
                                            f"--alluredir={results}")
    outcome.assert_outcomes(passed=3)
    labels = {}
    for path in results.glob("*-result.json"):
        result = json.loads(path.read_text())
        impact = result["parameters"][0]["value"]
        labels[impact] = sorted((label["name"], label["value"]) for label in result["labels"]
                                if label["name"] in ("severity", "priority"))
    assert labels == {
        "'serious'": [("priority", "high"), ("severity", "critical")],
        "'minor'": [("priority", "low"), ("severity", "minor")],
        "None": [("priority", "high"), ("severity", "normal")],
    }


# -- axe in a real browser ------------------------------------------------------------------------------------------
BROKEN_PAGE = """<!doctype html><html lang="en"><head><title>Broken</title></head><body><main><h1>Broken</h1>
<img src="data:,"><input type="text"><p style="color:#cccccc">faint text</p></main></body></html>"""
CLEAN_PAGE = """<!doctype html><html lang="en"><head><title>Clean</title></head><body><main><h1>Clean</h1>
<label for="name">Name</label><input id="name" type="text"><p>Readable text</p></main></body></html>"""


def test_injected_axe_finds_and_fails_known_violations_and_passes_a_clean_page(browser):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(BROKEN_PAGE)
        violations = a11y.run_axe(page)["violations"]
        impacts = {found["id"]: found["impact"] for found in violations}
        assert impacts.items() >= {"image-alt": "critical", "label": "critical", "color-contrast": "serious"}.items()
        assert a11y.worst_impact(violations) == "critical"
        assert {found["id"] for found in a11y.failing(violations)} >= {"image-alt", "label", "color-contrast"}
        page.set_content(CLEAN_PAGE)
        assert a11y.run_axe(page)["violations"] == []
    finally:
        context.close()
