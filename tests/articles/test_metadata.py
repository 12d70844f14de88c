"""An article page's sharing metadata, read back the way a metadata validator's parser
reads it: <meta>/<link> tags from the head and the JSON-LD data block."""

import json
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest

from articles.models import Article
from tests.factories import make_article, make_category, make_section, make_source
from truthsite.models import SiteSettings

pytestmark = pytest.mark.django_db


class HeadParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta, self.links, self.json_ld, self.scripts = {}, {}, [], []
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            key = attrs.get("property") or attrs["name"]
            self.meta.setdefault(key, []).append(attrs["content"])
        elif tag == "link":
            self.links.setdefault(attrs["rel"], []).append(attrs["href"])
        elif tag == "script":
            self.scripts.append(attrs)
            self._in_ld = attrs.get("type") == "application/ld+json"

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld.append(json.loads(data))


def head_of(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def article(settings):
    settings.SITE_URL = "https://truth.example"
    article = make_article(
        title="Russians made some concessions on all five regions - Witkoff",
        summary="He said this on Sunday in an interview with CNN, according to Ukrinform.",
        source=make_source(name="Ukrinform", domain="ukrinform.net"),
        source_url="https://www.ukrinform.net/rubric-polytics/4027.html",
        original_published_at=datetime(2025, 8, 17, 15, 57, 16, tzinfo=UTC),
        publish_at=datetime(2025, 8, 17, 16, 30, tzinfo=UTC),
        categories=[
            make_category(name="U.S.–Russia Relations", order=1),
            make_category(name="U.S.–NATO Relations", order=2),
        ],  # fmt: skip
        tags=["peace talks", "NATO"],
    )
    make_section(article, "opinion")
    return Article.objects.get(pk=article.pk)


def test_canonical_description_open_graph_and_twitter(client, article):
    head = head_of(client, article)
    url = "https://truth.example" + article.get_absolute_url()
    assert head.links["canonical"] == [url]
    assert head.meta["description"] == [article.summary]
    og = {key: values for key, values in head.meta.items() if ":" in key}
    assert og["og:type"] == ["article"]
    assert og["og:title"] == [article.title]
    assert og["og:url"] == [url]
    assert og["og:site_name"] == [SiteSettings.current().name]
    assert og["og:description"] == [article.summary]
    assert og["article:published_time"] == ["2025-08-17T12:30:00-04:00"]
    modified = datetime.fromisoformat(og["article:modified_time"][0])
    assert modified == article.last_modified.replace(microsecond=0)
    assert og["article:section"] == ["U.S.–Russia Relations"]
    assert og["article:tag"] == ["NATO", "peace talks"]
    assert og["twitter:card"] == ["summary"]
    assert og["twitter:title"] == [article.title]


def test_news_article_json_ld(client, article):
    head = head_of(client, article)
    [data] = head.json_ld
    url = "https://truth.example" + article.get_absolute_url()
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert data["datePublished"] == "2025-08-17T12:30:00-04:00"
    assert datetime.fromisoformat(data["dateModified"]) >= datetime.fromisoformat(
        data["datePublished"]
    )
    assert data["isBasedOn"] == "https://www.ukrinform.net/rubric-polytics/4027.html"
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert data["url"] == url
    publisher = data["publisher"]
    assert publisher["@type"] == "Organization"
    assert publisher["name"] == SiteSettings.current().name
    assert publisher["logo"]["url"].startswith("https://truth.example/static/")
    assert data["articleSection"] == ["U.S.–Russia Relations", "U.S.–NATO Relations"]
    assert data["keywords"] == ["NATO", "peace talks"]


def test_json_ld_cannot_be_broken_out_of(client):
    hostile = '</script><script>alert(1)</script><!-- & "quotes"'
    article = make_article(title=hostile, summary=hostile, source_url=None)
    html = client.get(article.get_absolute_url()).content.decode()
    head = html[: html.index("</head>")]
    assert head.count("<script") == 2  # site.js and the data block, nothing injected
    assert "alert(1)</script>" not in head and "<!--" not in head
    parser = HeadParser()
    parser.feed(html)
    [data] = parser.json_ld
    assert data["headline"] == hostile and "isBasedOn" not in data
    assert parser.meta["og:title"] == [hostile]


def test_long_or_missing_summaries_make_a_short_description(client):
    article = make_article(title="Short", summary="", body="Word " * 200)
    head = head_of(client, article)
    [description] = head.meta["description"]
    assert description.startswith("Word Word") and len(description) <= 160
    assert head.meta["og:description"] == [description]


def test_metadata_is_built_by_one_model_method(article, settings):
    metadata = article.sharing_metadata()
    assert metadata.canonical_url == "https://truth.example" + article.get_absolute_url()
    assert ("article:section", "U.S.–Russia Relations") in metadata.open_graph
    assert metadata.json_ld["isBasedOn"] == article.source_url
