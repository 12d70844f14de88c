import re
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from articles.models import Article, CommentarySection
from tests.factories import make_article, make_category, make_section
from truthsite.models import SiteSettings

pytestmark = pytest.mark.django_db


def text_of(response):
    return response.content.decode()


def test_home_lists_published_articles_with_source_time_categories_summary(client):
    category = make_category(name="Media Coverage & Press Relations")
    article = make_article(title="Talks resume", summary="Envoys meet again.",
                           categories=[category])  # fmt: skip
    html = text_of(client.get("/"))
    assert "Talks resume" in html
    assert article.source.domain in html
    assert "Envoys meet again." in html
    assert "Media Coverage &amp; Press Relations" in html
    assert f'href="{article.get_absolute_url()}"' in html


def test_home_is_paginated(client, settings):
    settings.ARTICLES_PER_PAGE = 3
    for n in range(7):
        make_article(title=f"Story {n}", publish_at=timezone.now() - timedelta(hours=n + 1))
    first = text_of(client.get("/"))
    assert "Story 0" in first and "Story 3" not in first
    assert "Page 1 of 3" in first and 'rel="next" href="?page=2"' in first
    third = text_of(client.get("/?page=3"))
    assert "Story 6" in third and "Story 0" not in third
    assert client.get("/?page=99").status_code == 404
    assert client.get("/?page=abc").status_code == 404


def test_article_page_shows_everything_in_reference_order(client):
    categories = [make_category(name="U.S.–Russia Relations", order=1),
                  make_category(name="U.S.–NATO Relations", order=2)]  # fmt: skip
    article = make_article(
        title="Concessions on all five regions",
        source_url="https://ukrinform.net/rubric-ato/1.html",
        original_published_at=datetime(2025, 8, 17, 15, 57, 16, tzinfo=UTC),
        body="He said this on Sunday.\n\nMore quotes follow.",
        categories=categories,
        tags=["peace talks", "NATO"],
    )
    make_section(article, "todo", body="### Steps\n\n1. **Call** your representative")
    make_section(article, "opinion", body="An opinion paragraph.")
    make_section(article, "action", body="An action paragraph.",
                 provenance=CommentarySection.Provenance.AI_GENERATED)  # fmt: skip
    related = make_article(title="An older related story", categories=categories[:1])
    page = text_of(client.get(article.get_absolute_url()))
    html = page[page.index("<main") :]

    markers = [
        "<h1",
        "Concessions on all five regions",
        'href="https://ukrinform.net/rubric-ato/1.html"',
        article.source.domain,
        "Sunday, August 17, 2025, 11:57:16 AM Eastern Daylight Time",
        "Categories:",
        "U.S.–Russia Relations",
        "U.S.–NATO Relations",
        "He said this on Sunday.",
        "Opinion:",
        "An opinion paragraph.",
        "Action:",
        "An action paragraph.",
        "To Do:",
        "<strong>Call</strong>",
        "Tags",
        "NATO",
        "peace talks",
        "Related articles",
        related.title,
        "Updated",
        "(C)opyright",
    ]
    position = 0
    for marker in markers:
        found = html.find(marker, position)
        assert found >= 0, f"{marker!r} missing, or before what should precede it"
        position = found + len(marker)
    assert "Written by an editor" in html and "AI-generated" in html
    assert f"(C)opyright {timezone.localtime().year} - TruthAndResistance.com" in html


def test_long_body_is_collapsed_behind_expand_and_short_one_is_not(client, settings):
    settings.ARTICLE_EXPAND_THRESHOLD = 200
    paragraphs = "\n\n".join(f"Paragraph {n} " + "words " * 20 for n in range(12))
    long = make_article(body=paragraphs + "\n\nThe very last paragraph.")
    html = text_of(client.get(long.get_absolute_url()))
    details = html[html.index('<details class="expand">') :]
    assert "<summary>" in details and "Expand" in details
    assert "The very last paragraph." in details
    assert "Paragraph 0" not in details

    short = make_article(body="Just one paragraph.")
    assert "<details" not in text_of(client.get(short.get_absolute_url()))


