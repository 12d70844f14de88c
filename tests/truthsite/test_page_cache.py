"""Whole pages from the cache for anonymous readers, never stale (truthsite/page_cache.py)."""

import re
import time
from datetime import timedelta

import pytest
from django.core import signing
from django.core.cache import cache
from django.utils import timezone

from articles.models import CONTENT_VERSION_KEY, Article, CommentarySection
from petitions import services
from petitions.models import Signature
from petitions.tokens import CONFIRM, make_token
from tests.factories import make_article, make_category, make_editor, make_source
from tests.petitions.factories import make_petition, make_signature, sign_form_data
from truthsite.models import SiteSettings
from truthsite.page_cache import bump_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    category = make_category(name="Diplomacy")
    article = make_article(
        title="Envoys meet in Geneva", categories=[category], tags=["talks"],
        sections=["opinion"],
    )  # fmt: skip
    petition = make_petition(title="Keep the talks open", is_featured=True)
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "categories": "/categories/",
        "category": category.get_absolute_url(),
        "tag": "/tags/talks/",
        "feed": "/feed/",
        "atom": "/feed/atom/",
        "sitemap": "/sitemap.xml",
        "sitemap section": "/sitemap-articles.xml",
        "petitions": "/petitions/",
        "petition": petition.get_absolute_url(),
        "objects": (article, category, petition),
    }


READER_PAGES = ["home", "article", "categories", "category", "tag", "feed", "atom", "sitemap",
                "sitemap section", "petitions", "petition"]  # fmt: skip


def text_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("name", READER_PAGES)
def test_a_cached_page_costs_no_query_and_sets_no_cookie(client, site, name,
                                                         django_assert_num_queries):  # fmt: skip
    first = client.get(site[name])
    with django_assert_num_queries(0):
        again = client.get(site[name])
    assert again.status_code == 200 and again.content.count(b"<") == first.content.count(b"<")
    for response in (first, again):
        assert not response.cookies, name  # no session, no CSRF cookie: shareable
        assert response["Cache-Control"] == "public, max-age=0, must-revalidate"
        assert response["ETag"].startswith('W/"')
        assert b"csrfmiddlewaretoken" not in response.content
    assert first["ETag"] == again["ETag"]


def test_a_conditional_get_is_answered_304_from_the_cache(client, site,
                                                          django_assert_num_queries):  # fmt: skip
    etag = client.get(site["article"])["ETag"]
    with django_assert_num_queries(0):
        response = client.get(site["article"], headers={"If-None-Match": etag})
    assert response.status_code == 304 and response.content == b""
    assert response["ETag"] == etag
    other = client.get(site["article"], headers={"If-None-Match": 'W/"something-else"'})
    assert other.status_code == 200


def test_a_304_on_the_miss_that_builds_the_page_too(client, site):
    etag = client.get(site["home"])["ETag"]
    cache.clear()
    assert client.get("/", headers={"If-None-Match": etag}).status_code == 304


def test_an_edit_shows_on_the_next_request(client, site):
    article, category, _petition = site["objects"]
    for name in READER_PAGES:
        text_of(client, site[name])  # everything cached
    article.title = "Envoys agree in Geneva"
    article.save()
    for name in ("home", "article", "category", "tag", "feed", "atom"):
        assert "Envoys agree in Geneva" in text_of(client, site[name]), name


def test_section_category_tag_source_and_site_changes_show_at_once(client, site):
    article, category, _petition = site["objects"]
    url = site["article"]
    text_of(client, url)
    section = article.sections.get()
    section.body = "A **fresh** opinion."
    section.save()
    assert "<strong>fresh</strong>" in text_of(client, url)
    category.name = "Statecraft"
    category.save()
    assert "Statecraft" in text_of(client, url)
    tag = article.tags.get()
    tag.name = "negotiations"
    tag.save()
    assert "negotiations" in text_of(client, url)
    article.tags.add("summit")
    assert ">summit<" in text_of(client, url)
    source = article.source
    source.domain = "renamed.example"
    source.save()
    assert "renamed.example" in text_of(client, url)
    settings_row = SiteSettings.current()
    settings_row.name = "The Renamed Gazette"
    settings_row.save()
    assert "The Renamed Gazette" in text_of(client, "/petitions/")
    CommentarySection.objects.get().delete()
    assert "fresh" not in text_of(client, url)


def test_a_deleted_or_unpublished_article_is_gone_at_once(client, site):
    article = site["objects"][0]
    text_of(client, site["article"])
    article.status = Article.Status.DRAFT
    article.save()
    assert client.get(site["article"]).status_code == 404
    assert "Envoys meet" not in text_of(client, "/")
    other = make_article(title="Another story")
    text_of(client, other.get_absolute_url())
    other.delete()
    assert client.get(other.get_absolute_url()).status_code == 404


def confirm_one(petition, **fields):
    signature = make_signature(petition, **fields)
    services.confirm_signature(token=make_token(signature, purpose=CONFIRM))


