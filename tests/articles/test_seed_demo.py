import io
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles.demo_content import CATEGORIES, TAGS
from articles.models import Article, Category, CommentarySection, Source
from tests.factories import make_article
from truthsite.apps import EDITORS_GROUP
from truthsite.models import SiteSettings
from truthsite.text import render_markdown

pytestmark = pytest.mark.django_db

REFERENCE_CATEGORIES = (
    "U.S.–Russia Relations",
    "U.S.–NATO Relations",
    "Media Coverage & Press Relations",
)


def seed(**options):
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def row_counts():
    models = (
        Article, CommentarySection, Category, Source, Tag, TaggedItem, get_user_model(),
        Article.categories.through, SiteSettings,
    )  # fmt: skip
    return {model.__name__: model.objects.count() for model in models}


def assert_complete(articles):
    """Every article has one section of each kind, rendered HTML and categories."""
    kinds = set(CommentarySection.Kind.values)
    for article in articles.prefetch_related("sections", "categories", "tags"):
        assert {section.kind for section in article.sections.all()} == kinds, article
        assert len(article.sections.all()) == 3
        assert all(section.body_html for section in article.sections.all())
        assert article.body_html and article.summary
        assert 1 <= len(article.categories.all()) <= 3
        assert article.tags.all()


def test_default_run_builds_a_believable_publication():
    seed()

    articles = Article.objects.all()
    assert articles.count() == 50
    assert Article.objects.published().count() == 47
    assert articles.filter(status=Article.Status.DRAFT, publish_at=None).count() == 2
    scheduled = articles.get(status=Article.Status.SCHEDULED)
    assert scheduled.publish_at > timezone.now()
    assert_complete(articles)
    assert len({article.title for article in articles}) == 50
    assert all(article.original_published_at for article in articles)

    featured = articles.get(is_featured=True)
    assert featured.is_published
    assert set(featured.categories.values_list("name", flat=True)) == set(REFERENCE_CATEGORIES)

    # Some bodies collapse behind "Expand", some are short enough not to.
    rests = [article.body_parts(settings.ARTICLE_EXPAND_THRESHOLD)[1] for article in articles]
    assert any(rests) and not all(rests)

    todo = CommentarySection.objects.filter(kind="todo").first().body_html
    assert "<h3>" in todo and "<ol>" in todo and "<ul>" in todo
    assert "<strong>" in todo and 'href="https://' in todo
    opinion = CommentarySection.objects.filter(kind="opinion").first().body_html
    assert opinion.count("<p>") >= 4

    provenances = set(CommentarySection.objects.values_list("provenance", flat=True))
    assert provenances == set(CommentarySection.Provenance.values)
    reviewed = CommentarySection.objects.filter(provenance="ai_reviewed")
    assert not reviewed.filter(reviewed_at=None).exists()
    assert reviewed.filter(reviewed_by__username="editor").count() == reviewed.count()


def test_reference_categories_sources_and_demo_logins(settings):
    settings.DEBUG = True  # development: the demo logins get their published passwords
    output = seed()

    names = list(Category.objects.values_list("name", flat=True))
    assert 12 <= len(names) <= 15
    assert names[:3] == list(REFERENCE_CATEGORIES)
    assert Category.objects.get(name="U.S.–Russia Relations").slug == "us-russia-relations"
    assert any(not name.isascii() for name in names)
    assert all(Category.objects.values_list("description", flat=True))
    assert Source.objects.get(name="Ukrinform").domain == "ukrinform.net"
    assert SiteSettings.objects.filter(pk=1).exists()

    editor = get_user_model().objects.get(username="editor")
    assert editor.is_staff and not editor.is_superuser
    assert editor.check_password("truthsite-editor")
    assert list(editor.groups.values_list("name", flat=True)) == [EDITORS_GROUP]
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("truthsite-admin")
    assert "editor / truthsite-editor" in output and "admin / truthsite-admin" in output


def test_outside_development_demo_users_get_no_usable_password():
    output = seed()
    for username in ("editor", "admin"):
        user = get_user_model().objects.get(username=username)
        assert not user.has_usable_password()
    assert "truthsite-admin" not in output


def test_second_run_changes_nothing_and_keeps_passwords(django_assert_max_num_queries):
    seed()
    editor = get_user_model().objects.get(username="editor")
    editor.set_password("chosen-by-the-editor")
    editor.save()
    before = row_counts()
    updated = dict(Article.objects.values_list("pk", "updated_at"))

    # A constant number of queries: nothing is looked up or written per article.
    with django_assert_max_num_queries(30):
        output = seed()

    assert row_counts() == before
    assert dict(Article.objects.values_list("pk", "updated_at")) == updated
    assert "0 created, 50 already there" in output
    editor.refresh_from_db()
    assert editor.check_password("chosen-by-the-editor")


def test_large_run_bulk_inserts_what_save_would_have_filled_in():
    seed()
    # The bulk path must not fall back to saving articles one by one.
    with mock.patch.object(Article, "save", side_effect=AssertionError("bulk path expected")):
        output = seed(articles=300, categories=20, tags=100)

    assert "250 created, 50 already there" in output
    articles = Article.objects.all()
    assert articles.count() == 300
    assert CommentarySection.objects.count() == 900
    assert_complete(articles)
    assert articles.filter(is_featured=True).count() == 1
    assert Category.objects.count() == 20
    assert Tag.objects.count() <= 100
    # The options' generated categories and tags are in use, not just created.
    hand_written = [name for name, _description in CATEGORIES]
    assert Article.categories.through.objects.exclude(category__name__in=hand_written).exists()
    assert TaggedItem.objects.exclude(tag__name__in=TAGS).exists()

    per_article = articles.annotate(n=Count("sections")).values_list("n", flat=True)
    assert set(per_article) == {3}
    assert len(set(articles.values_list("slug", flat=True))) == 300
    # Block-by-block rendering gives exactly what rendering the whole text gives.
    for article in articles.order_by("pk")[50::25]:
        assert article.body_html == render_markdown(article.body)
        for section in article.sections.all():
            assert section.body_html == render_markdown(section.body)


def test_an_existing_featured_article_stays_the_only_one():
    chosen = make_article(is_featured=True)

    seed(articles=5)

    assert list(Article.objects.filter(is_featured=True)) == [chosen]


def test_bulk_seeded_articles_are_searchable():
    from articles.search import search_articles

    call_command("seed_demo", articles=300, stdout=io.StringIO())
    article = Article.objects.published().order_by("id").last()
    results = search_articles(f'"{article.title}"')
    assert article.pk in {hit.article.pk for hit in results[:20]}