def test_sections_are_sanitised_on_the_page(client):
    article = make_article()
    hostile = '<script>alert("x")</script> [x](javascript:alert(1)) <b onclick="y()">b</b>'
    make_section(article, "opinion", body=hostile)
    html = text_of(client.get(article.get_absolute_url()))
    assert 'alert("x")' not in html and "javascript:" not in html and "onclick" not in html


def test_title_and_summary_are_escaped(client):
    article = make_article(title="<img src=x onerror=alert(1)>", summary="<b>bold</b>")
    html = text_of(client.get("/"))
    assert "<img src=x" not in html and "&lt;img src=x" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "&lt;img src=x" in text_of(client.get(article.get_absolute_url()))


def test_categories_index_counts_only_published(client):
    busy = make_category(name="Busy")
    empty = make_category(name="Empty & quiet")
    make_article(categories=[busy])
    make_article(categories=[busy])
    make_article(categories=[busy, empty], status=Article.Status.DRAFT)
    html = text_of(client.get("/categories/"))
    assert re.search(r"Busy</a>\s*<span[^>]*>2 articles", html)
    assert re.search(r"Empty &amp; quiet</a>\s*<span[^>]*>0 articles", html)


def test_category_and_tag_pages(client):
    category = make_category(name="Élections – 2026", description="Votes everywhere.")
    inside = make_article(title="Inside story", categories=[category], tags=["Ballots"])
    make_article(title="Outside story")
    page = text_of(client.get(category.get_absolute_url()))
    assert "Élections – 2026" in page and "Votes everywhere." in page
    assert inside.title in page and "Outside story" not in page
    tag_page = text_of(client.get("/tags/ballots/"))
    assert inside.title in tag_page and "Outside story" not in tag_page
    assert client.get("/categories/nope/").status_code == 404
    assert client.get("/tags/nope/").status_code == 404


def test_header_identity_is_editable_without_code(client):
    settings_row = SiteSettings.current()
    settings_row.name = "Dove Daily"
    settings_row.tagline = "Read, then act."
    settings_row.copyright_holder = "Dove Media"
    settings_row.save()
    html = text_of(client.get("/"))
    assert "Dove Daily" in html and "Read, then act." in html and "Dove Media" in html


def test_navigation_and_skip_link_on_every_page(client):
    article = make_article(categories=[make_category()], tags=["x"])
    for url in ["/", "/categories/", article.get_absolute_url(), "/tags/x/", "/missing/"]:
        html = text_of(client.get(url))
        assert 'class="skip-link" href="#main"' in html, url
        for label in ("Home", "Categories"):
            assert f">{label}</a>" in html, (url, label)


def test_404_page_is_in_the_site_look(client):
    response = client.get("/articles/does-not-exist/")
    assert response.status_code == 404
    assert "Page not found" in text_of(response) and "site-header" in text_of(response)


def test_500_page_renders_without_the_database(client, settings, django_assert_num_queries):
    from truthsite.views import server_error

    with django_assert_num_queries(0):
        response = server_error(None)
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_healthz_and_robots(client):
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json()["database"] == "ok"
    robots = text_of(client.get("/robots.txt"))
    assert "Disallow: /admin/" in robots


def test_healthz_reports_database_down(client, monkeypatch):
    from django.db import OperationalError, connection

    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["status"] == "error"


def test_staff_preview_of_draft_is_never_cached(client):
    from tests.factories import make_editor

    draft = make_article(title="Secret draft", status=Article.Status.DRAFT)
    client.force_login(make_editor())
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Preview: this article is not public" in text_of(response)
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert 'name="robots" content="noindex"' in text_of(response)


def test_plain_staff_without_preview_permission_cannot_see_drafts(client, django_user_model):
    draft = make_article(status=Article.Status.DRAFT)
    client.force_login(django_user_model.objects.create_user("clerk", is_staff=True))
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_tags_with_letters_beyond_ascii_have_working_pages(client):
    # taggit gives "Türkiye" the slug "türkiye"; every page linking it must still render.
    article = make_article(title="Straits stay open", tags=["Türkiye"])
    assert article.tags.get().slug == "türkiye"
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200 and 'href="/tags/t%C3%BCrkiye/"' in page.content.decode()
    for url in ("/tags/t%C3%BCrkiye/", "/tags/türkiye/feed/", "/sitemap-tags.xml"):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Straits stay open" in client.get("/tags/türkiye/").content.decode()
