from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, SlugRedirect
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_published_excludes_drafts_and_future_articles():
    visible = make_article(title="Visible")
    make_article(title="Draft", status=Article.Status.DRAFT)
    make_article(
        title="Later",
        status=Article.Status.SCHEDULED,
        publish_at=timezone.now() + timedelta(hours=2),
    )
    assert list(Article.objects.published()) == [visible]


def test_scheduled_article_appears_when_its_time_comes():
    when = timezone.now() + timedelta(hours=2)
    article = make_article(status=Article.Status.SCHEDULED, publish_at=when)
    assert article not in Article.objects.published()
    assert article in Article.objects.published(now=when + timedelta(seconds=1))


def test_publishing_without_a_time_means_now():
    article = make_article(status=Article.Status.PUBLISHED, publish_at=None)
    assert article.publish_at is not None
    assert article.publish_at <= timezone.now()
    assert article.is_published


def test_published_with_future_time_is_stored_as_scheduled():
    article = make_article(
        status=Article.Status.PUBLISHED, publish_at=timezone.now() + timedelta(days=1)
    )
    assert article.status == Article.Status.SCHEDULED
    assert not article.is_published


def test_draft_is_never_published_even_with_past_time():
    article = make_article(
        status=Article.Status.DRAFT, publish_at=timezone.now() - timedelta(days=1)
    )
    assert not article.is_published
    assert article not in Article.objects.published()


def test_draft_and_scheduled_pages_are_404_for_readers(client):
    draft = make_article(status=Article.Status.DRAFT)
    later = make_article(
        status=Article.Status.SCHEDULED, publish_at=timezone.now() + timedelta(hours=1)
    )
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(later.get_absolute_url()).status_code == 404
    assert draft.title not in client.get("/").content.decode()


def test_changed_slug_redirects_permanently(client):
    article = make_article(title="First title", slug="first-title")
    article.slug = "second-title"
    article.save()
    response = client.get("/articles/first-title/")
    assert response.status_code == 301
    assert response["Location"] == "/articles/second-title/"
    assert client.get("/articles/second-title/").status_code == 200


def test_slug_chain_and_reuse_of_old_slug():
    article = make_article(slug="a-one")
    article.slug = "a-two"
    article.save()
    article.slug = "a-three"
    article.save()
    assert set(SlugRedirect.objects.values_list("old_slug", flat=True)) == {"a-one", "a-two"}
    # Going back to an earlier slug removes its redirect (it would loop otherwise).
    article.slug = "a-one"
    article.save()
    assert not SlugRedirect.objects.filter(old_slug="a-one").exists()


def test_redirect_of_unpublished_article_is_404(client):
    article = make_article(slug="old-name")
    article.slug = "new-name"
    article.status = Article.Status.DRAFT
    article.save()
    assert client.get("/articles/old-name/").status_code == 404


def test_slugs_are_unique_and_readable():
    first = make_article(title="U.S.–Russia talks & NATO", slug="")
    second = make_article(title="U.S.–Russia talks & NATO", slug="")
    assert first.slug == "us-russia-talks-nato"
    assert second.slug == "us-russia-talks-nato-2"


def test_empty_source_url_is_stored_as_null_so_many_articles_can_lack_one():
    make_article(source_url="")
    make_article(source_url="")
    assert Article.objects.filter(source_url__isnull=True).count() == 2


def test_new_article_never_takes_another_articles_former_slug(client):
    moved = make_article(title="Port reopens", slug="")
    moved.slug = "port-reopens-after-repairs"
    moved.save()
    newcomer = make_article(title="Port reopens", slug="")
    assert newcomer.slug != "port-reopens"
    response = client.get("/articles/port-reopens/")
    assert response.status_code == 301
    assert response["Location"] == moved.get_absolute_url()
