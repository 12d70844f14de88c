"""Every page type passes axe-core at WCAG 2.2 AA and works by keyboard alone.

axe is injected with page.evaluate (the DevTools protocol is not bound by the page's
Content Security Policy, which rightly forbids inline scripts), so the pages are
scanned exactly as served. The `page` fixture also fails a test whose pages logged
errors or reached for another host, which makes this the every-page-type check of
"no third-party requests" too.
"""

import re

import pytest

from tests.checkers import axe_source
from tests.page_types import PAGE_TYPES, build_site
from truthsite.abuse import HumanCheckFormMixin

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => ({target: n.target.join(" "), why: n.failureSummary})),
  }));
}"""
# Builds and sends a form, like a person pressing its button, from any page of the site.
SUBMIT_FORM = """([action, fields]) => {
  const form = document.createElement("form");
  form.method = "post";
  form.action = action;
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  const all = {...fields, csrfmiddlewaretoken: token ? token.value : ""};
  for (const [name, value] of Object.entries(all)) {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.append(input);
  }
  document.body.append(form);
  form.submit();
}"""


@pytest.fixture
def site(site_url):
    return build_site()


def show(page, page_problems, page_type, site):
    """Open the page type as a visitor reaches it; an expected error status is no problem."""
    path = page_type.path(site)
    if page_type.post:
        page.goto("/subscribe/")  # any page with a form gives the CSRF token
        with page.expect_navigation() as navigation:
            page.evaluate(SUBMIT_FORM, [path, page_type.post(site)])
        response = navigation.value
    else:
        response = page.goto(path)
    assert response.status == page_type.status, page_type.name
    if page_type.status != 200:
        expected = f"{page_type.status} "
        page_problems.error_responses = [
            e for e in page_problems.error_responses if not e.startswith(expected)
        ]
        page_problems.console_errors = [
            e for e in page_problems.console_errors
            if f"status of {page_type.status}" not in e
        ]  # fmt: skip


def axe_violations(page):
    page.evaluate(axe_source())
    return page.evaluate(RUN_AXE, AXE_TAGS)


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=lambda page_type: page_type.name)
def test_no_accessibility_violations(page, page_problems, site, page_type):
    with page_type.state():
        show(page, page_problems, page_type, site)
        violations = axe_violations(page)
    assert page.locator("main#main").count() == 1
    assert not violations, f"{page_type.name}: {violations}"


def focused(page):
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          const style = getComputedStyle(el);
          const box = el.getBoundingClientRect();
          return {tag: el.tagName.toLowerCase(), id: el.id, cls: el.className,
                  text: (el.innerText || el.value || "").trim().slice(0, 40),
                  outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
                  shadow: style.boxShadow !== "none",
                  visible: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0};
        }"""
    )


@pytest.mark.parametrize("path", ["/", "/petitions/", "/subscribe/"])
def test_first_tab_reaches_the_skip_link_which_moves_focus_to_main(page, site, path):
    page.goto(path)
    page.keyboard.press("Tab")
    first = focused(page)
    assert "skip-link" in first["cls"] and first["visible"] and first["outline"], first
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    assert focused(page)["id"] == "main"


def test_every_focusable_element_shows_where_focus_is(page, site):
    """Tab through the whole petition page (the one with the most controls)."""
    page.goto(site.petition.get_absolute_url())
    seen = []
    for _step in range(80):
        page.keyboard.press("Tab")
        now = focused(page)
        if now["tag"] == "body" or (seen and now == seen[0]):
            break
        seen.append(now)
        assert now["visible"], f"focus went to something not on screen: {now}"
        assert now["outline"] or now["shadow"], f"no visible focus style: {now}"
    reached = {item["text"] for item in seen}
    assert "Sign the petition" in reached and "Privacy" in reached


def test_subscribe_by_keyboard_alone(page, site, monkeypatch, mailoutbox):
    monkeypatch.setattr(HumanCheckFormMixin, "min_fill_seconds", 0)
    page.goto("/subscribe/")
    for _step in range(30):
        page.keyboard.press("Tab")
        if focused(page)["tag"] == "input" and page.evaluate("document.activeElement.type") == (
            "email"
        ):
            break
    page.keyboard.type("keys.only@example.org")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/subscribe/check-your-inbox/$"))
    assert [message.to for message in mailoutbox] == [["keys.only@example.org"]]
