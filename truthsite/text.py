"""Markdown to safe HTML, shared by commentary, article bodies and petitions.

Editors write Markdown; it is rendered once when saved and the result stored.
Whatever they type, nh3 (an allow-list sanitiser) removes raw HTML that is not
plain formatting, every event attribute and every link that is not http(s) or
mailto; links to other sites are then marked rel="nofollow noopener".
"""

import html
import re
import threading
from urllib.parse import urlsplit

import markdown
import nh3
from django.conf import settings

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "strong", "sub", "sup", "table",
    "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
EXTERNAL_REL = "nofollow noopener"

_renderers = threading.local()
_TOP_HEADING = re.compile(r"<(/?)h[12](?=[\s>])", re.IGNORECASE)
# nh3 serialises every kept link as <a href="..." ...>, so this is exact on its output.
_LINK = re.compile(r'<a href="([^"]*)"')


def _mark_external(match):
    href = html.unescape(match.group(1))
    host = urlsplit(href).hostname
    if host and host != urlsplit(settings.SITE_URL).hostname:
        return f'{match.group(0)} rel="{EXTERNAL_REL}"'
    return match.group(0)


def sanitise_html(raw_html):
    """Reduce any HTML to allow-listed formatting; mark links to other sites."""
    cleaned = nh3.clean(
        raw_html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    return _LINK.sub(_mark_external, cleaned)


def render_markdown(text):
    """Editor's Markdown to sanitised HTML (headings, lists, bold, links, tables)."""
    renderer = getattr(_renderers, "markdown", None)
    if renderer is None:
        # Building a renderer costs more than most conversions; one per thread.
        renderer = _renderers.markdown = markdown.Markdown(
            extensions=["extra", "sane_lists", "smarty"]
        )
    rendered = renderer.reset().convert(text or "")
    # The page owns h1 (title) and h2 (section names): the text's top headings are h3.
    rendered = _TOP_HEADING.sub(r"<\1h3", rendered)
    return sanitise_html(rendered)


_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")
_VOID = {"br", "hr", "img", "wbr"}


def split_html(clean_html, threshold):
    """Split sanitised HTML after the first top-level block that passes `threshold`
    characters, so the rest can sit behind an "Expand" control. Returns (lead, rest);
    rest is "" when the whole text is short, or only a little longer than the lead.
    """
    if len(clean_html) <= threshold * 1.3:
        return clean_html, ""
    depth = 0
    for match in _TAG.finditer(clean_html):
        closing, name = match.group(1), match.group(2).lower()
        if name in _VOID or match.group(3):
            continue
        depth += -1 if closing else 1
        if depth == 0 and match.end() >= threshold:
            lead, rest = clean_html[: match.end()], clean_html[match.end() :].strip()
            return (lead, rest) if rest else (clean_html, "")
    return clean_html, ""
