"""e-Sales customers (客户): SAL-CUS-1..6 with the list rules of COM-UI-4 and the roles of COM-ROLE."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from pages.sales.customers import COLUMNS, CustomerDetailPage, CustomerFormPage, CustomerListPage
from suite.checks.assertions import assert_layout_intact, assert_no_mojibake, read_csv_export
from suite.checks.forms import is_localised
from suite.data.hostile import FIELD_SAMPLE
from suite.data.sales import customer_data, landline

pytestmark = pytest.mark.area("e-Sales", "客户")

# SAL-CUS-2's message for a phone in none of the three formats (ecrm/common/validators.py validate_phone).
PHONE_FORMATS = "请输入大陆手机号（13–19 开头的 11 位数字）、座机号（如 010-12345678）或国际号码（如 +441234567890）"
NAME_TAKEN = re.compile(r"(名称已被客户「(?P<zh>.+)」使用|Name already used by customer “(?P<en>.+)”)")


def invalid(field):
    """The field is flagged invalid (its message is its accessible description)."""
    expect(field).to_have_attribute("aria-invalid", "true")


# -- create / edit -----------------------------------------------------------------------------------------------------
@pytest.mark.spec("SAL-CUS-2", "COM-UI-3", severity="blocker", priority="urgent")
def test_a_rep_creates_a_customer_and_sees_its_360_view(page_as, fake, uniq):
    customer = customer_data(fake, uniq, level="high")
    detail = CustomerFormPage(page_as("rep1")).screen.open_new().create_customer(customer)
    expect(detail.heading).to_have_text(customer.name)
    expect(detail.screen.toast.success).to_contain_text(customer.name)
    expect(detail.detail("电话")).to_have_text(customer.phone)
    expect(detail.detail("级别")).to_have_text("高端")
    expect(detail.detail("负责人")).to_have_text("张三")


@pytest.mark.spec("SAL-CUS-1", severity="critical", priority="high")
def test_a_duplicate_name_differing_only_in_case_is_refused_naming_the_existing_customer(page_as, make_customer, fake,
                                                                                          uniq):
    existing = make_customer(owner="rep2", name=f"Acme Holdings {uniq()}")
    form = CustomerFormPage(page_as("rep1")).screen.open_new()
    form.fill_customer(customer_data(fake, uniq, name=existing["name"].upper())).save_expecting_errors()
    invalid(form.field("name"))
    expect(form.field("name")).to_have_accessible_description(re.compile(re.escape(existing["name"])))


@pytest.mark.spec("SAL-CUS-1", severity="critical", priority="high")
def test_a_duplicate_phone_is_refused_naming_the_existing_customer(page_as, make_customer, fake, uniq):
    existing = make_customer(owner="rep1")
    form = CustomerFormPage(page_as("rep1")).screen.open_new()
    form.fill_customer(customer_data(fake, uniq, phone=existing["phone"])).save_expecting_errors()
    invalid(form.field("phone"))
    expect(form.field("phone")).to_have_accessible_description(re.compile(re.escape(existing["name"])))


@pytest.mark.spec("SAL-CUS-1", severity="critical", priority="high")
def test_the_api_refuses_a_duplicate_name_as_well(api_as, make_customer, fake, uniq):
    existing = make_customer()
    response = api_as("rep1").sales.customers.create_response({"name": existing["name"].lower()})
    assert response.status_code == 400
    assert existing["name"] in response.json()["name"][0]


@pytest.mark.spec("SAL-CUS-2", severity="normal", priority="high")
@pytest.mark.parametrize("pattern", ["138########", "199########", "010-########", "0571-#######", "+86138########",
                                     "+1415#######"],
                         ids=["mobile-138", "mobile-199", "landline-010", "landline-0571", "intl-cn", "intl-us"])
def test_valid_phone_formats_are_accepted(make_customer, uniq, pattern):
    # Each # a digit of this run's token: a phone is unique among all customers, those of earlier runs included.
    digits = iter(uniq.digits(pattern.count("#")))
    phone = "".join(next(digits) if char == "#" else char for char in pattern)
    assert make_customer(owner="rep1", phone=phone)["phone"] == phone


@pytest.mark.spec("SAL-CUS-2", "COM-UI-3", severity="normal", priority="high")
@pytest.mark.parametrize("phone", ["12812345678", "1381234567", "138123456789", "10-12345678", "+1234567",
                                   "+1234567890123456", "１３８１２３４５６７８", "phone"],
                         ids=["mobile-12x", "mobile-short", "mobile-long", "landline-bad-area", "intl-short",
                              "intl-long", "full-width-digits", "letters"])
def test_invalid_phone_formats_are_refused_next_to_the_field(page_as, fake, uniq, phone):
    form = CustomerFormPage(page_as("rep1")).screen.open_new()
    form.fill_customer(customer_data(fake, uniq, phone=phone)).save_expecting_errors()
    invalid(form.field("phone"))
    expect(form.field("phone")).to_have_accessible_description(PHONE_FORMATS)


@pytest.mark.spec("COM-UI-3", severity="normal", priority="medium")
@pytest.mark.parametrize("name", ["A", "A" * 101, "   "], ids=["one-char", "101-chars", "blank"])
def test_a_name_outside_2_to_100_characters_is_refused(page_as, fake, uniq, name):
    form = CustomerFormPage(page_as("rep1")).screen.open_new()
    form.fill_customer(customer_data(fake, uniq, name=name)).save_expecting_errors()
    invalid(form.field("name"))


@pytest.mark.spec("COM-UI-3", "COM-UI-2", severity="critical", priority="high")
@pytest.mark.parametrize("hostile", FIELD_SAMPLE, ids=[f"hostile-{index}" for index in range(len(FIELD_SAMPLE))])
def test_hostile_input_is_stored_exactly_or_refused_with_a_readable_message(page_as, fake, uniq, hostile, api_as):
    page = page_as("rep1")
    page.on("dialog", lambda dialog: pytest.fail(f"a script ran and opened a dialog: {dialog.message}"))
    token = uniq()
    name = f"{hostile} {token}"
    form = CustomerFormPage(page).screen.open_new()
    form.fill_customer(customer_data(fake, uniq, name=name, address=hostile, tags=hostile[:50]))
    form.form.submit()
    outcome = CustomerDetailPage(page).details.or_(form.form.errors)
    expect(outcome.first).to_be_visible()
    if form.form.errors.is_visible():
        assert is_localised(form.form.errors.inner_text(), "zh-hans", hostile), form.form.errors.inner_text()
        assert_no_mojibake(form.screen.main.inner_text())
    else:
        detail = CustomerDetailPage(page)
        expect(detail.heading).to_have_text(name.strip())
        stored = api_as("admin").sales.customers.list(search=token)
        assert [item["name"] for item in stored] == [name.strip()], "the name must read back exactly"
    assert page.evaluate("() => window.__xss") is None


@pytest.mark.spec("SAL-CUS-2", "COM-UI-3", severity="normal", priority="medium")
def test_editing_a_customer_saves_the_changes(page_as, make_customer, fake):
    customer = make_customer(owner="rep1")
    new_phone = landline(fake)
    detail = CustomerDetailPage(page_as("rep1")).screen.open(customer["id"])
    detail = detail.edit().set(phone=new_phone, city="苏州").save()
    expect(detail.detail("电话")).to_have_text(new_phone)
    expect(detail.detail("城市")).to_have_text("苏州")


# -- list: search, filter, sort, paginate, export -----------------------------------------------------------------
@pytest.mark.spec("SAL-CUS-3", severity="normal", priority="high")
@pytest.mark.parametrize("by", ["name", "phone", "contact"])
def test_the_list_searches_by_name_phone_or_contact_name(page_as, make_customer, make_contact, by):
    customer = make_customer(owner="rep1")
    contact = make_contact(customer)
    term = {"name": customer["name"], "phone": customer["phone"], "contact": contact["name"]}[by]
    page = CustomerListPage(page_as("rep1")).screen.open().list.search(term)
    expect(page.table.row(customer["name"])).to_be_visible()
    if by != "contact":  # a common Chinese name may match other customers' contacts too
        expect(page.table.rows).to_have_count(1)


@pytest.mark.spec("SAL-CUS-3", severity="normal", priority="medium")
def test_the_list_filters_by_level_and_industry(page_as, make_customer, uniq):
    tag = uniq()
    wanted = make_customer(owner="rep1", name=f"宁波顶端 {tag}", level="top", industry="制造业")
    make_customer(owner="rep1", name=f"宁波低端 {tag}", level="low", industry="制造业")
    page = CustomerListPage(page_as("rep1")).screen.open(query=f"q={tag}")
    expect(page.table.rows).to_have_count(2)
    page.list.filter(level="顶端")
    expect(page.table.rows).to_have_count(1)
    expect(page.table.row(wanted["name"])).to_be_visible()
    page.list.filter(industry="金融")
    expect(page.empty_state).to_be_visible()


@pytest.mark.spec("SAL-CUS-3", "COM-ROLE-2", severity="normal", priority="medium")
def test_the_manager_filters_the_teams_customers_by_owner(page_as, customers_of_both_reps):
    tag, mine, theirs = customers_of_both_reps
    page = CustomerListPage(page_as("manager")).screen.open(query=f"q={tag}")
    expect(page.table.rows).to_have_count(2)
    page.list.filter(owner="李四")
    expect(page.table.row(theirs["name"])).to_be_visible()
    expect(page.table.row(mine["name"])).to_have_count(0)


@pytest.mark.spec("SAL-CUS-3", "COM-UI-4", severity="normal", priority="medium")
@pytest.mark.parametrize("column", ["name", "phone", "city"])
def test_the_list_sorts_by_a_column_both_ways(page_as, make_customer, uniq, column):
    tag = uniq()
    for index, city in enumerate(["Beijing", "Chengdu", "Anshan"]):
        make_customer(owner="rep1", name=f"{'CAB'[index]} sort {tag}", city=city)
    page = CustomerListPage(page_as("rep1")).screen.open(query=f"q={tag}")
    expect(page.table.rows).to_have_count(3)
    page.list.sort_by(column)
    expect(page.table.header(COLUMNS[column])).to_have_attribute("aria-sort", "ascending")
    ascending = page.table.column(COLUMNS[column])
    assert ascending == sorted(ascending)
    page.list.sort_by(column)
    expect(page.table.header(COLUMNS[column])).to_have_attribute("aria-sort", "descending")
    assert page.table.column(COLUMNS[column]) == sorted(ascending, reverse=True)


@pytest.mark.spec("COM-UI-4", severity="normal", priority="medium")
def test_the_list_paginates_at_20_rows(page_as, api_as, fake, uniq):
    tag = uniq()
    admin = api_as("admin")
    made = [admin.sales.create_customer(customer_data(fake, uniq, owner="rep2",
                                                      name=f"分页 {tag} {index:02}").as_dict()) for index in range(23)]
    try:
        page = CustomerListPage(page_as("rep2")).screen.open(query=f"q={tag}&sort=name")
        expect(page.controls.result_count).to_have_attribute("data-count", "23")
        expect(page.table.rows).to_have_count(20)
        expect(page.controls.pagination).to_contain_text("第 1 / 2 页")
        page.list.next_page()
        expect(page.table.rows).to_have_count(3)
        expect(page.table.row(f"分页 {tag} 22")).to_be_visible()
        expect(page.controls.next_link).to_have_count(0)
    finally:
        for customer in made:
            admin.sales.customers.delete_response(customer["id"])


@pytest.mark.spec("COM-UI-4", "SAL-CUS-3", severity="normal", priority="high")
def test_the_csv_export_is_utf8_with_bom_and_matches_the_filtered_list(page_as, make_customer, uniq, tmp_path):
    tag = uniq()
    first = make_customer(owner="rep1", name=f"杭州导出测试甲 {tag}", city="杭州")
    second = make_customer(owner="rep1", name=f"杭州导出测试乙 {tag}", city="杭州")
    page = CustomerListPage(page_as("rep1")).screen.open(query=f"q={tag}")
    expect(page.table.rows).to_have_count(2)
    rows = read_csv_export(page.list.export_csv(tmp_path))
    assert sorted(row["名称"] for row in rows) == sorted([first["name"], second["name"]])
    assert {row["城市"] for row in rows} == {"杭州"}
    assert {row["负责人"] for row in rows} == {"张三"}


# -- 360° view, archive ------------------------------------------------------------------------------------------
@pytest.mark.spec("SAL-CUS-4", severity="critical", priority="high")
def test_the_360_view_shows_contacts_opportunities_and_every_service_section(page_as, make_customer, make_contact,
                                                                              make_opportunity):
    customer = make_customer(owner="rep1")
    contact = make_contact(customer, is_primary=True)
    opportunity = make_opportunity(customer)
    detail = CustomerDetailPage(page_as("rep1")).screen.open(customer["id"])
    expect(detail.panel("contacts")).to_contain_text(contact["name"])
    expect(detail.panel("opportunities")).to_contain_text(opportunity["name"])
    for key in ("activities", "faults", "rmas", "surveys"):
        expect(detail.panel(key)).to_be_visible()


@pytest.mark.spec("SAL-CUS-5", severity="critical", priority="high")
def test_archiving_hides_the_customer_but_never_destroys_it(page_as, make_customer):
    customer = make_customer(owner="rep1")
    page = page_as("rep1")
    detail = CustomerDetailPage(page).screen.open(customer["id"]).archive()
    expect(detail.screen.toast.success).to_contain_text(customer["name"])
    expect(detail.archived_badge).to_be_visible()
    listing = CustomerListPage(page).screen.open().list.search(customer["name"])
    expect(listing.empty_state).to_be_visible()
    listing.list.filter(status="已归档")
    expect(listing.table.row(customer["name"])).to_be_visible()


@pytest.mark.spec("SAL-CUS-5", severity="critical", priority="urgent")
def test_a_customer_with_an_open_opportunity_cannot_be_archived(page_as, make_customer, make_opportunity):
    customer = make_customer(owner="rep1")
    make_opportunity(customer, stage="proposal")
    detail = CustomerDetailPage(page_as("rep1")).screen.open(customer["id"]).archive_expecting_refusal()
    expect(detail.screen.toast.error).to_contain_text(customer["name"])
    expect(detail.archived_badge).to_have_count(0)


@pytest.mark.spec("SAL-CUS-5", "COM-API-1", severity="critical", priority="high")
def test_the_api_archive_answers_409_while_an_opportunity_is_open(api_as, make_customer, make_opportunity):
    customer = make_customer(owner="rep1")
    make_opportunity(customer)
    response = api_as("rep1").sales.customers.delete_response(customer["id"])
    assert response.status_code == 409
    assert customer["name"] in response.json()["detail"]


# -- owner and permissions ---------------------------------------------------------------------------------------
@pytest.mark.spec("SAL-CUS-6", severity="critical", priority="high")
def test_a_rep_cannot_change_the_owner(page_as, api_as, make_customer):
    customer = make_customer(owner="rep1")
    form = CustomerDetailPage(page_as("rep1")).screen.open(customer["id"]).edit()
    expect(form.field("owner")).to_be_disabled()
    rep2 = api_as("admin").user_id("rep2")
    response = api_as("rep1").sales.customers.update_response(customer['id'], {"owner": rep2})
    assert response.status_code == 403


@pytest.mark.spec("SAL-CUS-6", "COM-AUD-1", severity="critical", priority="high")
def test_the_manager_reassigns_the_owner_and_the_change_is_audited(page_as, make_customer):
    customer = make_customer(owner="rep1")
    detail = CustomerDetailPage(page_as("manager")).screen.open(customer["id"]).edit().set(owner="李四").save()
    expect(detail.detail("负责人")).to_have_text("李四")
    change = detail.audit_trail.row("李四")
    expect(change).to_contain_text("张三")
    expect(change).to_contain_text("王经理")


@pytest.mark.spec("COM-ROLE-2", severity="critical", priority="urgent")
def test_a_rep_sees_only_their_own_customers_and_the_manager_sees_the_team(page_as, customers_of_both_reps):
    tag, mine, theirs = customers_of_both_reps
    rep_list = CustomerListPage(page_as("rep1")).screen.open(query=f"q={tag}")
    expect(rep_list.table.rows).to_have_count(1)
    expect(rep_list.table.row(mine["name"])).to_be_visible()
    manager_list = CustomerListPage(page_as("manager")).screen.open(query=f"q={tag}")
    expect(manager_list.table.rows).to_have_count(2)
    expect(manager_list.table.row(theirs["name"])).to_be_visible()


@pytest.mark.spec("COM-ROLE-1", "COM-ROLE-2", severity="critical", priority="urgent")
def test_a_rep_cannot_open_another_reps_customer_by_url(page_as, make_customer):
    theirs = make_customer(owner="rep2")
    page = page_as("rep1")
    for open_by_url in (CustomerDetailPage(page).screen.open_expecting_refusal,
                        CustomerFormPage(page).open_edit_expecting_refusal):
        response = open_by_url(theirs["id"])
        assert response is not None and response.status == 404
        expect(CustomerDetailPage(page).screen.main).not_to_contain_text(theirs["name"])


@pytest.mark.spec("COM-ROLE-1", "COM-API-1", severity="critical", priority="urgent")
def test_a_rep_cannot_read_change_or_archive_another_reps_customer_through_the_api(api_as, make_customer):
    theirs = make_customer(owner="rep2")
    rep1 = api_as("rep1")
    customers = rep1.sales.customers
    assert customers.get_response(theirs["id"]).status_code == 404
    assert customers.update_response(theirs["id"], {"city": "Hacked"}).status_code == 404
    assert customers.delete_response(theirs["id"]).status_code == 404
    listed = rep1.sales.customers.list(search=theirs["name"])
    assert listed == []
    assert api_as("admin").sales.customers.get(theirs["id"])["city"] != "Hacked"


VIEWPORTS = {"320": (320, 800), "768": (768, 1024), "1280": (1280, 800), "1920": (1920, 1080)}


@pytest.mark.spec("COM-UI-1", "SAL-CUS-4", severity="minor", priority="medium")
@pytest.mark.parametrize("width", VIEWPORTS)
def test_the_360_view_fits_every_width(page_as, make_customer, make_contact, uniq, width):
    long_name = f"A customer with a rather long name to test wrapping {'长' * 20} {uniq()}"
    customer = make_customer(owner="rep1", name=long_name)
    make_contact(customer)
    detail = CustomerDetailPage(page_as("rep1", viewport=VIEWPORTS[width])).screen.open(customer["id"])
    expect(detail.panel_rows("contacts")).not_to_have_count(0)
    assert_layout_intact(detail.page)


@pytest.mark.spec("COM-UI-2", "SAL-CUS-2", severity="normal", priority="medium")
def test_english_users_get_english_field_errors(page_as, fake_en, uniq):
    form = CustomerFormPage(page_as("rep1", language="en")).screen.open_new()
    form.fill_customer(customer_data(fake_en, uniq, phone="12345")).save_expecting_errors()
    expect(form.heading).to_have_text("New customer")
    expect(form.field("phone")).to_have_accessible_description(re.compile(r"^[\x20-\x7e“”‘’–—]+$"))
