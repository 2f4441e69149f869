"""e-Service knowledge base (知识库): SVC-KB-1..3 — safe content, drafts, ranked search, views and votes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from pages.service.kb import KbArticlePage, KbListPage
from suite.data import hostile
from suite.data.service import XSS_CONTENT, XSS_GLOBALS

pytestmark = pytest.mark.area("e-Service", "知识库")


@pytest.mark.spec("SVC-KB-1", "COM-UI-3", severity="critical", priority="urgent")
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_script_event_handlers_and_javascript_links_in_an_article_stay_inert(page_as, make_article, uniq, language):
    article = make_article(title=f"Firmware notes {uniq()}", content=XSS_CONTENT)
    page = page_as("svcmanager", language=language)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    view = KbArticlePage(page).screen.open(article["id"])
    expect(view.content).to_contain_text("<script>window.__kbxss = 1;")
    expect(view.content).to_contain_text('onerror="window.__kbxss_img')
    expect(view.content_active_elements).to_have_count(0)
    links = view.content_links
    expect(links).to_have_count(1)
    expect(links).to_have_attribute("href", "https://support.example.com/safe")
    expect(view.content_text("[click here](javascript:window.__kbxss_md=1)")).to_be_visible()
    assert page.evaluate("names => names.filter(name => name in window)", list(XSS_GLOBALS)) == []
    assert dialogs == []


@pytest.mark.spec("SVC-KB-1", "COM-UI-3", severity="normal", priority="high")
@pytest.mark.parametrize("title", hostile.values("xss-img-attr", "emoji-name", "rtl-arabic"),
                         ids=["img-onerror", "emoji", "rtl"])
def test_hostile_titles_are_stored_exactly_and_shown_as_text(page_as, make_article, title):
    article = make_article(title=title)
    page = page_as("engineer")
    view = KbArticlePage(page).screen.open(article["id"])
    expect(view.heading).to_have_text(title)
    assert page.evaluate("() => window.__xss === undefined")


@pytest.mark.spec("SVC-KB-1", severity="normal", priority="high")
def test_an_author_writes_and_publishes_an_article_through_the_form(page_as, api_as, fake, uniq):
    title = f"交换机端口闪烁排查 {uniq()}"
    form = KbListPage(page_as("engineer")).screen.open().new_article()
    view = form.fill(title=title, category="硬件", status="已发布", tags="交换机, 端口",
                     content="第一段。\n\n第二段，见 [厂商说明](https://support.example.com/s24)。").save()
    expect(view.heading).to_have_text(title)
    expect(view.content_paragraphs).to_have_count(2)
    expect(view.content_link("厂商说明")).to_have_attribute("href",
                                                                            "https://support.example.com/s24")
    engineer = api_as("engineer")
    article = next(a for a in engineer.service.articles.list(search=title) if a["title"] == title)
    engineer.service.articles.delete(article['id'])


@pytest.mark.spec("SVC-KB-1", "COM-UI-3", severity="normal", priority="medium")
def test_an_article_without_title_or_content_is_refused(page_as):
    form = KbListPage(page_as("engineer")).screen.open().new_article()
    form.fill(title=" ", content="   ").save_expecting_errors()
    expect(form.field("title")).to_have_attribute("aria-invalid", "true")
    expect(form.field("content")).to_have_attribute("aria-invalid", "true")


@pytest.mark.spec("SVC-KB-1", "COM-ROLE-1", severity="critical", priority="high")
def test_a_draft_is_visible_only_to_its_author(page_as, api_as, make_article, uniq):
    draft = make_article(title=f"Draft about fans {uniq()}", status="draft", author="engineer")
    assert api_as("engineer").service.articles.get_response(draft['id']).status_code == 200
    for other in ("svcmanager", "admin"):
        assert api_as(other).service.articles.get_response(draft['id']).status_code == 404
        assert all(a["id"] != draft["id"] for a in api_as(other).service.articles.list(search=draft["title"]))
    listing = KbListPage(page_as("svcmanager")).screen.open().list.search(draft["title"])
    expect(listing.table.rows).to_have_count(0)
    assert KbArticlePage(page_as("svcmanager")).screen.open_expecting_refusal(draft["id"]).status == 404


@pytest.mark.spec("SVC-KB-1", "COM-ROLE-1", severity="normal", priority="medium")
def test_only_the_author_edits_an_article(api_as, make_article):
    article = make_article(author="engineer")
    response = api_as("svcmanager").service.articles.update_response(article['id'], {"title": "Hijacked"})
    assert response.status_code == 403
    assert api_as("engineer").service.articles.get_response(article['id']).json()["title"] == article["title"]


# -- search (SVC-KB-2) -------------------------------------------------------------------------------------------------
@pytest.mark.spec("SVC-KB-2", severity="critical", priority="high")
@pytest.mark.parametrize("query", ["zqxvpn", "ZQXVPN", "ZqxVpn"])
def test_search_ignores_case(api_as, make_article, uniq, query):
    article = make_article(title=f"zqxVPN tunnel reset {uniq()}")
    found = [a["id"] for a in api_as("engineer").service.articles.list(search=query)]
    assert article["id"] in found


@pytest.mark.spec("SVC-KB-2", severity="critical", priority="high")
def test_chinese_search_ranks_title_matches_before_content_matches(page_as, make_article, uniq):
    token = uniq()
    word = f"风扇异响{token}"
    in_content = make_article(title=f"设备维护手册 {token}", content=f"如果出现{word}，请先清洁风道。")
    in_title = make_article(title=f"{word}的处理方法", content="更换风扇模块。")
    make_article(title=f"无关文章 {token}", content="与本次搜索无关。")
    listing = KbListPage(page_as("engineer")).screen.open().list.search(word)
    expect(listing.table.rows).to_have_count(2)
    expect(listing.table.rows.nth(0)).to_contain_text(in_title["title"])
    expect(listing.table.rows.nth(1)).to_contain_text(in_content["title"])


@pytest.mark.spec("SVC-KB-2", severity="normal", priority="medium")
def test_within_a_rank_the_most_viewed_article_comes_first(api_as, make_article, uniq):
    token = uniq()
    quiet = make_article(title=f"Reset guide {token} A")
    popular = make_article(title=f"Reset guide {token} B")
    reader = api_as("svcmanager")
    for _ in range(2):
        reader.service.articles.get(popular['id'])
    ranked = [a["id"] for a in reader.service.articles.list(search=f"reset guide {token}")]
    assert ranked == [popular["id"], quiet["id"]]


# -- views and votes (SVC-KB-3) ----------------------------------------------------------------------------------------
@pytest.mark.spec("SVC-KB-3", severity="normal", priority="medium")
def test_each_reader_view_counts_but_the_authors_own_does_not(page_as, make_article):
    article = make_article(author="engineer")
    assert article["view_count"] == 0
    view = KbArticlePage(page_as("svcmanager")).screen.open(article["id"])
    expect(view.view_count).to_have_text("1")
    view.screen.open(article["id"])
    expect(view.view_count).to_have_text("2")
    own = KbArticlePage(page_as("engineer")).screen.open(article["id"])
    expect(own.view_count).to_have_text("2")


@pytest.mark.spec("SVC-KB-3", severity="critical", priority="high")
def test_a_user_has_one_vote_and_voting_again_changes_it(page_as, api_as, make_article):
    article = make_article(author="engineer")
    view = KbArticlePage(page_as("svcmanager")).screen.open(article["id"])
    view.vote(helpful=True)
    expect(view.vote_counts).to_have_text("有帮助：1 · 没帮助：0")
    view.vote(helpful=True)
    expect(view.vote_counts).to_have_text("有帮助：1 · 没帮助：0")
    view.vote(helpful=False)
    expect(view.vote_counts).to_have_text("有帮助：0 · 没帮助：1")
    admin = api_as("admin")
    admin.service.articles.action(article['id'], "vote", helpful=True)
    body = admin.service.articles.action(article['id'], "vote", helpful=True)
    assert (body["helpful"], body["not_helpful"]) == (1, 1)


@pytest.mark.spec("SVC-KB-3", "COM-UI-3", severity="minor", priority="low")
def test_a_vote_must_be_yes_or_no_and_drafts_take_no_votes(api_as, make_article):
    article = make_article()
    draft = make_article(status="draft")
    api = api_as("engineer", "en")
    assert api.service.articles.action_response(article['id'], "vote", {"helpful": "maybe"}).status_code == 400
    assert api.service.articles.action_response(draft['id'], "vote", {"helpful": True}).status_code == 400


@pytest.mark.spec("SVC-KB-1", "COM-ROLE-1", severity="critical", priority="high")
@pytest.mark.parametrize("user", ["rep1", "manager", "finance"])
def test_sales_and_finance_roles_get_403_on_the_knowledge_base(page_as, api_as, user):
    assert api_as(user).service.articles.list_response().status_code == 403
    assert KbListPage(page_as(user)).screen.open_expecting_refusal().status == 403
