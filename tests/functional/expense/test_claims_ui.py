"""我的报销 through the pages: lines with receipts uploaded as real files, the limits, the list and its CSV."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from pages.expense.workflow import ClaimDetailPage, ClaimFormPage, ClaimListPage
from suite.checks.assertions import assert_no_mojibake, read_csv_export
from suite.data.expense import line_data, oversized_png, pdf_bytes, png_bytes, text_renamed_png

pytestmark = pytest.mark.area("e-Expense", "我的报销")


@pytest.fixture
def draft(make_claim, page_as):
    claim = make_claim(amounts=())
    return claim, ClaimDetailPage(page_as("rep1")).screen.open(claim["id"])


@pytest.mark.spec("EXP-CLM-2", severity="critical", priority="high")
@pytest.mark.parametrize("name, content", [("taxi.png", png_bytes()), ("invoice.pdf", pdf_bytes("Invoice"))],
                         ids=["png", "pdf"])
def test_a_receipt_file_is_uploaded_with_the_line(draft, fake, server_today, tmp_path, name, content):
    _claim, page = draft
    receipt = tmp_path / name
    receipt.write_bytes(content)
    page.add_line(line_data(fake, server_today, "lodging", "388.00"), receipt=receipt)
    link = page.receipt_link("388.00")
    expect(link).to_be_visible()
    response = page.page.request.get(link.get_attribute("href"))
    assert response.body() == content


@pytest.mark.spec("EXP-CLM-2", severity="critical", priority="high")
@pytest.mark.parametrize("name, make, message", [
    ("photo.png", text_renamed_png, "收据必须是图片（PNG、JPEG、GIF 或 WebP）或 PDF；该文件的内容都不是"),
    ("big.png", oversized_png, "收据文件超过 5 MB"),
    (None, None, "金额超过 200.00 的明细必须附收据（图片或 PDF，不超过 5 MB）"),
], ids=["text-renamed-png", "over-5mb", "missing"])
def test_a_bad_or_missing_receipt_is_refused_next_to_the_field(draft, fake, server_today, tmp_path, name, make,
                                                               message):
    _claim, page = draft
    receipt = None
    if name:
        receipt = tmp_path / name
        receipt.write_bytes(make())
    page.add_line_expecting_errors(line_data(fake, server_today, "lodging", "388.00"), receipt=receipt)
    expect(page.line_field("receipt")).to_have_accessible_description(re.compile("^" + re.escape(message)))
    expect(page.lines.rows.filter(has_text="388.00")).to_have_count(0)


@pytest.mark.spec("EXP-CLM-3", "COM-UI-2", severity="critical", priority="high")
@pytest.mark.parametrize("language, message", [
    ("zh-hans", "金额超过了「招待」的限额 2,000.00（员工类型：销售代表）"),
    ("en", "The amount exceeds the limit of 2,000.00 for Entertainment (employee type 销售代表)"),
])
def test_a_line_above_the_limit_names_the_limit(make_claim, page_as, fake, server_today, tmp_path, language,
                                                message):
    claim = make_claim(amounts=())
    page = ClaimDetailPage(page_as("rep1", language=language)).screen.open(claim["id"])
    receipt = tmp_path / "dinner.png"
    receipt.write_bytes(png_bytes())
    page.add_line_expecting_errors(line_data(fake, server_today, "entertainment", "2000.01"), receipt=receipt,
                                   language=language)
    expect(page.line_field("amount")).to_have_accessible_description(message)
    assert_no_mojibake(page.line_field("amount").evaluate("e => e.getAttribute('aria-describedby')"))


@pytest.mark.spec("EXP-CLM-1", "COM-UI-3", severity="normal", priority="medium")
@pytest.mark.parametrize("amount, days, field", [("-3.00", 1, "amount"), ("1.005", 1, "amount"),
                                                  ("abc", 1, "amount"), ("30.00", -2, "date"),
                                                  ("30.00", 95, "date")])
def test_bad_amounts_and_dates_are_explained_next_to_the_field(draft, fake, server_today, amount, days, field):
    _claim, page = draft
    page.add_line_expecting_errors(line_data(fake, server_today, "meals", amount, days=days))
    expect(page.line_field(field)).to_have_attribute("aria-invalid", "true")
    expect(page.line_field(field)).not_to_have_accessible_description("")


@pytest.mark.spec("EXP-CLM-1", severity="critical", priority="high")
def test_the_page_total_is_the_exact_sum_after_adding_and_deleting_lines(draft, fake, server_today):
    _claim, page = draft
    for amount in ("12.70", "3.10", "0.10"):
        page.add_line(line_data(fake, server_today, "transport", amount))
    expect(page.total).to_have_text("15.90")
    page.delete_line("3.10")
    expect(page.total).to_have_text("12.80")


@pytest.mark.spec("EXP-PRJ-3", severity="normal", priority="high")
def test_the_claim_form_offers_only_active_projects(page_as, make_project):
    inactive = make_project(active=False)
    active = make_project()
    form = ClaimFormPage(page_as("rep1")).screen.open_new()
    options = form.project_options()
    expect(options.filter(has_text=active["code"])).to_have_count(1)
    expect(options.filter(has_text=inactive["code"])).to_have_count(0)
    expect(options.filter(has_text="OLD-001")).to_have_count(0)


@pytest.mark.spec("COM-UI-3", "EXP-CLM-1", severity="normal", priority="medium")
@pytest.mark.parametrize("title", ["", "A" * 101, "标题\x07响铃"], ids=["empty", "101-chars", "control-char"])
def test_a_bad_claim_title_is_explained(page_as, title):
    form = ClaimFormPage(page_as("rep1")).screen.open_new()
    form.fill(title).save_expecting_errors()
    expect(form.field("title")).to_have_attribute("aria-invalid", "true")


@pytest.mark.spec("COM-UI-4", "EXP-CLM-4", severity="normal", priority="medium")
def test_my_claims_filter_by_status_and_export_csv(page_as, make_claim, tmp_path):
    submitted = make_claim(to="submitted")
    draft_claim = make_claim()
    page = ClaimListPage(page_as("rep1")).screen.open().list.filter(status="已提交")
    expect(page.table.row(submitted["number"])).to_have_count(1)
    expect(page.table.row(draft_claim["title"])).to_have_count(0)
    rows = read_csv_export(page.list.export_csv(tmp_path))
    assert rows and all(row["状态"] == "已提交" for row in rows)
    assert submitted["number"] in {row["报销单号"] for row in rows}


@pytest.mark.spec("COM-ROLE-1", severity="critical", priority="urgent")
def test_a_rep_opening_another_reps_claim_by_url_gets_404(page_as, make_claim):
    claim = make_claim(user="rep2")
    page = page_as("rep1")
    response = ClaimDetailPage(page).screen.open_expecting_refusal(claim["id"])
    assert response.status == 404
    assert page.request.get(f"/expense/claims/{claim['id']}/lines/1/receipt/").status == 404
