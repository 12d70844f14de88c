"""Sitemaps and robots.txt, parsed and checked against the sitemap protocol's rules
(sitemaps.org schema 0.9 and Google's news extension)."""

import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import sitemaps
from articles.models import Article
from tests.factories import make_article, make_category
from truthsite.models import SiteSettings

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
# W3C Datetime (https://www.w3.org/TR/NOTE-datetime) as the protocol allows it.
W3C_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$")
URL_CHILDREN = {f"{SM}loc", f"{SM}lastmod", f"{SM}changefreq", f"{SM}priority"}


def fetch(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    assert len(response.content) <= 50 * 1024 * 1024
    return ET.fromstring(response.content)


def check_loc(loc):
    parts = urlsplit(loc)
    assert parts.scheme in {"http", "https"} and parts.netloc, loc
    assert len(loc) < 2048 and loc == loc.strip()


def check_lastmod(element):
    if element is not None:
        assert W3C_DATETIME.match(element.text), element.text


def urlset(client, url, extra_children=frozenset()):
    """The <loc>s of a urlset, after checking it follows the schema's rules."""
    root = fetch(client, url)
    assert root.tag == f"{SM}urlset"
    urls = root.findall(f"{SM}url")
    assert len(urls) <= 50_000
    assert len(root) == len(urls)  # nothing else at the top level
    locs = []
    for url_element in urls:
        children = {child.tag for child in url_element}
        assert children <= URL_CHILDREN | extra_children, children
        [loc] = url_element.findall(f"{SM}loc")
        check_loc(loc.text)
        check_lastmod(url_element.find(f"{SM}lastmod"))
        locs.append(loc.text)
    assert len(set(locs)) == len(locs)
    return locs, urls


def index_entries(client):
    root = fetch(client, "/sitemap.xml")
    assert root.tag == f"{SM}sitemapindex"
    entries = root.findall(f"{SM}sitemap")
    assert len(entries) == len(root) <= 50_000
    found = {}
    for entry in entries:
        loc = entry.find(f"{SM}loc").text
        check_loc(loc)
        check_lastmod(entry.find(f"{SM}lastmod"))
        found[loc] = entry.find(f"{SM}lastmod")
    return found


def test_index_lists_every_section_with_absolute_locations(client):
    article = make_article(title="Story", categories=[make_category()], tags=["peace"])
    entries = index_entries(client)
    assert list(entries) == [
        f"http://testserver/sitemap-{section}.xml"
        for section in ["pages", "articles", "categories", "tags", "petitions"]
    ]
    lastmod = datetime.fromisoformat(entries["http://testserver/sitemap-articles.xml"].text)
    assert lastmod == article.last_modified.replace(microsecond=0)


def test_article_sitemap_lists_published_articles_with_lastmod(client):
    shown = make_article(title="Shown")
    make_article(title="Draft", status=Article.Status.DRAFT)
    make_article(title="Later", status=Article.Status.SCHEDULED,
                 publish_at=timezone.now() + timedelta(days=1))  # fmt: skip
    locs, urls = urlset(client, "/sitemap-articles.xml")
    assert locs == ["http://testserver" + shown.get_absolute_url()]
    lastmod = datetime.fromisoformat(urls[0].find(f"{SM}lastmod").text)
    assert lastmod == shown.last_modified.replace(microsecond=0)


def test_sections_are_paginated(client, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    articles = [make_article() for _ in range(5)]
    entries = index_entries(client)
    base = "http://testserver/sitemap-articles.xml"
    assert [loc for loc in entries if loc.startswith(base)] == [base, f"{base}?p=2", f"{base}?p=3"]
    pages = [urlset(client, f"/sitemap-articles.xml?p={n}")[0] for n in (1, 2, 3)]
    assert [len(locs) for locs in pages] == [2, 2, 1]
    assert sum(pages, []) == ["http://testserver" + a.get_absolute_url() for a in articles]
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_category_tag_and_page_sections(client):
    category = make_category(name="Energy & Trade")
    make_category(name="Empty")
    make_article(categories=[category], tags=["visible"])
    make_article(status=Article.Status.DRAFT, tags=["hidden"])
    locs, urls = urlset(client, "/sitemap-categories.xml")
    assert "http://testserver" + category.get_absolute_url() in locs
    assert len(locs) == 2
    tag_locs, _ = urlset(client, "/sitemap-tags.xml")
    assert tag_locs == ["http://testserver/tags/visible/"]
    page_locs, _ = urlset(client, "/sitemap-pages.xml")
    assert page_locs == ["http://testserver/", "http://testserver/categories/"]


def test_locations_use_site_url_whatever_the_request_host(client, settings):
    settings.SITE_URL = "https://truth.example"
    settings.ALLOWED_HOSTS = ["other.example"]
    make_article()
    root = fetch(client, "/sitemap.xml", HTTP_HOST="other.example")
    assert all(loc.text.startswith("https://truth.example/") for loc in root.iter(f"{SM}loc"))
    root = fetch(client, "/sitemap-articles.xml", HTTP_HOST="other.example")
    assert all(loc.text.startswith("https://truth.example/") for loc in root.iter(f"{SM}loc"))


def test_news_sitemap_has_the_last_two_days_with_news_tags(client):
    site = SiteSettings.current()
    site.name = "Truth & Resistance"
    site.save()
    now = timezone.now()
    fresh = make_article(title="Fresh <news> & views", publish_at=now - timedelta(hours=3))
    make_article(title="Old", publish_at=now - timedelta(days=3))
    make_article(title="Draft", status=Article.Status.DRAFT)
    locs, urls = urlset(client, "/sitemap-news.xml", extra_children={f"{NEWS}news"})
    assert locs == ["http://testserver" + fresh.get_absolute_url()]
    news = urls[0].find(f"{NEWS}news")
    assert news.find(f"{NEWS}publication/{NEWS}name").text == "Truth & Resistance"
    assert news.find(f"{NEWS}publication/{NEWS}language").text == "en"
    assert news.find(f"{NEWS}title").text == "Fresh <news> & views"
    date = news.find(f"{NEWS}publication_date").text
    assert W3C_DATETIME.match(date)
    assert datetime.fromisoformat(date) == fresh.publish_at.replace(microsecond=0)


def test_news_sitemap_holds_at_most_its_limit_newest_first(client, monkeypatch):
    monkeypatch.setattr(sitemaps, "NEWS_LIMIT", 2)
    monkeypatch.setattr(sitemaps.NewsSitemap, "limit", 2)
    now = timezone.now()
    articles = [make_article(publish_at=now - timedelta(hours=n + 1)) for n in range(4)]
    locs, _ = urlset(client, "/sitemap-news.xml", extra_children={f"{NEWS}news"})
    assert locs == ["http://testserver" + a.get_absolute_url() for a in articles[:2]]


def test_robots_txt_names_the_sitemaps(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text.splitlines()
    assert "Sitemap: http://testserver/sitemap-news.xml" in text.splitlines()


@pytest.mark.parametrize("url", ["/sitemap.xml", "/sitemap-articles.xml",
                                 "/sitemap-categories.xml", "/sitemap-tags.xml",
                                 "/sitemap-news.xml"])  # fmt: skip
@pytest.mark.usefixtures("uncached_pages")
def test_sitemap_queries_do_not_grow_with_the_data(client, url):
    def queries():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    make_article(categories=[make_category()], tags=["a"])
    few = queries()
    for n in range(5):
        make_article(categories=[make_category()], tags=[f"t{n}"])
    assert queries() == few
