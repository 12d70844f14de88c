"""A reader's walk: home, an article, expand its body, its commentary, a category, a tag."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.factories import make_article, make_category, make_source

LEAD = "The harbour authority reopened the northern quay on Monday morning."
TAIL = "Fishermen said the last crates of the season were unloaded before dusk."
FILLER = (
    "Officials described the repairs as slow but steady, with crews working in shifts "
    "through the week while inspectors checked every mooring, crane and rail line that "
    "serves the quay. Traders waiting for the reopening said they had lost orders, "
    "though most expected to recover once ships could dock again."
)
# Well past the "Expand" threshold: the tail paragraph sits behind the control.
LONG_BODY = "\n\n".join([LEAD, *[f"{FILLER} (Part {n}.)" for n in range(1, 15)], TAIL])
TITLE = "Harbour reopens after months of repairs on the northern quay"


def build_reading_site():
    assert len(LONG_BODY) > 3000
    category = make_category(name="Ports & Shipping – Black Sea")
    source = make_source(name="Ukrinform", domain="www.ukrinform.net")
    article = make_article(
        title=TITLE,
        body=LONG_BODY,
        source=source,
        categories=[category],
        tags=["Shipping", "Odesa"],
        # Stored out of page order: the page must still show Opinion, Action, To Do.
        sections=["todo", "opinion", "action"],
    )
    for n in range(3):
        make_article(title=f"Other news item {n}", categories=[category], tags=["Shipping"])
    return article, category


def assert_no_horizontal_scroll(page, width):
    page.set_viewport_size({"width": width, "height": 800})
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} scrolls sideways at {width}px: {scroll_width}px"


def test_reader_reads_expands_and_follows_category_and_tag(page, page_problems):
    article, category = build_reading_site()
    ARTIFACTS.mkdir(exist_ok=True)

    page.goto("/")
    stylesheets = [seen for seen in page_problems.responses if seen.endswith(".css")]
    assert any(seen.startswith("200 ") and "/css/site.css" in seen for seen in stylesheets)
    assert any(seen.startswith("200 ") and "bootstrap" in seen for seen in stylesheets)
    # site.css applied: the paper background colour, not the browser's white.
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(253, 252, 249)"
    page.get_by_role("link", name=TITLE).click()

    expect(page).to_have_url(re.compile(rf"/articles/{article.slug}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".article-meta__source")).to_have_text("ukrinform.net")
    expect(page.locator(".article-categories")).to_contain_text(category.name)
    expect(page.get_by_text(LEAD)).to_be_visible()
    tail = page.get_by_text(TAIL)
    expect(tail).to_be_attached()
    expect(tail).to_be_hidden()

    # What a reader first sees; the expanded page is captured below.
    page.screenshot(path=ARTIFACTS / "article-page.png", full_page=True)
    expand = page.locator("details.expand > summary")
    expect(expand).to_contain_text("Expand")
    expand.click()
    expect(tail).to_be_visible()
    expect(expand).to_contain_text("Collapse")

    headings = page.locator("section.commentary h2")
    expect(headings).to_have_text(["Opinion:", "Action:", "To Do:"])
    expect(page.locator("section.commentary").first).to_contain_text("opinion commentary")

    page.screenshot(path=ARTIFACTS / "article-page-expanded.png", full_page=True)
    for width in (360, 1280):
        assert_no_horizontal_scroll(page, width)
    page.set_viewport_size({"width": 360, "height": 800})
    page.screenshot(path=ARTIFACTS / "article-page-360.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.locator(".article-categories").get_by_role("link", name=category.name).click()
    expect(page).to_have_url(re.compile(rf"/categories/{category.slug}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(category.name)
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()

    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    page.locator(".tag-list").get_by_role("link", name="Odesa").click()
    expect(page).to_have_url(re.compile(r"/tags/odesa/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Odesa")
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    expect(page.get_by_role("link", name="Other news item 0")).to_have_count(0)


def test_reader_pages_fit_small_and_large_screens(page):
    article, category = build_reading_site()
    for path in ("/", article.get_absolute_url(), category.get_absolute_url(), "/categories/"):
        page.goto(path)
        for width in (360, 1280):
            assert_no_horizontal_scroll(page, width)
