"""我的报销: the claim rules checked at API level (numbers, amounts, dates, totals, receipts, limits, states)."""

from __future__ import annotations

import datetime
import re
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from pages.expense.settlement import SettlementPage
from pages.expense.workflow import ApprovalInboxPage, ClaimDetailPage, ClaimFormPage, ClaimListPage
from suite.api.client import api_path
from suite.checks.assertions import assert_no_mojibake, read_csv_export
from suite.checks.messages import unclear_refusal
from suite.data.expense import (
    LineData,
    line_data,
    oversized_png,
    pdf_bytes,
    png_bytes,
    text_renamed_png,
)
from suite.data.hostile import FIELD_SAMPLE

pytestmark = pytest.mark.area("e-Expense", "我的报销")


NUMBER_RE = re.compile(r"^EXP-(\d{6})-(\d{4})$")


def _line(today, amount="50.00", category="meals", days=1, description="工作餐"):
    return LineData(date=(today - datetime.timedelta(days=days)).isoformat(), category=category, amount=amount,
                    description=description)


RECEIPT_TYPES = {"taxi.png": "image/png", "hotel.pdf": "application/pdf", "hotel-scan.bin": "application/pdf"}


@pytest.fixture
def draft(make_claim, page_as):
    claim = make_claim(amounts=())
    return claim, ClaimDetailPage(page_as("rep1")).screen.open(claim["id"])


def _inbox(page, text):
    """The inbox narrowed to ``text`` (a number, or the test's token): a long-lived deployment's inbox holds more
    than one page, so an unsearched first page could miss the record, and a "not there" would prove nothing."""
    return ApprovalInboxPage(page).open_searching(text)


def claim_page_id(page) -> int:
    return int(re.search(r"/claims/(\d+)/", page.url).group(1))


@pytest.mark.spec("EXP-CLM-4", "EXP-CLM-1", severity="critical", priority="high")
@pytest.mark.exclusive("expects the next claim number: a submit of another check beside it would take it")
def test_a_submitted_claim_gets_the_next_number_of_its_month(api_as, make_claim, server_today):
    rep1 = api_as("rep1")
    first = make_claim(to="submitted")
    second = make_claim(to="submitted")
    month = server_today.strftime("%Y%m")
    a, b = NUMBER_RE.match(first["number"]), NUMBER_RE.match(second["number"])
    assert a and b, (first["number"], second["number"])
    assert a.group(1) == month == b.group(1)
    assert int(b.group(2)) == int(a.group(2)) + 1
    assert rep1.expense.claims.get(first["id"])["number"] == first["number"]


