"""COM-AUTH-1, COM-ROLE-1, COM-API-1, COM-OPS-1: who may reach what, and the published API."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from pages.generic_page import GenericPage
from pages.labels import both
from pages.sales.customers import CustomerListPage
from suite.api.client import api_path

pytestmark = pytest.mark.area("Common", "访问控制")

PAGES = ["/", "/sales/", "/sales/customers/", "/sales/customers/new/", "/sales/contacts/", "/expense/", "/service/"]


@pytest.mark.spec("COM-AUTH-1", severity="critical", priority="urgent")
@pytest.mark.parametrize("path", PAGES)
def test_an_anonymous_visitor_is_sent_to_login(anon_page, path):
    GenericPage(anon_page).open_expecting_login(path)
    expect(anon_page).to_have_url(re.compile(r"/login/\?next=" + re.escape(path)))


@pytest.mark.spec("COM-AUTH-1", "COM-API-1", severity="critical", priority="urgent")
@pytest.mark.parametrize("path", [api_path("customers"), api_path("contacts"), api_path("users"),
                                  api_path("auth", "me")])
def test_the_api_answers_401_to_an_anonymous_request(anon_api, path):
    response = anon_api.get(path)
    assert response.status_code == 401
    assert "results" not in response.text


@pytest.mark.spec("COM-OPS-1", severity="critical", priority="high")
def test_health_reports_the_app_and_the_database_without_login(anon_api):
    body = anon_api.expect(anon_api.get("/healthz"), 200)
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["version"]


@pytest.mark.spec("COM-API-1", severity="normal", priority="medium")
def test_the_openapi_schema_is_published_and_describes_the_api(anon_api):
    response = anon_api.get("/api/schema/", headers={"Accept": "application/vnd.oai.openapi+json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in (api_path("customers"), api_path("contacts"), api_path("auth", "login")):
        assert path in schema["paths"], f"{path} missing from the schema"


@pytest.mark.spec("COM-ROLE-1", severity="critical", priority="high")
@pytest.mark.parametrize("user", ["finance", "engineer", "svcmanager"])
def test_roles_outside_sales_get_403_on_the_sales_customer_pages(page_as, user):
    page = page_as(user)
    response = CustomerListPage(page).screen.open_expecting_refusal()
    assert response is not None and response.status == 403
    expect(GenericPage(page).heading).to_have_text(both("无权访问", "Access denied"))


@pytest.mark.spec("COM-ROLE-1", severity="critical", priority="urgent")
@pytest.mark.parametrize("user", ["engineer", "finance"])
def test_roles_that_may_not_write_customers_get_403_from_the_api(api_as, user, uniq):
    response = api_as(user).sales.customers.create_response({"name": f"Forbidden {uniq()}", "owner": 1})
    assert response.status_code == 403
