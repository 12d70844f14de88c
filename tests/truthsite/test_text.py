import pytest

from truthsite.text import render_markdown, sanitise_html, split_html


def test_markdown_formatting_survives():
    html = render_markdown(
        "### Steps\n\n1. **Raise awareness**\n    - share it\n2. [Donate](https://wck.org)\n"
    )
    assert "<h3" in html and "Steps</h3>" in html
    assert "<ol>" in html and "<strong>Raise awareness</strong>" in html
    assert "<ul>" in html and "<li>share it</li>" in html
    assert '<a href="https://wck.org" rel="nofollow noopener">Donate</a>' in html


def test_heading_levels_start_below_the_page_headings():
    html = render_markdown("# Top\n\n## Next\n\n#### Small")
    assert "<h1" not in html and "<h2" not in html
    assert "<h3>Top</h3>" in html and "<h3>Next</h3>" in html and "<h4>Small</h4>" in html


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">click</a>',
        "[click](javascript:alert(1))",
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<p onclick="alert(1)">hi</p>',
        '<iframe src="https://evil.example"></iframe>',
        "<style>body{display:none}</style>",
        '<svg onload="alert(1)"></svg>',
        '<a href="data:text/html,<script>alert(1)</script>">x</a>',
        '<div style="background:url(javascript:alert(1))">x</div>',
    ],
)
def test_hostile_markup_is_neutralised(hostile):
    html = render_markdown(f"Before\n\n{hostile}\n\nAfter")
    lowered = html.lower()
    for needle in ("<script", "javascript:", "onerror", "onclick", "onload", "<iframe",
                   "<style", "<svg", "data:text", "style="):  # fmt: skip
        assert needle not in lowered, (hostile, html)
    assert "Before" in html and "After" in html


def test_internal_links_are_not_marked_nofollow(settings):
    settings.SITE_URL = "https://truth.example"
    html = render_markdown("[here](/articles/x/) and [there](https://truth.example/a/)")
    assert "nofollow" not in html
    external = render_markdown("[out](https://other.example/)")
    assert 'rel="nofollow noopener"' in external


def test_existing_rel_cannot_be_smuggled_in():
    html = sanitise_html('<a href="https://x.example" rel="opener" target="_blank">x</a>')
    assert 'rel="nofollow noopener"' in html
    assert 'opener"' not in html.replace('rel="nofollow noopener"', "")
    assert "target" not in html


def test_split_html_keeps_short_text_whole():
    assert split_html("<p>short</p>", 100) == ("<p>short</p>", "")


def test_split_html_cuts_at_a_top_level_boundary():
    paragraphs = "".join(f"<p>{'word ' * 30}{n}</p>\n" for n in range(20))
    html = "<ul><li>" + "x" * 50 + "</li><li>y</li></ul>\n" + paragraphs
    lead, rest = split_html(html, 100)
    assert (lead + rest).replace("\n", "") == html.replace("\n", "")
    assert lead.endswith("</p>") and rest.startswith("<p>")
    assert lead.count("<ul>") == lead.count("</ul>")