def test_a_count_change_shows_on_the_petition_pages_and_nowhere_else(
    client, site, django_capture_on_commit_callbacks, django_assert_num_queries
):
    _article, _category, petition = site["objects"]
    unrelated = make_petition(title="Another cause")
    assert "<strong>0</strong> signatures" in text_of(client, site["petition"])
    assert "0 signatures" in text_of(client, site["petitions"])
    text_of(client, site["article"])
    text_of(client, unrelated.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        confirm_one(petition, name="Olena Petrenko", show_name=True)
    page = text_of(client, site["petition"])
    assert "<strong>1</strong> signature" in page and "Olena" in page
    assert "1 signature" in text_of(client, site["petitions"])
    with django_assert_num_queries(0):  # neither shows this count
        text_of(client, site["article"])
        text_of(client, unrelated.get_absolute_url())


def test_a_petition_edit_shows_on_the_articles_that_call_for_it(client, site):
    petition = site["objects"][2]
    assert "Keep the talks open" in text_of(client, site["article"])
    petition.title = "Keep the talks going"
    petition.save()
    assert "Keep the talks going" in text_of(client, site["article"])
    petition.delete()
    assert "Keep the talks going" not in text_of(client, site["article"])


def test_signed_in_staff_get_their_own_fresh_pages(client, site, django_assert_max_num_queries):
    draft = make_article(title="Not yet", status=Article.Status.DRAFT)
    text_of(client, "/")  # cached for readers
    client.force_login(make_editor())
    response = client.get("/")
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert "ETag" not in response
    preview = client.get(draft.get_absolute_url())
    assert preview.status_code == 200 and "no-store" in preview["Cache-Control"]
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_staff_page_is_never_served_to_readers(client, site):
    draft = make_article(title="Embargoed story", status=Article.Status.DRAFT)
    client.force_login(make_editor())
    assert "Embargoed story" in text_of(client, draft.get_absolute_url())
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_posts_and_messages_bypass_the_cache(client, site, mailoutbox):
    petition = site["objects"][2]
    text_of(client, site["petition"])
    refused = client.post(f"{site['petition']}sign/", sign_form_data(email="not an email"))
    assert refused.status_code == 200 and "no-cache" in refused["Cache-Control"]
    assert 'aria-invalid="true"' in refused.content.decode()
    assert 'aria-invalid="true"' not in text_of(client, site["petition"])  # never stored
    assert client.post("/", {}).status_code == 405  # not the cached home page
    # A visitor with a message waiting sees it (and their page is not shared).
    petition.status = petition.Status.CLOSED
    petition.save()
    client.post(f"{site['petition']}sign/", sign_form_data())
    assert "not taking signatures" in text_of(client, site["petition"])
    assert "not taking signatures" not in text_of(client, site["petition"])


def test_other_query_strings_are_built_every_time(client, site, django_assert_max_num_queries):
    text_of(client, "/?utm_source=x")
    with django_assert_max_num_queries(5) as captured:
        text_of(client, "/?utm_source=x")
    assert len(captured) > 0
    text_of(client, "/?page=1")
    with django_assert_max_num_queries(0):
        text_of(client, "/?page=1")


def test_a_scheduled_article_appears_at_its_time_without_a_save(client, site, monkeypatch):
    make_article(
        title="Scheduled story", status=Article.Status.SCHEDULED,
        publish_at=timezone.now() + timedelta(hours=1),
    )  # fmt: skip
    assert "Scheduled story" not in text_of(client, "/")
    assert "Scheduled story" not in text_of(client, "/")  # from the cache
    later = timezone.now() + timedelta(hours=1, minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 3660)
    assert "Scheduled story" in text_of(client, "/")


def test_a_petition_closes_at_its_time_on_its_cached_page(client, site, monkeypatch):
    petition = make_petition(closes_at=timezone.now() + timedelta(hours=1))
    assert 'name="email"' in text_of(client, petition.get_absolute_url())
    later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 7200)
    assert "This petition is closed" in text_of(client, petition.get_absolute_url())


FORM_STARTED = re.compile(r'name="form_started" value="([^"]+)"')


def test_each_reply_gets_its_own_form_start_time(client, site):
    replies = []
    for _ in range(3):  # built, then twice from the cache
        replies.append(set(FORM_STARTED.findall(text_of(client, site["petition"]))))
        time.sleep(0.01)
    assert all(replies) and not replies[0] & replies[1] and not replies[1] & replies[2]
    for value in set.union(*replies):  # each one genuine
        assert abs(signing.loads(value, salt="form-started") - time.time()) < 60


def test_cross_site_posts_to_the_sign_form_are_refused(client, site, mailoutbox):
    url = f"{site['petition']}sign/"
    for headers in ({"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"},
                    {"Sec-Fetch-Site": "same-site"}):  # fmt: skip
        assert client.post(url, sign_form_data(), headers=headers).status_code == 403
    assert not Signature.objects.exists()
    same = client.post(url, sign_form_data(), headers={"Origin": "http://testserver"})
    assert same.status_code == 302 and Signature.objects.count() == 1


def test_a_lost_version_counter_never_restarts_at_an_old_number():
    cache.set(CONTENT_VERSION_KEY, 5, None)
    bump_version(CONTENT_VERSION_KEY)
    assert cache.get(CONTENT_VERSION_KEY) == 6
    cache.delete(CONTENT_VERSION_KEY)
    bump_version(CONTENT_VERSION_KEY)
    assert cache.get(CONTENT_VERSION_KEY) > 10**15  # from the clock, not 1


def test_versions_are_bumped_again_after_commit(django_capture_on_commit_callbacks):
    # A page another process built between the save and the commit read the old rows:
    # the bump after the commit leaves it under a version nobody asks for.
    with django_capture_on_commit_callbacks(execute=True):
        make_source()
        saved = cache.get(CONTENT_VERSION_KEY)
    assert cache.get(CONTENT_VERSION_KEY) > saved
