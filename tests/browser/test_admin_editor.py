"""An editor (staff, not a superuser) writes and publishes an article in the admin."""

import re

from playwright.sync_api import expect

from articles.models import Article, CommentarySection
from tests.factories import make_category, make_editor

TITLE = "Council votes to keep the river ferry running"
COMMENTARY = {
    "opinion": "The ferry is **cheaper** than a bridge for a generation.",
    "action": "Write to the council before the budget meeting.",
    "todo": "1. Ride the ferry\n2. Tell a neighbour",
}


def log_in(page, username, password):
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#site-name")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def choose_in_autocomplete(page, field, typed, option):
    """Pick `option` in the select2 box Django admin draws for autocomplete_fields."""
    row = page.locator(f".field-{field}")
    row.locator(".select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=option).click()
    expect(row.locator(".select2-selection")).to_contain_text(option)


def test_editor_writes_and_publishes_an_article_with_commentary(page):
    make_category(name="Transport")
    make_category(name="Local Government")
    editor = make_editor()
    assert not editor.is_superuser

    log_in(page, "editor", "editor-pass-123")
    page.get_by_role("rowheader", name="Articles").get_by_role("link").click()
    page.get_by_role("link", name=re.compile(r"Add article")).click()
    expect(page).to_have_url(re.compile(r"/admin/articles/article/add/$"))

    page.locator("#id_title").press_sequentially(TITLE)
    # The admin's prepopulate script fills the slug from the title.
    expect(page.locator("#id_slug")).to_have_value("council-votes-to-keep-the-river-ferry-running")
    page.locator("#id_summary").fill("The ferry stays, for now.")
    page.locator("#id_body").fill("The council met on Tuesday.\n\nIt voted seven to two.")
    choose_in_autocomplete(page, "categories", "Trans", "Transport")
    page.locator("#id_tags").fill("ferry, council")

    # One inline form per kind, already set to Opinion, Action, To Do.
    for index, (kind, body) in enumerate(COMMENTARY.items()):
        expect(page.locator(f"#id_sections-{index}-kind")).to_have_value(kind)
        page.locator(f"#id_sections-{index}-body").fill(body)

    page.locator("#id_status").select_option(Article.Status.PUBLISHED)
    page.locator("input[name=_save]").click()

    expect(page.locator(".messagelist .success")).to_contain_text(TITLE)
    article = Article.objects.get(title=TITLE)
    assert article.status == Article.Status.PUBLISHED
    assert article.last_editor == editor
    assert [c.name for c in article.categories.all()] == ["Transport"]
    assert sorted(article.tags.names()) == ["council", "ferry"]
    assert set(article.sections.values_list("kind", flat=True)) == set(CommentarySection.Kind)

    page.goto(article.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".preview-banner")).to_have_count(0)
    expect(page.locator("section.commentary h2")).to_have_text(["Opinion:", "Action:", "To Do:"])
    sections = page.locator("section.commentary .commentary__body")
    expect(sections.nth(0).locator("strong")).to_have_text("cheaper")
    expect(sections.nth(1)).to_contain_text("Write to the council before the budget meeting.")
    expect(sections.nth(2).locator("li")).to_have_text(["Ride the ferry", "Tell a neighbour"])
    expect(page.locator(".article-categories")).to_contain_text("Transport")


def test_an_edit_in_the_admin_shows_on_the_next_anonymous_request(page, browser, site_url):
    from tests.factories import make_article

    article = make_article(title="Ferry talks stall", sections=["opinion", "action", "todo"])
    editor = make_editor()
    assert not editor.is_superuser
    reader = browser.new_context(base_url=site_url).new_page()
    for _ in range(2):  # the second one from the page cache
        response = reader.goto(article.get_absolute_url())
        assert response.headers["cache-control"].startswith("public")
        expect(reader.get_by_role("heading", level=1)).to_have_text("Ferry talks stall")

    log_in(page, "editor", "editor-pass-123")
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.locator("#id_title").fill("Ferry talks resume")
    page.locator("#id_sections-0-body").fill("A **second** look.")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Ferry talks resume")

    reader.goto(article.get_absolute_url())
    expect(reader.get_by_role("heading", level=1)).to_have_text("Ferry talks resume")
    expect(reader.locator("section.commentary--opinion strong")).to_have_text("second")
    reader.goto("/")
    expect(reader.locator(".article-summary__title")).to_have_text(["Ferry talks resume"])
    reader.context.close()
