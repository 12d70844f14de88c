"""Property-based tests of the Markdown renderer and the HTML sanitiser: whatever an
editor or an imported feed supplies, the HTML that reaches a page runs no script.

Checked on the parsed output, not by searching its text: no <script> (or any element
outside the allow-list), no event-handler attribute, no attribute outside the
allow-list, and no link that is not http(s), mailto or relative.
"""

import html
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from truthsite.text import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_markdown, sanitise_html

# Attributes the sanitiser adds itself (links to other sites).
ADDED_ATTRIBUTES = {"a": {"rel"}}
SAFE_SCHEMES = {"", "http", "https", "mailto"}

HOSTILE_PIECES = [
    "<script>alert(1)</script>", "<SCRIPT SRC=//evil.example/x.js>", "<scr<script>ipt>",
    "<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"JaVaScRiPt&colon;alert(1)\">x</a>", "<a href=\"java\tscript:alert(1)\">x</a>",
    "<a href=\"&#106;avascript:alert(1)\">x</a>", "[x](javascript:alert(1))",
    "[x](  javascript:alert(1) )", "<x onclick=alert(1)>", "<svg onload=alert(1)>",
    "<iframe src=//evil.example>", "<style>body{}</style>", "<a href=\"data:text/html,x\">",
    "<div style=\"background:url(javascript:alert(1))\">", "<!-- <script> -->", "<![CDATA[",
    "<math><mi xlink:href=\"javascript:alert(1)\">", "\"><script>", "' onmouseover='alert(1)",
    "<a title=\"x\" onfocus=alert(1) autofocus>", "<form action=javascript:alert(1)>",
    "<p onclick=\"x\">", "**bold**", "# Heading", "> quote", "- item", "1. item", "`code`",
    "| a | b |\n|---|---|\n| 1 | 2 |", "\n\n", "<", ">", "&", "\"", "'", "=", "`", "\x00",
    "[a]: javascript:alert(1)\n\n[link][a]", "<http://example.org>", "<javascript:alert(1)>",
]  # fmt: skip
HOSTILE_TEXT = st.lists(
    st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=30)), max_size=12
).map("".join)


def browser_scheme(href):
    """The scheme a browser reads in an href (WHATWG URL parsing): leading and trailing
    controls and spaces dropped, tabs and newlines anywhere removed."""
    url = html.unescape(href or "").strip("".join(map(chr, range(0x21))))
    url = url.replace("\t", "").replace("\n", "").replace("\r", "")
    scheme, colon, _rest = url.partition(":")
    if colon and scheme[:1].isalpha() and all(c.isalnum() or c in "+-." for c in scheme):
        return scheme.lower()
    return ""


class Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"element <{tag}>")
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ADDED_ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            if name.startswith("on") or name not in allowed:
                self.problems.append(f"attribute {name} on <{tag}>")
            if name == "href":
                if browser_scheme(value) not in SAFE_SCHEMES:
                    self.problems.append(f"link {value!r}")

    handle_startendtag = handle_starttag


def problems_in(output):
    inspector = Inspector()
    inspector.feed(output)
    inspector.close()
    lowered = output.lower()
    if "<script" in lowered:
        inspector.problems.append("<script")
    return inspector.problems


@settings(max_examples=300, deadline=None)
@given(HOSTILE_TEXT)
def test_rendered_markdown_never_carries_script(text):
    output = render_markdown(text)
    assert not problems_in(output), (text, output)


@settings(max_examples=300, deadline=None)
@given(HOSTILE_TEXT)
def test_sanitised_html_never_carries_script(text):
    output = sanitise_html(text)
    assert not problems_in(output), (text, output)
    assert sanitise_html(output) == output  # stable: cleaning twice changes nothing


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_renders_without_error(text):
    assert isinstance(render_markdown(text), str)
    assert "\x00" not in render_markdown(text)


def test_the_inspector_catches_what_it_looks_for():
    """The checks above can fail: raw hostile HTML is caught."""
    assert problems_in('<a href="javascript:alert(1)" onclick="x">a</a><script></script>')
    assert len(problems_in('<a href=" java\tscript:x">a</a>')) == 1
    assert browser_scheme("java   script:x") == ""  # a relative link, harmless
