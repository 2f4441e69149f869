"""e-Sales settings (SAL-SET-1): the administrator edits stages, industries and sources; a setting in use cannot
be deleted, only deactivated."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from pages.sales.opportunities import OpportunityFormPage
from pages.sales.settings import SettingFormPage, SettingListPage
from suite.checks.messages import unclear_refusal
from suite.data.hostile import FIELD_SAMPLE
from suite.data.sales import opportunity_data

pytestmark = pytest.mark.area("e-Sales", "设置")


@pytest.fixture
def customer(make_sales_customer):
    return make_sales_customer(owner="rep1")


def setting(api, kind, row_id):
    return api.sales.setting(kind).get(row_id)


@pytest.mark.spec("SAL-SET-1", "SAL-OPP-1", severity="critical", priority="high")
def test_the_admin_adds_a_stage_and_opportunities_take_its_probability(page_as, api_as, uniq, customer, fake,
                                                                       make_opportunity, make_setting):
    token = uniq()
    form = SettingListPage(page_as("admin"), "stages").screen.open().new()
    listing = form.set(code=f"poc-{token}", name=f"试点验证{token}", name_en=f"Proof {token}", order="35",
                       probability="40").save()
    expect(listing.screen.toast.success).to_contain_text(f"试点验证{token}")
    expect(listing.table.row(f"试点验证{token}")).to_contain_text("40%")
    created = next(s for s in api_as("admin").sales.stages.page() if s["code"] == f"poc-{token}")
    data = opportunity_data(fake, uniq, customer).as_dict()
    data.pop("customer"), data.pop("stage")
    opportunity = make_opportunity(customer, stage="qualified", **data)
    moved = api_as("rep1").expect(api_as("rep1").sales.move_stage(opportunity["id"], created["code"]), 200)
    assert moved["probability"] == 40
    # Clean-up: the stage is now in use, so it can only be deactivated.
    api_as("admin").sales.stages.update(created['id'], active=False)


@pytest.mark.spec("SAL-SET-1", severity="critical", priority="high")
def test_a_stage_in_use_cannot_be_deleted_only_deactivated(page_as, api_as, make_setting, customer, fake, uniq,
                                                           make_opportunity):
    stage = make_setting("stages", probability=45)
    data = opportunity_data(fake, uniq, customer).as_dict()
    data.pop("customer"), data.pop("stage")
    opportunity = make_opportunity(customer, stage="lead", **data)
    api_as("rep1").expect(api_as("rep1").sales.move_stage(opportunity["id"], stage["code"]), 200)
    form = SettingFormPage(page_as("admin"), "stages").screen.open(stage["id"]).delete_expecting_refusal()
    expect(form.screen.toast.error).to_have_text(f"阶段「{stage['name']}」正在使用，不能删除，只能停用")
    listing = form.set(active=False).save()
    expect(listing.table.row(stage["name"])).to_contain_text("否")
    assert setting(api_as("admin"), "stages", stage["id"])["active"] is False
    # A deactivated stage is no longer offered for a move.
    edit = OpportunityFormPage(page_as("rep1")).screen.open_edit(opportunity["id"])
    expect(edit.stage_options(stage["name"])).to_have_count(1)  # its current stage
    other = make_opportunity(customer, stage="lead", **{**data, "name": f"{data['name']}-2"})
    expect(OpportunityFormPage(page_as("rep1")).screen.open_edit(other["id"])
           .stage_options(stage["name"])).to_have_count(0)
    refused = api_as("rep1").sales.move_stage(other["id"], stage["code"])
    assert refused.status_code == 400 and list(refused.json()) == ["stage"]


@pytest.mark.spec("SAL-SET-1", severity="normal", priority="medium")
def test_an_unused_stage_is_deleted(page_as, api_as, make_setting):
    stage = make_setting("stages", probability=20)
    listing = SettingFormPage(page_as("admin"), "stages").screen.open(stage["id"]).delete()
    expect(listing.screen.toast.success).to_contain_text(stage["name"])
    expect(listing.table.row(stage["name"])).to_have_count(0)
    assert api_as("admin").sales.stages.get_response(stage['id']).status_code == 404


@pytest.mark.spec("SAL-SET-1", severity="normal", priority="medium")
def test_editing_a_stage_probability_applies_to_later_moves(api_as, make_setting, customer, fake, uniq,
                                                            make_opportunity):
    stage = make_setting("stages", probability=15)
    admin = api_as("admin")
    admin.sales.stages.update(stage['id'], probability=85, name="终审")
    data = opportunity_data(fake, uniq, customer).as_dict()
    data.pop("customer"), data.pop("stage")
    opportunity = make_opportunity(customer, stage="lead", **data)
    moved = api_as("rep1").expect(api_as("rep1").sales.move_stage(opportunity["id"], stage["code"]), 200)
    assert (moved["probability"], moved["stage_display"]) == (85, "终审")


@pytest.mark.spec("SAL-SET-1", "SAL-OPP-1", severity="critical", priority="high")
@pytest.mark.parametrize(("code", "change", "field"), [
    ("won", {"probability": 90}, "probability"),
    ("lost", {"probability": 5}, "probability"),
    ("won", {"active": False}, "active"),
    ("lost", {"active": False}, "active"),
])
def test_won_and_lost_stay_fixed(api_as, code, change, field):
    admin = api_as("admin")
    stage = next(s for s in admin.sales.stages.page() if s["code"] == code)
    response = admin.sales.stages.update_response(stage['id'], change)
    assert response.status_code == 400 and list(response.json()) == [field]
    deleted = admin.sales.stages.delete_response(stage['id'])
    assert deleted.status_code == 409


@pytest.mark.spec("SAL-SET-1", severity="critical", priority="high")
@pytest.mark.parametrize("kind", ["industries", "sources"])
def test_an_industry_or_source_in_use_cannot_be_deleted(api_as, make_setting, make_customer, kind):
    row = make_setting(kind)
    admin = api_as("admin")
    field = "industry" if kind == "industries" else "source"
    make_customer(owner="rep1", **{field: row["name"]})
    response = admin.sales.setting(kind).delete_response(row['id'])
    assert response.status_code == 409
    assert "正在使用" in response.json()["detail"]
    admin.sales.setting(kind).update(row['id'], active=False)
    assert setting(admin, kind, row["id"])["active"] is False


@pytest.mark.spec("SAL-SET-1", severity="normal", priority="medium")
@pytest.mark.parametrize("kind", ["industries", "sources"])
def test_the_admin_adds_an_industry_or_source_through_the_page(page_as, api_as, uniq, kind):
    token = uniq()
    listing = SettingListPage(page_as("admin"), kind).screen.open().new().set(
        code=f"k-{token}", name=f"新类{token}", name_en=f"New {token}", order="50").save()
    expect(listing.table.row(f"新类{token}")).to_have_count(1)
    row = next(r for r in api_as("admin").sales.setting(kind).page() if r["code"] == f"k-{token}")
    api_as("admin").sales.setting(kind).delete(row['id'])


@pytest.mark.spec("SAL-SET-1", "COM-ROLE-1", severity="critical", priority="urgent")
@pytest.mark.parametrize("user", ["manager", "rep1", "finance"])
def test_only_the_admin_edits_sales_settings(api_as, page_as, user):
    api = api_as(user)
    assert api.sales.stages.create_response({"code": "x-hack", "name": "x", "name_en": "x"}).status_code == 403
    stage = next(s for s in api_as("admin").sales.stages.page() if s["code"] == "lead")
    assert api.sales.stages.update_response(stage['id'], {"probability": 99}).status_code == 403
    assert api.sales.stages.list_response().status_code == 200
    response = SettingListPage(page_as(user), "stages").screen.open_expecting_refusal()
    assert response is not None and response.status == 403


@pytest.mark.spec("SAL-SET-1", "COM-UI-3", severity="normal", priority="medium")
@pytest.mark.parametrize(("fields", "errors"), [
    ({"probability": 101}, {"probability"}),
    ({"probability": -1}, {"probability"}),
    ({"probability": "五十"}, {"probability"}),
    ({"code": "带空格 code"}, {"code"}),
    ({"code": "lead"}, {"code"}),  # taken
    ({"name": ""}, {"name"}),
])
def test_invalid_stage_input_is_refused(api_as, uniq, fields, errors):
    token = uniq()
    payload = {"code": f"s-{token}", "name": f"阶段{token}", "name_en": f"Stage {token}", "order": 5,
               "probability": 20, **fields}
    response = api_as("admin").sales.stages.create_response(payload)
    assert response.status_code == 400, response.text
    assert set(response.json()) == errors


@pytest.mark.spec("SAL-SET-1", "COM-UI-3", severity="normal", priority="medium")
@pytest.mark.parametrize("text", FIELD_SAMPLE, ids=range(len(FIELD_SAMPLE)))
def test_hostile_setting_names_are_stored_exactly_or_refused(api_as, uniq, text):
    admin = api_as("admin")
    response = admin.sales.industries.create_response({"code": f"h-{uniq()}", "name": text, "name_en": text})
    assert response.status_code in (201, 400), response.text
    if response.status_code == 400:
        assert set(response.json()) <= {"name", "name_en"}
        assert not unclear_refusal(response.json(), {"name", "name_en"}, sent=text), response.text
        return
    row = response.json()
    admin.sales.industries.delete(row['id'])
    assert (row["name"], row["name_en"]) == (text, text)


@pytest.mark.spec("SAL-SET-1", "COM-UI-2", severity="normal", priority="low")
@pytest.mark.parametrize(("language", "message"), [
    ("zh-hans", "赢单的概率固定为 100，输单固定为 0"),
    ("en", "The probability of won is always 100 and of lost always 0"),
])
def test_the_fixed_probability_message_is_localised(api_as, language, message):
    admin = api_as("admin", language=language)
    stage = next(s for s in admin.sales.stages.page() if s["code"] == "won")
    response = admin.sales.stages.update_response(stage['id'], {"probability": 99})
    assert response.json()["probability"] == [message]
