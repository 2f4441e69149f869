"""Re-run results decide the verdict: always → product defect, mixed → flaky, broken → test defect, unreachable SUT →
environment failure; and the categories Allure uses say the same."""

from __future__ import annotations

import re

import pytest

from suite.reporting import categories
from suite.reporting.classify import Outcome, Reproducibility, Verdict, classify, reproducibility

REFUSED = "urllib.error.URLError: <urlopen error [Errno 111] Connection refused>"
PLAYWRIGHT_REFUSED = "playwright._impl._errors.Error: Page.goto: net::ERR_CONNECTION_REFUSED at http://127.0.0.1:1/"
UNHEALTHY = "suite.server.ecrm.ServerError: http://127.0.0.1:1/healthz did not answer ok within 12 s"
ASSERTION = "AssertionError: Locator expected to be visible"
TIMEOUT = "playwright._impl._errors.TimeoutError: Locator.click: Timeout 5000ms exceeded."


def outcomes(*pairs: tuple[str, str]) -> list[Outcome]:
    return [Outcome(status, message) for status, message in pairs]


@pytest.mark.parametrize(
    ("attempts", "verdict"),
    [
        ([("failed", ASSERTION)] * 3, Verdict.PRODUCT_DEFECT),
        ([("failed", ASSERTION), ("passed", "")], Verdict.FLAKY),
        ([("failed", ASSERTION), ("broken", TIMEOUT), ("passed", "")], Verdict.FLAKY),
        ([("broken", TIMEOUT)] * 3, Verdict.TEST_DEFECT),
        ([("unknown", "")], Verdict.TEST_DEFECT),
        ([("broken", REFUSED)] * 3, Verdict.ENVIRONMENT),
        ([("broken", PLAYWRIGHT_REFUSED)], Verdict.ENVIRONMENT),
        ([("broken", UNHEALTHY)], Verdict.ENVIRONMENT),
        ([("broken", REFUSED), ("passed", "")], Verdict.FLAKY),
        ([("passed", "")], Verdict.PASSED),
        ([("skipped", "Skipped: needs the test clock")], Verdict.SKIPPED),
        ([("failed", ASSERTION), ("skipped", "Skipped: no clock")], Verdict.SKIPPED),
        # The first failure decides; a re-run that failed otherwise neither confirms nor replaces it.
        ([("broken", TIMEOUT), ("failed", ASSERTION)], Verdict.TEST_DEFECT),
        ([("failed", ASSERTION), ("broken", TIMEOUT), ("broken", TIMEOUT)], Verdict.PRODUCT_DEFECT),
    ],
)
def test_the_attempts_decide_the_verdict(attempts, verdict):
    assert classify(outcomes(*attempts)) is verdict


def test_an_assertion_about_a_refused_connection_is_a_product_defect_not_the_environment():
    # Only errors (broken) can be environment failures: a failed assertion is the product's.
    assert classify(outcomes(("failed", "AssertionError: Connection refused shown to the user"))) is (
        Verdict.PRODUCT_DEFECT)


def test_no_attempt_cannot_be_classified():
    with pytest.raises(ValueError, match="without attempts"):
        classify([])


@pytest.mark.parametrize(
    ("statuses", "failed", "attempts", "kind"),
    [
        (["failed", "failed", "failed"], 3, 3, "always"),
        (["failed", "passed"], 1, 2, "intermittent"),
        (["failed", "failed", "passed"], 2, 3, "intermittent"),
        (["broken", "failed", "passed"], 1, 3, "intermittent"),  # the failed re-run failed otherwise than attempt 1
        (["passed"], 0, 1, "never"),
        (["skipped"], 0, 0, "never"),
    ],
)
def test_reproducibility_counts_failed_attempts(statuses, failed, attempts, kind):
    measured = reproducibility([Outcome(status) for status in statuses])
    assert (measured.failed, measured.attempts, measured.kind) == (failed, attempts, kind)


