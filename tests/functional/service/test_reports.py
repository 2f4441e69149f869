"""e-Service reports (报表): SVC-RPT-1..4, each figure computed by the test from the data it seeded (a product and a
period of its own), then compared with the API, the page and the CSV export."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from playwright.sync_api import expect

from pages.service.reports import ServiceReportPage
from suite.checks.assertions import assert_layout_intact, read_csv_export
from suite.data.service import BEIJING, compliance, mean_hours

pytestmark = pytest.mark.area("e-Service", "报表")

DAY = datetime.datetime(2036, 6, 8, 9, 0, tzinfo=BEIJING)


@pytest.fixture
def seeded(api_as, make_fault, make_rma, make_unit, set_clock, svc_user_ids):
    """Tickets and RMAs of one product on 2036-06-08..10, each with a known lifetime; returns what the test knows."""
    manager = api_as("svcmanager")
    engineer_id = svc_user_ids["engineer"]
    software = manager.service.category_id("software")
    # (priority, category, hours to start, hours to resolve or None)
    plan = [("P1", None, 1, 6), ("P1", None, 3, 7), ("P2", software, 1, 30), ("P3", software, 2, 10),
            ("P3", None, 0.5, None), ("P4", None, None, None)]
    durations, met = [], 0
    statuses = []
    for index, (priority, category, start_after, resolve_after) in enumerate(plan):
        created = DAY + datetime.timedelta(minutes=10 * index)
        set_clock(created)
        fields = {"priority": priority}
        if category:
            fields["category"] = category
        ticket = make_fault(**fields)
        status = "new"
        if start_after is not None:
            manager.service.advance_fault(ticket["id"], "assigned", engineer_id)
            set_clock(created + datetime.timedelta(hours=start_after))
            manager.expect(manager.service.transition_response(ticket["id"], "start"), 200)
            status = "in_progress"
        if resolve_after is not None:
            set_clock(created + datetime.timedelta(hours=resolve_after))
            manager.expect(manager.service.transition_response(ticket["id"], "resolve", resolution="fixed"), 200)
            status = "resolved"
            durations.append(datetime.timedelta(hours=resolve_after))
            response_h, resolution_h = manager.service.sla_of(priority)
            if start_after <= response_h and resolve_after <= resolution_h:
                met += 1
        statuses.append(status)
    # Two RMAs received and shipped 36 and 60 hours apart.
    turnaround = []
    for hours in (36, 60):
        set_clock(DAY + datetime.timedelta(hours=1))
        rma = make_rma(unit=make_unit(purchase_date="2036-01-01"))
        engineer = api_as("engineer")
        engineer.service.advance_rma(rma["id"], "received")
        set_clock(DAY + datetime.timedelta(hours=1 + hours))
        engineer.expect(engineer.service.rma_step_response(rma["id"], "replace"), 200)
        engineer.expect(engineer.service.rma_step_response(rma["id"], "ship", tracking_number="YT0000000001"), 200)
        turnaround.append(hours / 24)
    return {"statuses": statuses, "durations": durations, "met": met, "software": 2, "turnaround": turnaround}


def expected_turnaround(days: list[float]) -> Decimal:
    return (Decimal(sum(days)) / len(days)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@pytest.mark.spec("SVC-RPT-1", "SVC-RPT-2", "SVC-RPT-3", "SVC-RPT-4", severity="critical", priority="high")
def test_the_report_figures_match_the_tickets_and_rmas_seeded(api_as, seeded, service_product):
    report = api_as("svcmanager").service.report.get(date_from="2036-06-01", date_to="2036-06-30",
                                                     product=service_product["id"])
    counts = {row["key"]: row["count"] for row in report["by_status"]}
    for status in ("new", "in_progress", "resolved"):
        assert counts[status] == seeded["statuses"].count(status), (status, counts)
    assert report["tickets"] == len(seeded["statuses"]) == sum(counts.values())
    assert [(r["label"], r["count"]) for r in report["by_product"]] == [(service_product["name"], 6)]
    assert {r["label"]: r["count"] for r in report["by_category"]} == {"硬件": 4, "软件": seeded["software"]}
    assert report["resolved"] == len(seeded["durations"])
    assert Decimal(report["mttr_hours"]) == mean_hours(seeded["durations"])
    assert report["sla_compliant"] == seeded["met"]
    assert Decimal(report["sla_compliance"]) == compliance(seeded["met"], len(seeded["durations"]))
    assert report["rma_shipped"] == 2
    assert Decimal(report["rma_turnaround_days"]) == expected_turnaround(seeded["turnaround"])


@pytest.mark.spec("SVC-RPT-1", "SVC-RPT-2", "SVC-RPT-3", "SVC-RPT-4", severity="normal", priority="high")
def test_the_report_page_shows_charts_tables_and_an_export_with_the_same_numbers(page_as, seeded, service_product,
                                                                                 tmp_path):
    page = ServiceReportPage(page_as("svcmanager")).screen.open().run("2036-06-01", "2036-06-30",
                                                                     service_product["name"])
    expect(page.mttr).to_have_text(str(mean_hours(seeded["durations"])))
    expect(page.sla_compliance).to_have_text(str(compliance(seeded["met"], len(seeded["durations"]))))
    expect(page.rma_turnaround).to_have_text(str(expected_turnaround(seeded["turnaround"])))
    chart = page.chart("status")
    expect(chart).to_have_attribute(
        "aria-label", "按状态统计工单: 新建 1; 已分派 0; 处理中 1; 待客户确认 0; 已解决 4; 已关闭 0")
    status_table = page.table("status")
    expect(status_table.row("已解决")).to_contain_text("4")
    expect(page.chart("product")).to_have_attribute("aria-label", f"按产品统计工单: {service_product['name']} 6")
    rows = read_csv_export(page.export_csv(tmp_path))
    by_item = {(r["报表"], r["项目"]): r["数值"] for r in rows}
    assert by_item[("按状态统计工单", "已解决")] == "4"
    assert by_item[("平均解决时间", "小时")] == str(mean_hours(seeded["durations"]))
    assert by_item[("SLA 达成率", "%")] == str(compliance(seeded["met"], len(seeded["durations"])))
    assert by_item[("按产品统计工单", service_product["name"])] == "6"


@pytest.mark.spec("SVC-RPT-1", severity="normal", priority="medium")
def test_a_period_outside_the_data_shows_zero_counts(api_as, make_fault, service_product, set_clock):
    set_clock(DAY)
    make_fault()
    report = api_as("svcmanager").service.report.get(date_from="2036-05-01", date_to="2036-05-31",
                                                     product=service_product["id"])
    assert report["tickets"] == 0 and report["mttr_hours"] is None and report["sla_compliance"] is None


@pytest.mark.spec("SVC-RPT-4", "COM-UI-3", severity="normal", priority="medium")
def test_an_inverted_period_is_refused_with_a_message(page_as, api_as):
    page = ServiceReportPage(page_as("svcmanager", language="en")).screen.open()
    page.run("2036-06-30", "2036-06-01")
    expect(page.errors).to_be_visible()
    expect(page.date_to).to_have_accessible_description("The end date cannot be before the start date")
    response = api_as("svcmanager", "en").service.report.get_response({"date_from": "2036-06-30",
                                                                   "date_to": "2036-06-01"})
    assert response.status_code == 400 and "date_to" in response.json()
    assert api_as("svcmanager").service.report.get_response({"date_from": "not-a-date"}).status_code == 400


@pytest.mark.spec("SVC-RPT-1", "COM-ROLE-1", severity="critical", priority="high")
@pytest.mark.parametrize("user", ["engineer", "manager", "finance"])
def test_only_service_management_sees_the_reports(page_as, api_as, user):
    assert ServiceReportPage(page_as(user)).screen.open_expecting_refusal().status == 403
    assert api_as(user).service.report.get_response().status_code == 403


WIDTHS = [320, 768, 1280, 1920]


@pytest.mark.area("e-Service", "界面与语言")
@pytest.mark.spec("SVC-RPT-1", "COM-UI-1", severity="minor", priority="medium")
@pytest.mark.parametrize("width", WIDTHS)
def test_the_report_page_fits_every_width(page_as, width):
    page = page_as("svcmanager", viewport=(width, 900))
    report = ServiceReportPage(page).screen.open()
    expect(report.charts.first).to_be_visible()
    assert_layout_intact(page)
