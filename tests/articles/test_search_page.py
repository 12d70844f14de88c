"""/search/: the reader's page around articles.search."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db


def page(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response, response.content.decode()


def unmarked(html):
    return html.replace("<mark>", "").replace("</mark>", "")


def test_results_show_title_source_snippet_and_count(client):
    article = make_article(title="Ceasefire talks", summary="Envoys discuss a ceasefire.")
    make_article(title="Harvest")
    response, html = page(client, q="ceasefire")
    assert "1 article found." in html
    assert f'href="{article.get_absolute_url()}"><mark>Ceasefire</mark> talks</a>' in html
    assert "Envoys discuss a <mark>ceasefire</mark>." in html
    assert article.source.domain in html
    assert "Harvest" not in html
    assert 'value="ceasefire"' in html


def test_search_pages_are_never_indexed(client):
    response, html = page(client, q="anything")
    assert '<meta name="robots" content="noindex">' in html
    assert response.headers["X-Robots-Tag"] == "noindex"
    assert "Disallow: /search/" in client.get("/robots.txt").content.decode()


def test_nav_links_to_search_and_other_pages_carry_a_search_form(client):
    make_article(title="Anything")
    home = client.get("/").content.decode()
    assert '<a href="/search/">Search</a>' in home
    assert 'action="/search/"' in home and 'id="header-search-q"' in home
    _, html = page(client)
    assert '<a href="/search/" aria-current="page">Search</a>' in html
    assert 'id="header-search-q"' not in html  # the page's own form is enough


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Type a word or a phrase to search the articles."),
        ("   ", "Type a word or a phrase to search the articles."),
        ("!!! ???", "“!!! ???” has no letters or numbers to search for."),
        ("-nato", "Add a word to look for: a search cannot only leave words out."),
        ("zzzqqq", "No articles match “zzzqqq”."),
    ],
)
def test_queries_without_results_get_a_clear_message(client, query, message):
    make_article(title="NATO summit")
    response, html = page(client, q=query)
    assert message in html
    assert "search-result" not in html.split("</form>", 1)[1].replace("search-results", "")


def test_a_10000_character_query_is_shortened_and_the_reader_told(client):
    make_article(title="Flood warning")
    response, html = page(client, q="flood " + "x" * 10_000)
    assert "only its first 200 characters were used" in html
    value = re.search(r'name="q" value="([^"]*)"', html).group(1)
    assert len(value) == 200
    assert len(html) < 40_000


def test_hostile_input_is_escaped_everywhere(client):
    make_article(title="Safe")
    query = '<script>alert(1)</script> "><img src=x onerror=alert(1)>'
    response, html = page(client, q=query)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_filters_narrow_results_and_bad_filters_get_form_errors(client):
    europe = make_category(name="Europe")
    make_article(title="Summit in Europe", categories=[europe])
    make_article(title="Summit elsewhere", publish_at=timezone.now() - timedelta(days=30))
    _, html = page(client, q="summit", category="europe")
    html = unmarked(html)
    assert "Summit in Europe" in html and "Summit elsewhere" not in html
    assert '<option value="europe" selected>Europe</option>' in html
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    _, html = page(client, q="summit", date_from=since)
    html = unmarked(html)
    assert "Summit in Europe" in html and "Summit elsewhere" not in html

    _, html = page(client, q="summit", category="nowhere", date_from="yesterday",
                   date_to="2020-01-01")  # fmt: skip
    assert 'role="alert"' in html
    assert "Select a valid choice." in html and "Enter a valid date." in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="id_category_error' in html
    assert "Summit in Europe" not in html

    _, html = page(client, q="summit", date_from="2025-02-01", date_to="2025-01-01")
    assert "The end date must not be before the start date." in html


def test_results_are_paginated_keeping_the_query(client, settings):
    settings.SEARCH_RESULTS_PER_PAGE = 2
    for n in range(5):
        make_article(title=f"Drought {n}", publish_at=timezone.now() - timedelta(hours=n + 1))
    _, first = page(client, q="drought")
    assert "5 articles found." in first and "Page 1 of 3" in first
    assert 'rel="next" href="?q=drought&amp;page=2"' in first
    _, third = page(client, q="drought", page=3)
    third = unmarked(third)
    assert "Drought 4" in third and "Drought 0" not in third
    for bad in ["99", "abc", "-1"]:
        page(client, q="drought", page=bad)  # never an error


def test_search_page_is_valid_enough_html_with_labelled_fields(client):
    make_category(name="Europe")
    _, html = page(client, q="x")
    for field in ["q", "category", "date_from", "date_to"]:
        assert f'<label for="id_{field}"' in html
    assert html.count('role="search"') == 1


def test_too_many_searches_from_one_network_get_a_429(client, settings):
    settings.SEARCH_RATE_LIMIT = 2
    for _ in range(2):
        assert client.get("/search/", {"q": "flood"}).status_code == 200
    response = client.get("/search/", {"q": "flood"})
    assert response.status_code == 429 and response["Retry-After"] == "60"
    assert "Too many searches" in response.content.decode()
    assert client.get("/search/").status_code == 200  # the empty form is never limited
