"""RSS 2.0 and Atom 1.0 feeds, read the way feed readers read them (feedparser) and
checked against the specifications' required elements."""

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_category, make_source
from truthsite.models import SiteSettings

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def parsed(client, url):
    feed = feedparser.parse(fetch(client, url).content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.fixture
def story():
    source = make_source(name="Ukrinform", domain="ukrinform.net")
    category = make_category(name="U.S.–Russia Relations")
    return make_article(
        title="Concessions on all five regions & more",
        summary="Envoy says <Russia> moved.",
        source=source,
        source_url="https://www.ukrinform.net/rubric-polytics/4027.html",
        categories=[category],
        tags=["peace talks", "NATO"],
        publish_at=timezone.now() - timedelta(hours=2),
    )


def test_rss_items_carry_everything_a_reader_needs(client, story):
    make_article(title="Older", publish_at=timezone.now() - timedelta(days=1))
    feed = parsed(client, "/feed/")
    assert feed.version == "rss20"
    assert feed.feed.title == SiteSettings.current().name
    assert feed.feed.link == "http://testserver/"
    assert [entry.title for entry in feed.entries] == [story.title, "Older"]
    entry = feed.entries[0]
    assert entry.link == "http://testserver" + story.get_absolute_url()
    assert entry.summary == "Envoy says &lt;Russia&gt; moved."  # HTML, reads as typed
    assert entry.published_parsed[:5] == story.publish_at.utctimetuple()[:5]
    assert entry.updated_parsed[:5] == story.last_modified.utctimetuple()[:5]
    assert [tag.term for tag in entry.tags] == ["U.S.–Russia Relations", "NATO", "peace talks"]
    assert entry.source.href == story.source_url and entry.source.title == "Ukrinform"
    assert entry.id.startswith("tag:testserver,") and entry.id.endswith(f":article:{story.pk}")
    assert entry.guidislink is False


def test_rss_is_valid_rss_2(client, story):
    root = ET.fromstring(fetch(client, "/feed/").content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for required in ["title", "link", "description"]:
        assert channel.find(required).text, required
    self_link = channel.find(f"{ATOM}link")
    assert self_link.get("rel") == "self" and self_link.get("href") == "http://testserver/feed/"
    item = channel.find("item")
    assert item.find("title").text == story.title  # '&' escaped in the XML, read back
    assert item.find("description").text == "Envoy says &lt;Russia&gt; moved."
    source = item.find("source")
    assert source.get("url") == story.source_url and source.text == "Ukrinform"
    assert item.find("guid").get("isPermaLink") == "false"
    published = parsedate_to_datetime(item.find("pubDate").text)  # RFC 822 date
    assert published == story.publish_at.replace(microsecond=0)
    modified = datetime.fromisoformat(item.find("{http://purl.org/dc/terms/}modified").text)
    assert modified == story.last_modified


def test_atom_entries_link_to_the_original_source_via(client, story):
    feed = parsed(client, "/feed/atom/")
    assert feed.version == "atom10"
    assert feed.feed.author == SiteSettings.current().name
    entry = feed.entries[0]
    links = {link.rel: link.href for link in entry.links}
    assert links == {"alternate": "http://testserver" + story.get_absolute_url(),
                     "via": story.source_url}  # fmt: skip
    assert entry.published_parsed and entry.updated_parsed
    assert "peace talks" in [tag.term for tag in entry.tags]


def test_atom_is_valid_atom_1(client, story):
    make_article(title="No source", source=None)
    root = ET.fromstring(fetch(client, "/feed/atom/").content)
    assert root.tag == f"{ATOM}feed"
    for required in ["id", "title", "updated", "author"]:
        assert root.find(f"{ATOM}{required}") is not None, required
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 2
    for entry in entries:
        for required in ["id", "title", "updated", "link", "summary"]:
            assert entry.find(f"{ATOM}{required}") is not None, required
    no_source = [e for e in entries if e.find(f"{ATOM}title").text == "No source"][0]
    assert [link.get("rel") for link in no_source.findall(f"{ATOM}link")] == ["alternate"]


def test_feeds_hold_only_published_articles_newest_first_up_to_the_limit(client, settings):
    settings.FEED_ITEMS = 3
    now = timezone.now()
    for n in range(5):
        make_article(title=f"Story {n}", publish_at=now - timedelta(hours=n + 1))
    make_article(title="Draft", status=Article.Status.DRAFT)
    make_article(title="Tomorrow", status=Article.Status.SCHEDULED,
                 publish_at=now + timedelta(days=1))  # fmt: skip
    for url in ["/feed/", "/feed/atom/"]:
        assert [e.title for e in parsed(client, url).entries] == ["Story 0", "Story 1", "Story 2"]


def test_category_and_tag_feeds(client, story):
    make_article(title="Elsewhere", tags=["other"])
    category = story.categories.get()
    for url in [f"/categories/{category.slug}/feed/", f"/categories/{category.slug}/feed/atom/"]:
        feed = parsed(client, url)
        assert [entry.title for entry in feed.entries] == [story.title]
        assert feed.feed.title.endswith(": U.S.–Russia Relations")
        assert feed.feed.link == "http://testserver" + category.get_absolute_url()
    for url in ["/tags/peace-talks/feed/", "/tags/peace-talks/feed/atom/"]:
        assert [entry.title for entry in parsed(client, url).entries] == [story.title]
    assert client.get("/categories/no-such/feed/").status_code == 404
    assert client.get("/tags/no-such/feed/atom/").status_code == 404


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        fetch(client, url)
    return len(captured)


@pytest.mark.usefixtures("uncached_pages")
@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/", "/categories/{slug}/feed/",
                                 "/tags/shared/feed/atom/"])  # fmt: skip
def test_feed_queries_do_not_grow_with_items(client, url):
    category = make_category(name="Shared")
    url = url.format(slug=category.slug)
    make_article(categories=[category], tags=["shared"])
    few = count_queries(client, url)
    for n in range(6):
        make_article(categories=[category, make_category()], tags=["shared", f"t{n}"])
    assert count_queries(client, url) == few <= 4


def test_every_page_advertises_the_site_feeds_and_lists_their_own(client, story):
    category = story.categories.get()
    home = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in home
    assert 'type="application/atom+xml"' in home and 'href="/feed/atom/"' in home
    html = client.get(category.get_absolute_url()).content.decode()
    assert f'href="/categories/{category.slug}/feed/"' in html
    assert f'href="/categories/{category.slug}/feed/atom/"' in html
    assert html.index(f"/categories/{category.slug}/feed/") < html.index('href="/feed/"')
    tag_page = client.get("/tags/peace-talks/").content.decode()
    assert 'href="/tags/peace-talks/feed/"' in tag_page