@pytest.mark.spec("EXP-CLM-4", severity="critical", priority="high")
@pytest.mark.exclusive("takes consecutive claim numbers: a submit of another check beside it would take one between")
def test_claim_numbers_have_no_gaps_or_duplicates_under_parallel_submits(api_as, make_claim, new_api):
    """Eight claims of two employees submitted at the same moment from four sessions (eight threads)."""
    sessions = {"rep1": [api_as("rep1"), new_api("rep1")], "rep2": [api_as("rep2"), new_api("rep2")]}
    jobs = []
    for index in range(8):
        user = ("rep1", "rep2")[index % 2]
        jobs.append((sessions[user][(index // 2) % 2], make_claim(user=user)["id"]))
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        responses = list(pool.map(lambda job: job[0].expense.claims.action_response(job[1], "submit"), jobs))
    assert [r.status_code for r in responses] == [200] * len(jobs), [r.text[:200] for r in responses]
    numbers = sorted(r.json()["number"] for r in responses)
    sequence = [int(NUMBER_RE.match(n).group(2)) for n in numbers]
    assert len(set(numbers)) == len(numbers)
    assert sequence == list(range(sequence[0], sequence[0] + len(numbers))), numbers


@pytest.mark.spec("EXP-CLM-4", "EXP-PRJ-2", severity="critical", priority="high")
@pytest.mark.exclusive("expects the next claim number: a submit of another check beside it would take it")
def test_a_refused_submit_does_not_use_up_a_number(api_as, make_claim, make_project):
    tight = make_project(budget="100.00")
    before = make_claim(to="submitted")
    refused = make_claim(amounts=("150.00",), project=tight["code"])
    rep1 = api_as("rep1")
    response = rep1.expense.claims.action_response(refused["id"], "submit")
    assert response.status_code == 400, response.text
    assert rep1.expense.claims.get(refused["id"])["number"] is None
    after = make_claim(to="submitted")
    assert int(after["number"][-4:]) == int(before["number"][-4:]) + 1


@pytest.mark.spec("EXP-CLM-1", severity="critical", priority="high")
def test_the_total_is_the_exact_decimal_sum_of_the_lines(make_claim):
    claim = make_claim(amounts=("12.70", "3.10"))
    assert claim["total"] == "15.80"
    small = make_claim(amounts=("0.70", "0.10"))
    assert small["total"] == "0.80"
    assert sum(Decimal(line["amount"]) for line in claim["lines"]) == Decimal(claim["total"])


@pytest.mark.spec("EXP-CLM-1", severity="normal", priority="medium")
@pytest.mark.parametrize("amount", ["0", "0.00", "-5.00", "12.345", "abc", "NaN", "Infinity", "1e400", "",
                                    "9999999999999.99"])
def test_a_line_amount_must_be_positive_with_two_decimals(api_as, make_claim, server_today, amount):
    claim = make_claim(amounts=())
    rep1 = api_as("rep1")
    response = rep1.expense.add_line_response(claim["id"], _line(server_today, amount=amount))
    assert response.status_code == 400, response.text
    assert "amount" in response.json()
    assert rep1.expense.claims.get(claim["id"])["lines"] == []


@pytest.mark.spec("EXP-CLM-1", severity="normal", priority="medium")
@pytest.mark.parametrize("days, accepted", [(-1, False), (0, True), (90, True), (91, False)],
                         ids=["tomorrow", "today", "90-days-ago", "91-days-ago"])
def test_a_line_date_is_not_in_the_future_nor_older_than_90_days(api_as, make_claim, server_today, days,
                                                                  accepted):
    claim = make_claim(amounts=())
    rep1 = api_as("rep1")
    response = rep1.expense.add_line_response(claim["id"], _line(server_today, days=days))
    if accepted:
        assert response.status_code == 201, response.text
    else:
        assert response.status_code == 400, response.text
        assert response.json()["date"]


@pytest.mark.spec("EXP-CLM-1", severity="normal", priority="medium")
def test_line_date_window_follows_the_server_clock(api_as, make_claim, set_clock, server_today):
    claim = make_claim(amounts=())
    line = _line(server_today, days=30)
    set_clock(datetime.datetime.combine(server_today + datetime.timedelta(days=70), datetime.time(10),
                                        tzinfo=datetime.timezone(datetime.timedelta(hours=8))))
    rep1 = api_as("rep1")
    response = rep1.expense.add_line_response(claim["id"], line)
    assert response.status_code == 400
    assert "90" in response.json()["date"][0]


@pytest.mark.spec("EXP-CLM-2", severity="critical", priority="high")
@pytest.mark.parametrize("name, content, mime", [
    ("taxi.png", png_bytes(), "image/png"),
    ("hotel.pdf", pdf_bytes("Hotel invoice"), "application/pdf"),
    ("hotel-scan.bin", pdf_bytes("Scan"), "application/octet-stream"),
], ids=["png", "pdf", "pdf-with-odd-name-and-type"])
def test_a_line_above_the_threshold_accepts_an_image_or_pdf_receipt(api_as, make_claim, server_today, name,
                                                                    content, mime):
    claim = make_claim(amounts=())
    rep1 = api_as("rep1")
    response = rep1.expense.add_line_response(claim["id"], _line(server_today, amount="450.00", category="lodging"),
                                              receipt=(name, content, mime))
    assert response.status_code == 201, response.text
    line = response.json()
    assert line["has_receipt"] is True
    download = rep1.get(line["receipt_url"])
    assert download.status_code == 200
    assert download.content == content
    # served as what the file is (a PDF sent as application/octet-stream is still a PDF)
    assert download.headers["Content-Type"] == RECEIPT_TYPES[name]


@pytest.mark.spec("EXP-CLM-2", severity="critical", priority="high")
@pytest.mark.parametrize("name, content, mime, expected", [
    ("invoice.png", text_renamed_png(), "image/png", ("图片", "PDF")),
    ("huge.png", oversized_png(), "image/png", ("5 MB",)),
    ("empty.png", b"", "image/png", ("",)),
], ids=["text-renamed-png", "over-5mb", "empty"])
def test_a_receipt_is_checked_by_content_and_size(api_as, make_claim, server_today, name, content, mime,
                                                  expected):
    claim = make_claim(amounts=())
    rep1 = api_as("rep1")
    response = rep1.expense.add_line_response(claim["id"], _line(server_today, amount="450.00", category="lodging"),
                                              receipt=(name, content, mime))
    assert response.status_code == 400, response.text
    message = " ".join(response.json()["receipt"])
    assert all(part in message for part in expected), message
    assert rep1.expense.claims.get(claim["id"])["lines"] == []


@pytest.mark.spec("EXP-CLM-2", severity="critical", priority="high")
def test_a_line_above_the_threshold_without_a_receipt_is_refused(api_as, make_claim, server_today):
    claim = make_claim(amounts=())
    rep1 = api_as("rep1")
    response = rep1.expense.add_line_response(claim["id"], _line(server_today, amount="200.01", category="lodging"))
    assert response.status_code == 400
    assert "200.00" in response.json()["receipt"][0]
    at_threshold = rep1.expense.add_line_response(claim["id"], _line(server_today, amount="200.00", category="lodging"))
    assert at_threshold.status_code == 201, at_threshold.text


@pytest.mark.spec("EXP-CLM-2", "EXP-SYS-2", severity="normal", priority="medium")
def test_the_receipt_threshold_comes_from_the_settings(api_as, make_claim, server_today, expense_thresholds):
    expense_thresholds(receipt_threshold="50.00")
    claim = make_claim(amounts=())
    rep1 = api_as("rep1")
    response = rep1.expense.add_line_response(claim["id"], _line(server_today, amount="60.00"))
    assert response.status_code == 400
    assert "50.00" in response.json()["receipt"][0]


@pytest.mark.spec("EXP-CLM-3", severity="critical", priority="high")
@pytest.mark.parametrize("language, expected", [("zh-hans", "限额 500.00"), ("en", "limit of 500.00")])
def test_a_line_above_the_employee_types_limit_is_refused_naming_the_limit(api_as, make_claim, server_today,
                                                                           language, expected):
    claim = make_claim(amounts=())
    rep1 = api_as("rep1", language=language)
    response = rep1.expense.add_line_response(claim["id"], _line(server_today, amount="500.01"),
                                              receipt=("meal.png", png_bytes(), "image/png"))
    assert response.status_code == 400, response.text
    assert expected in response.json()["amount"][0]
    at_limit = rep1.expense.add_line_response(claim["id"], _line(server_today, amount="500.00"),
                                              receipt=("meal.png", png_bytes(), "image/png"))
    assert at_limit.status_code == 201, at_limit.text


@pytest.mark.spec("EXP-CLM-3", severity="normal", priority="medium")
def test_limits_differ_by_employee_type(api_as, make_claim, server_today):
    """A manager (经理: meals 1000.00) may claim a meal that a rep (销售代表: 500.00) may not."""
    claim = make_claim(user="manager", amounts=())
    manager = api_as("manager")
    response = manager.expense.add_line_response(claim["id"], _line(server_today, amount="800.00"),
                                                 receipt=("meal.png", png_bytes(), "image/png"))
    assert response.status_code == 201, response.text


@pytest.mark.spec("EXP-CLM-4", severity="critical", priority="high")
def test_withdraw_before_the_first_approval_returns_the_claim_to_draft(api_as, make_claim):
    claim = make_claim(to="submitted")
    rep1 = api_as("rep1")
    body = rep1.expense.claims.action(claim["id"], "withdraw")
    assert body["status"] == "draft"
    assert body["number"] == claim["number"]
    assert not api_as("manager").expense.in_inbox(claim["number"])


@pytest.mark.spec("EXP-CLM-4", severity="critical", priority="high")
def test_a_claim_cannot_be_withdrawn_after_the_manager_approved_it(api_as, make_claim):
    claim = make_claim(to="manager_approved")
    rep1 = api_as("rep1")
    response = rep1.expense.claims.action_response(claim["id"], "withdraw")
    assert response.status_code == 409, response.text
    assert rep1.expense.claims.get(claim["id"])["status"] == "manager_approved"


@pytest.mark.spec("EXP-CLM-4", severity="critical", priority="high")
@pytest.mark.parametrize("state", ["submitted", "manager_approved", "paid"])
def test_only_draft_and_rejected_claims_can_be_edited(api_as, make_claim, server_today, state):
    claim = make_claim(to=state)
    rep1 = api_as("rep1")
    assert rep1.expense.claims.update_response(claim['id'], {"title": "改标题"}).status_code == 409
    assert rep1.expense.add_line_response(claim["id"], _line(server_today)).status_code == 409
    line_id = claim["lines"][0]["id"]
    assert rep1.expense.claim_lines.delete_response(line_id).status_code == 409
    assert rep1.expense.claims.get(claim["id"])["total"] == claim["total"]


@pytest.mark.spec("EXP-CLM-4", severity="critical", priority="high")
def test_a_rejected_claim_is_edited_and_resubmitted_with_the_same_number(api_as, make_claim, server_today):
    claim = make_claim(to="submitted")
    manager, rep1 = api_as("manager"), api_as("rep1")
    manager.expense.claims.action(claim["id"], "reject", comment="缺少发票说明")
    rep1.expense.claims.update(claim['id'], title=claim["title"] + " 补充")
    rep1.expect(rep1.expense.add_line_response(claim["id"], _line(server_today, amount="20.00")), 201)
    again = rep1.expense.claims.action(claim["id"], "submit")
    assert again["status"] == "submitted"
    assert again["number"] == claim["number"]
    assert Decimal(again["total"]) == Decimal(claim["total"]) + Decimal("20.00")


@pytest.mark.spec("EXP-CLM-4", severity="normal", priority="medium")
def test_a_claim_without_lines_cannot_be_submitted(api_as, make_claim):
    claim = make_claim(amounts=())
    rep1 = api_as("rep1")
    response = rep1.expense.claims.action_response(claim["id"], "submit")
    assert response.status_code == 400
    assert rep1.expense.claims.get(claim["id"])["status"] == "draft"


@pytest.mark.spec("EXP-CLM-4", severity="normal", priority="medium")
def test_a_numbered_claim_cannot_be_deleted_but_a_fresh_draft_can(api_as, make_claim):
    rep1 = api_as("rep1")
    numbered = make_claim(to="submitted")
    rep1.expense.claims.action(numbered["id"], "withdraw")
    assert rep1.expense.claims.delete_response(numbered['id']).status_code == 409
    fresh = make_claim()
    assert rep1.expense.claims.delete_response(fresh['id']).status_code == 204
    assert rep1.expense.claims.get_response(fresh['id']).status_code == 404


@pytest.mark.spec("EXP-CLM-5", "EXP-PRJ-1", severity="critical", priority="high")
def test_a_claim_charged_to_a_project_moves_its_spend_when_approved(api_as, make_claim, make_project):
    project = make_project(budget="5000.00")
    claim = make_claim(amounts=("300.00", "120.50"), category="meals", project=project["code"], to="submitted")
    admin = api_as("admin")
    assert admin.expense.projects.get_response(project['id']).json()["spend"] == "0.00"
    manager = api_as("manager")
    manager.expense.claims.action(claim["id"], "approve")
    after = admin.expense.projects.get_response(project['id']).json()
    assert after["spend"] == "420.50"
    assert after["utilisation"] == "8.4"


@pytest.mark.spec("COM-UI-3", "EXP-CLM-1", severity="normal", priority="medium")
@pytest.mark.parametrize("text", FIELD_SAMPLE)
def test_hostile_claim_titles_are_stored_exactly_or_refused_clearly(api_as, make_claim, text):
    rep1 = api_as("rep1")
    response = rep1.expense.claims.create_response({"title": text})
    if response.status_code == 201:
        claim = response.json()
        try:
            assert rep1.expense.claims.get(claim["id"])["title"] == text.strip()
        finally:
            rep1.expense.claims.delete_response(claim['id'])
    else:
        assert response.status_code == 400, response.text
        assert not unclear_refusal(response.json(), {"title"}, sent=text), response.text


@pytest.mark.spec("COM-UI-3", "EXP-CLM-1", severity="normal", priority="medium")
@pytest.mark.parametrize("text", FIELD_SAMPLE)
def test_hostile_line_descriptions_are_stored_exactly_or_refused_clearly(api_as, make_claim, server_today, text):
    claim = make_claim(amounts=())
    rep1 = api_as("rep1")
    response = rep1.expense.add_line_response(claim["id"], _line(server_today, description=text))
    if response.status_code == 201:
        assert response.json()["description"] == text.strip()
    else:
        assert response.status_code == 400, response.text
        assert not unclear_refusal(response.json(), {"description"}, sent=text), response.text


@pytest.mark.spec("COM-ROLE-1", "EXP-CLM-4", severity="critical", priority="urgent")
def test_another_employees_claim_is_not_found_and_cannot_be_changed(api_as, make_claim, server_today):
    claim = make_claim(user="rep1")
    rep2 = api_as("rep2")
    assert rep2.expense.claims.get_response(claim['id']).status_code == 404
    assert rep2.expense.claims.update_response(claim['id'], {"title": "x"}).status_code == 404
    assert rep2.expense.claims.action_response(claim["id"], "submit").status_code == 404
    assert rep2.expense.add_line_response(claim["id"], _line(server_today)).status_code == 400
    assert rep2.get(f"/expense/claims/{claim['id']}/").status_code == 404
    assert claim["id"] not in {c["id"] for c in rep2.expense.claims.list()}


@pytest.mark.spec("COM-AUTH-1", "COM-API-1", severity="critical", priority="high")
@pytest.mark.parametrize("path", [api_path(name) for name in ("claims", "advances", "approvals", "projects",
                                                                "my-settings", "expense-report")])
def test_the_expense_api_answers_401_to_anonymous_requests(anon_api, path):
    assert anon_api.get(path).status_code == 401


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


@pytest.mark.area("e-Expense", "报销流程")
@pytest.mark.spec("EXP-CLM-4", "EXP-APR-1", "EXP-PAY-1", "EXP-CLM-2", "COM-AUD-1", severity="blocker",
                  priority="urgent")
def test_rep_submits_manager_and_finance_approve_finance_pays_with_an_advance_offset(
        page_as, api_as, make_advance, make_project, fake, uniq, server_today, tmp_path):
    advance = make_advance(amount="100.00", to="disbursed")
    project = make_project(budget="20000.00")
    receipt = tmp_path / "hotel.png"
    receipt.write_bytes(png_bytes())

    rep = page_as("rep1")
    form = ClaimFormPage(rep).screen.open_new()
    title = f"{fake.city()}客户拜访 {uniq()}"
    claim_page = form.fill(title, project_label=f"{project['code']} {project['name']}").save()
    claim_page.add_line(line_data(fake, server_today, "lodging", "350.00", days=2), receipt=receipt)
    claim_page.add_line(line_data(fake, server_today, "meals", "86.40", days=1))
    expect(claim_page.total).to_have_text("436.40")
    expect(claim_page.receipt_link("350.00")).to_be_visible()
    claim_page.submit()
    expect(claim_page.screen.toast.success).to_contain_text(re.compile(r"EXP-\d{6}-\d{4}"))
    number = re.search(r"EXP-\d{6}-\d{4}", claim_page.screen.toast.success.inner_text()).group(0)
    expect(claim_page.status_badge).to_contain_text("已提交")

    finance = page_as("finance")
    expect(_inbox(finance, number).claim_link(number)).to_have_count(0)
    manager = page_as("manager")
    inbox = _inbox(manager, number)
    expect(inbox.claim_link(number)).to_be_visible()
    inbox = inbox.open_claim(number).approve("同意")
    expect(inbox.screen.toast.success).to_contain_text(number)
    expect(inbox.search(number).claim_link(number)).to_have_count(0)

    inbox = _inbox(finance, number)
    inbox = inbox.open_claim(number).approve()
    expect(inbox.search(number).claim_link(number)).to_have_count(0)
    settlement = SettlementPage(finance).screen.open()
    detail = settlement.list.search(number).open_claim(number)
    expect(detail.offset_field(advance["number"])).to_be_visible()
    detail.pay("cash", offsets={advance["number"]: "100.00"})
    expect(detail.payment_amount).to_have_text("336.40")
    expect(detail.payment_number).to_have_text(re.compile(r"^PAY-\d{6}-\d{4}$"))

    rep_view = ClaimDetailPage(rep).screen.open(claim_page_id(rep))
    expect(rep_view.detail("状态")).to_have_text("已结款")
    expect(rep_view.audit_trail.rows.filter(has_text="王经理").filter(has_text="同意")).to_have_count(1)
    assert api_as("rep1").expense.advances.get(advance["id"])["status"] == "settled"


@pytest.mark.area("e-Expense", "报销流程")
@pytest.mark.spec("EXP-CLM-4", "EXP-APR-3", severity="critical", priority="high")
def test_a_rejected_claim_is_edited_and_resubmitted(page_as, make_claim, fake, server_today):
    claim = make_claim(amounts=("66.00",), to="submitted")
    number = claim["number"]
    manager = page_as("manager")
    detail = _inbox(manager, number).open_claim(number)
    detail = detail.reject_expecting_errors("")
    expect(detail.comment_field()).to_have_accessible_description("请填写驳回原因")
    inbox = detail.reject("请补充参会人员说明")
    expect(inbox.search(number).claim_link(number)).to_have_count(0)

    rep = page_as("rep1")
    mine = ClaimDetailPage(rep).screen.open(claim["id"])
    expect(mine.detail("状态")).to_have_text("已驳回")
    expect(mine.detail("审批意见")).to_have_text("请补充参会人员说明")
    form = mine.edit()
    mine = form.fill(claim["title"] + " 已补充").save()
    mine.add_line(line_data(fake, server_today, "transport", "34.00", days=1))
    expect(mine.total).to_have_text("100.00")
    mine.submit()
    expect(mine.detail("报销单号")).to_have_text(number)
    expect(mine.detail("状态")).to_have_text("已提交")
    expect(_inbox(manager, number).claim_link(number)).to_be_visible()


@pytest.mark.area("e-Expense", "报销流程")
@pytest.mark.spec("EXP-CLM-4", severity="critical", priority="high")
def test_the_submitter_withdraws_a_claim_before_the_first_approval(page_as, make_claim):
    claim = make_claim(amounts=("52.00",))
    rep = page_as("rep1")
    mine = ClaimDetailPage(rep).screen.open(claim["id"]).submit()
    number = mine.detail("报销单号").inner_text()
    manager = page_as("manager")
    expect(_inbox(manager, number).claim_link(number)).to_be_visible()
    mine.withdraw()
    expect(mine.detail("状态")).to_have_text("草稿")
    expect(mine.edit_link).to_be_visible()
    expect(mine.withdraw_button).to_have_count(0)
    expect(_inbox(manager, number).claim_link(number)).to_have_count(0)


@pytest.mark.area("e-Expense", "报销流程")
@pytest.mark.spec("EXP-CLM-4", "EXP-APR-1", severity="critical", priority="high")
def test_after_the_first_approval_the_submitter_can_no_longer_withdraw_or_edit(page_as, make_claim):
    claim = make_claim(amounts=("52.00",), to="manager_approved")
    mine = ClaimDetailPage(page_as("rep1")).screen.open(claim["id"])
    expect(mine.detail("状态")).to_have_text("经理已批")
    expect(mine.withdraw_button).to_have_count(0)
    expect(mine.edit_link).to_have_count(0)
    expect(mine.add_line_region).to_have_count(0)
