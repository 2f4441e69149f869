"""e-Service customer surveys (客户调查): SVC-SUR-1..3, answered on the public page by an anonymous customer."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from pages.service.surveys import PublicSurveyPage, SurveyListPage
from suite.api.client import EcrmApi
from suite.checks.assertions import assert_layout_intact, assert_no_mojibake
from suite.data.service import BEIJING, csat, nps

pytestmark = pytest.mark.area("e-Service", "客户调查")


@pytest.fixture
def closed_ticket(api_as, make_fault, svc_user_ids):
    """``closed_ticket()`` → a ticket taken to closed (by the service manager), with its survey."""

    def make(**fields) -> dict:
        ticket = make_fault(**fields)
        return api_as("svcmanager").service.advance_fault(ticket["id"], "closed", svc_user_ids["engineer"])

    return make


def survey_of(api, ticket_id: int) -> dict:
    surveys = api.service.surveys.page(fault=ticket_id)["results"]
    assert len(surveys) == 1, surveys
    return surveys[0]


@pytest.mark.spec("SVC-SUR-1", severity="critical", priority="high")
def test_closing_a_ticket_creates_exactly_one_survey_with_a_random_token(api_as, closed_ticket):
    first, second = closed_ticket(), closed_ticket()
    manager = api_as("svcmanager")
    one, two = survey_of(manager, first["id"]), survey_of(manager, second["id"])
    assert first["survey"]["id"] == one["id"] and not one["answered"]
    assert len(one["token"]) >= 32 and one["token"] != two["token"]
    assert one["url"].endswith(f"/survey/{one['token']}/")


@pytest.mark.spec("SVC-SUR-1", severity="normal", priority="medium")
def test_a_resolved_but_not_closed_ticket_has_no_survey(api_as, make_fault, svc_user_ids):
    ticket = make_fault()
    body = api_as("svcmanager").service.advance_fault(ticket["id"], "resolved", svc_user_ids["engineer"])
    assert body["survey"] is None
    assert api_as("svcmanager").service.surveys.page(fault=ticket["id"])["count"] == 0


@pytest.mark.spec("SVC-SUR-1", "SVC-SYS-1", severity="normal", priority="medium")
def test_no_survey_is_sent_while_surveys_are_switched_off(api_as, sla_settings, closed_ticket):
    sla_settings.service.settings.replace({"surveys_enabled": False})
    ticket = closed_ticket()
    assert ticket["survey"] is None


@pytest.mark.spec("SVC-SUR-1", "COM-AUTH-1", severity="blocker", priority="urgent")
def test_an_anonymous_customer_answers_the_survey_once(page_as, api_as, closed_ticket, fake):
    ticket = closed_ticket()
    survey = survey_of(api_as("svcmanager"), ticket["id"])
    comment = fake.sentence()
    page = PublicSurveyPage(page_as(None)).screen.open(survey["token"])
    expect(page.form_heading).to_be_visible()
    expect(page.screen.text(ticket["number"])).to_be_visible()
    page.answer(satisfaction=4, recommend=9, comment=comment)
    expect(page.thanks_heading).to_be_visible()
    stored = survey_of(api_as("svcmanager"), ticket["id"])
    assert (stored["answered"], stored["satisfaction"], stored["recommend"], stored["comment"]) == (
        True, 4, 9, comment)


@pytest.mark.spec("SVC-SUR-3", severity="critical", priority="high")
def test_a_used_token_shows_a_friendly_page_and_changes_nothing(page_as, api_as, ecrm_url, closed_ticket):
    ticket = closed_ticket()
    survey = survey_of(api_as("svcmanager"), ticket["id"])
    page = PublicSurveyPage(page_as(None)).screen.open(survey["token"]).answer(satisfaction=2, recommend=3)
    expect(page.thanks_heading).to_be_visible()
    page.screen.open(survey["token"])
    expect(page.unavailable_heading).to_be_visible()
    expect(page.message).to_contain_text("只能使用一次")
    expect(page.submit_button).to_have_count(0)
    # A replayed POST (e.g. a second tab) is refused as well and changes nothing.
    anon = EcrmApi(ecrm_url)
    anon.session.get(f"{ecrm_url}/survey/{survey['token']}/")
    replay = anon.post(f"/survey/{survey['token']}/", data={"satisfaction": "5", "recommend": "10"},
                       headers={"Accept": "text/html"})
    assert replay.status_code == 410
    stored = survey_of(api_as("svcmanager"), ticket["id"])
    assert (stored["satisfaction"], stored["recommend"]) == (2, 3)


@pytest.mark.spec("SVC-SUR-3", "COM-UI-3", severity="critical", priority="high")
@pytest.mark.parametrize("token", ["forged-token-that-does-not-exist-000000", "%27%20OR%201%3D1--",
                                   "%3Cscript%3Ewindow.__xss%3D1%3C%2Fscript%3E", "A" * 300],
                         ids=["forged", "sql", "script", "very-long"])
def test_an_unknown_token_shows_a_friendly_page(page_as, token):
    page = page_as(None, language="en")
    response = PublicSurveyPage(page).screen.open_expecting_refusal(token)
    assert response.status == 404
    survey = PublicSurveyPage(page)
    expect(survey.unavailable_heading).to_have_text("Survey not available")
    expect(survey.message).to_contain_text("could not find this survey")
    assert page.evaluate("() => window.__xss === undefined")


@pytest.mark.spec("SVC-SUR-1", "COM-UI-3", severity="normal", priority="medium")
def test_a_survey_without_ratings_is_refused_and_stays_open(page_as, api_as, closed_ticket):
    ticket = closed_ticket()
    survey = survey_of(api_as("svcmanager"), ticket["id"])
    page = PublicSurveyPage(page_as(None)).screen.open(survey["token"]).answer(satisfaction=None, recommend=7)
    expect(page.errors).to_be_visible()
    expect(page.satisfaction).to_have_attribute("aria-describedby", re.compile("satisfaction"))
    expect(page.score(page.recommend, 7)).to_be_checked()
    assert survey_of(api_as("svcmanager"), ticket["id"])["answered"] is False


@pytest.mark.spec("SVC-SUR-1", "COM-UI-3", severity="normal", priority="medium")
def test_a_tampered_score_is_refused(ecrm_url, api_as, closed_ticket):
    ticket = closed_ticket()
    survey = survey_of(api_as("svcmanager"), ticket["id"])
    anon = EcrmApi(ecrm_url)
    anon.session.get(f"{ecrm_url}/survey/{survey['token']}/")
    response = anon.post(f"/survey/{survey['token']}/", data={"satisfaction": "6", "recommend": "11"},
                         headers={"Accept": "text/html"})
    assert response.status_code == 400
    assert survey_of(api_as("svcmanager"), ticket["id"])["answered"] is False


# -- NPS and CSAT (SVC-SUR-2) --------------------------------------------------------------------------------------
ANSWER_SETS = {
    # (satisfaction, recommend) pairs; the expected figures are computed by the test, not copied from the app.
    "mixed": [(5, 10), (4, 9), (3, 8), (2, 7), (1, 6), (4, 0)],
    # 4 promoters − 3 detractors of 8 = +12.5 → 13; 5 of 8 satisfied = 62.5 → 63 (half away from zero)
    "plus-half": [(5, 10), (4, 9), (3, 9), (5, 10), (4, 7), (2, 3), (1, 1), (5, 6)],
    # 3 promoters − 4 detractors of 8 = −12.5 → −13
    "minus-half": [(1, 10), (2, 9), (3, 9), (4, 7), (5, 3), (1, 1), (2, 6), (3, 0)],
    "passives-only": [(4, 7), (3, 8), (4, 8)],
    "all-detractors": [(1, 0), (2, 6)],
}


@pytest.mark.spec("SVC-SUR-2", "SVC-RPT-4", severity="critical", priority="high")
@pytest.mark.parametrize("answers", list(ANSWER_SETS.values()), ids=list(ANSWER_SETS))
def test_nps_and_csat_match_the_answers_given(ecrm_url, api_as, closed_ticket, service_product, set_clock, answers):
    set_clock(datetime.datetime(2034, 5, 6, 10, 0, tzinfo=BEIJING))
    manager = api_as("svcmanager")
    for satisfaction, recommend in answers:
        ticket = closed_ticket()
        token = survey_of(manager, ticket["id"])["token"]
        anon = EcrmApi(ecrm_url)
        anon.session.get(f"{ecrm_url}/survey/{token}/")
        response = anon.post(f"/survey/{token}/", data={"satisfaction": str(satisfaction),
                                                         "recommend": str(recommend)}, headers={"Accept": "text/html"})
        assert response.status_code == 200
    figures = manager.service.report.get(date_from="2034-05-01", date_to="2034-05-31", product=service_product["id"])
    expected_nps = nps([r for _s, r in answers])
    expected_csat = csat([s for s, _r in answers])
    assert figures["surveys_total"]["responses"] == len(answers)
    assert (figures["surveys_total"]["nps"], figures["surveys_total"]["csat"]) == (expected_nps, expected_csat)
    assert [(m["month"], m["nps"], m["csat"]) for m in figures["surveys_by_month"]] == [
        ("2034-05", expected_nps, expected_csat)]


@pytest.mark.spec("SVC-SUR-1", "COM-ROLE-1", severity="normal", priority="medium")
def test_the_manager_sees_answered_surveys_and_an_engineer_gets_403(page_as, api_as, closed_ticket, service_product):
    ticket = closed_ticket()
    manager = api_as("svcmanager")
    token = survey_of(manager, ticket["id"])["token"]
    PublicSurveyPage(page_as(None)).screen.open(token).answer(satisfaction=5, recommend=10, comment="很满意")
    listing = SurveyListPage(page_as("svcmanager")).screen.open(query=f"product={service_product['id']}&state=answered")
    expect(listing.table.row(ticket["number"])).to_contain_text("很满意")
    assert api_as("engineer").service.surveys.list_response().status_code == 403
    assert SurveyListPage(page_as("engineer")).screen.open_expecting_refusal().status == 403


@pytest.mark.spec("SVC-SUR-1", "COM-UI-1", "COM-UI-2", severity="minor", priority="medium")
@pytest.mark.parametrize(("language", "width"), [("zh-hans", 320), ("en", 320), ("en", 1920)])
def test_the_survey_page_reads_well_on_a_phone_in_both_languages(page_as, api_as, closed_ticket, language, width):
    ticket = closed_ticket()
    token = survey_of(api_as("svcmanager"), ticket["id"])["token"]
    page = PublicSurveyPage(page_as(None, language=language, viewport=(width, 800))).screen.open(token)
    expect(page.form_heading).to_be_visible()
    expect(page.score(page.recommend, 10)).to_be_visible()
    assert_layout_intact(page.page)
    assert_no_mojibake(page.screen.body.inner_text())
    if language == "en":
        expect(page.recommend).to_contain_text("How likely are you to recommend us")
    else:
        expect(page.recommend).to_contain_text("推荐")