SETUP = Outcome("broken", "suite.api.client.ApiError: POST /api/v1/customers/ answered 400",
                signature="broken | | ApiError",
                how="set-up error in make_customer: ApiError: POST /api/v1/customers/ answered 400")
FIRST = Outcome("failed", "AssertionError: assert 200 == 400", signature="failed | assert r.status_code == 400 | ",
                how="assertion failed at `assert r.status_code == 400`: assert 200 == 400")
OTHER = Outcome("failed", "AssertionError: assert 'x' in ''", signature="failed | assert 'x' in body | ",
                how="assertion failed at `assert 'x' in body`")


def test_only_re_runs_that_fail_the_same_way_reproduce_the_first_failure():
    assert reproducibility([FIRST, FIRST, FIRST]) == Reproducibility(3, 3)
    measured = reproducibility([FIRST, SETUP, OTHER])
    assert (measured.failed, measured.attempts, measured.kind) == (1, 3, "unconfirmed")
    assert [(item.attempt, item.how) for item in measured.not_reproduced] == [(2, SETUP.how), (3, OTHER.how)]
    assert measured.text("en") == (f"unconfirmed (1/3); attempt 2 not reproduced: {SETUP.how}; "
                                   f"attempt 3 not reproduced: {OTHER.how}")
    assert measured.text("zh-CN").startswith("未能确认 (1/3); 第 2 次未复现：set-up error in make_customer")
    mixed = reproducibility([FIRST, FIRST, SETUP])
    assert (mixed.failed, mixed.attempts, mixed.kind) == (2, 3, "unconfirmed")


def test_a_failure_that_differs_from_the_first_is_never_what_is_filed():
    # Attempt 1 failed on the product's answer; the re-runs broke in set-up: the report files the assertion.
    assert classify([FIRST, SETUP, SETUP]) is Verdict.PRODUCT_DEFECT
    assert classify([SETUP, FIRST, FIRST]) is Verdict.TEST_DEFECT
    assert classify([FIRST, SETUP, Outcome("passed")]) is Verdict.FLAKY


def test_reproducibility_reads_as_the_manual_team_wrote_it():
    always = Reproducibility(3, 3)
    assert always.text("both") == "always (总是) 3/3"
    assert always.text("zh-CN") == "总是 (3/3)"
    assert always.text("en") == "always (3/3)"
    assert Reproducibility(1, 3).text("en") == "intermittent (1/3)"
    assert Reproducibility(1, 3).text("zh-CN") == "偶现 (1/3)"
    assert "not re-run" in Reproducibility(1, 1).text("en")


def test_the_environment_rule_is_shared_with_allure():
    rules = categories.allure_rules()
    assert [rule["id"] for rule in rules] == ["environment", "flaky", "product-defect", "test-defect"]
    assert categories.is_environment_failure("broken", REFUSED)
    assert not categories.is_environment_failure("broken", TIMEOUT)
    assert not categories.is_environment_failure("failed", REFUSED)


def allure2_matches(category: dict, status: str, message: str, flaky: bool = False) -> bool:
    """How Allure 3's classic plugin matches an Allure 2 category (a JavaScript RegExp with the s flag)."""
    if category.get("matchedStatuses") and status not in category["matchedStatuses"]:
        return False
    if category.get("flaky", flaky) != flaky:
        return False
    regex = category.get("messageRegex")
    return not regex or bool(message and re.search(regex, message, re.S))


@pytest.mark.parametrize(
    ("status", "message", "flaky", "expected"),
    [
        ("broken", REFUSED, False, ["环境故障 Environment failures"]),
        ("broken", TIMEOUT, False, ["测试缺陷 Test defects"]),
        ("failed", ASSERTION + "\nsecond line", False, ["产品缺陷 Product defects"]),
        ("passed", "", True, ["不稳定 Flaky (passed on a re-run)"]),
        ("passed", "", False, []),
    ],
)
def test_the_allure2_categories_match_one_category_each(status, message, flaky, expected):
    matched = [c["name"] for c in categories.allure2_categories() if allure2_matches(c, status, message, flaky)]
    assert matched == expected
