"""e-Service settings (系统设置): SVC-SYS-1 — SLA per priority, the surveys switch, products and fault categories."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from pages.service.faults import FaultFormPage
from pages.service.settings import ServiceSettingsPage

pytestmark = pytest.mark.area("e-Service", "系统设置")


@pytest.mark.spec("SVC-SYS-1", "SVC-FLT-2", severity="critical", priority="high")
def test_the_service_manager_changes_an_sla_and_switches_surveys_off(page_as, sla_settings):
    page = ServiceSettingsPage(page_as("svcmanager")).screen.open()
    expect(page.sla_field("P1", "response")).to_have_value("2")
    page.set_sla("P2", 6, 36)
    page.surveys_enabled.set_checked(False)
    page.save()
    expect(page.screen.toast.success).to_have_text("售后设置已保存")
    expect(page.sla_field("P2", "resolution")).to_have_value("36")
    expect(page.surveys_enabled).not_to_be_checked()
    assert sla_settings.service.sla_of("P2") == (6, 36)
    assert sla_settings.service.settings.get()["surveys_enabled"] is False


@pytest.mark.spec("SVC-SYS-1", "COM-UI-3", severity="normal", priority="medium")
@pytest.mark.parametrize(("response", "resolution", "field"), [(10, 5, "resolution"), (0, 8, "response"),
                                                               ("two", 8, "response"), (2, 99999, "resolution")],
                         ids=["resolution-shorter", "zero", "not-a-number", "too-long"])
def test_an_invalid_sla_is_refused_next_to_its_field(page_as, sla_settings, response, resolution, field):
    page = ServiceSettingsPage(page_as("svcmanager")).screen.open()
    page.set_sla("P3", response, resolution).save_expecting_errors()
    expect(page.sla_field("P3", field)).to_have_attribute("aria-invalid", "true")
    assert sla_settings.service.sla_of("P3") == (8, 72)


@pytest.mark.spec("SVC-SYS-1", severity="normal", priority="medium")
def test_a_new_product_becomes_selectable_on_new_tickets(page_as, api_as, uniq):
    code = f"p-{uniq()}"
    page = ServiceSettingsPage(page_as("admin")).screen.open()
    form = page.new_product()
    page = form.fill(code=code, name=f"边缘网关 {code}", name_en=f"Edge gateway {code}", order="50").save()
    expect(page.products.row(code)).to_contain_text(f"边缘网关 {code}")
    ticket_form = FaultFormPage(page.page).screen.open_new()
    expect(ticket_form.product_options(f"边缘网关 {code}")).to_have_count(1)
    admin = api_as("admin")
    product = admin.service.product_by_code(code)
    admin.service.products.update(product['id'], active=False)
    ticket_form.screen.open_new()
    expect(ticket_form.product_options(f"边缘网关 {code}")).to_have_count(0)


@pytest.mark.spec("SVC-SYS-1", "COM-UI-3", severity="minor", priority="low")
def test_a_duplicate_product_code_is_refused(api_as):
    response = api_as("svcmanager", "en").service.products.create_response({"code": "router-x1", "name": "重复",
                                                                   "name_en": "Duplicate"})
    assert response.status_code == 400 and "code" in response.json()


@pytest.mark.spec("SVC-SYS-1", "COM-ROLE-1", severity="critical", priority="high")
@pytest.mark.parametrize("user", ["engineer", "rep2", "finance"])
def test_only_service_management_changes_settings(page_as, api_as, user):
    assert ServiceSettingsPage(page_as(user)).screen.open_expecting_refusal().status == 403
    api = api_as(user)
    assert api.service.sla.update_response("P1", {"response_hours": 1}).status_code == 403
    assert api.service.settings.replace_response({"surveys_enabled": False}).status_code == 403
    assert api.service.products.create_response({"code": "x-hack", "name": "x", "name_en": "x"}).status_code == 403


@pytest.mark.spec("SVC-SYS-1", "COM-UI-2", severity="minor", priority="low")
def test_the_settings_page_is_translated(page_as):
    page = ServiceSettingsPage(page_as("svcmanager", language="en")).screen.open()
    expect(page.heading).to_have_text("Service settings")
    expect(page.sla_field("P4", "resolution")).to_have_value(re.compile(r"^\d+$"))
    expect(page.surveys_enabled).to_be_visible()
