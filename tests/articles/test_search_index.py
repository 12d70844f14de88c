"""The search index follows every kind of edit, and bulk paths can refresh it."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from taggit.models import Tag

from articles import signals
from articles.models import CONTENT_VERSION_KEY, Article
from articles.search import FTS_TABLE, index_unindexed_articles, refresh_search_index
from articles.search import search_articles as search
from tests.factories import make_article, make_category, make_section, make_source

pytestmark = pytest.mark.django_db


def found(query):
    """Titles containing the words (not PostgreSQL's look-alike titles)."""
    results = search(query)
    hits = results[0:50]
    return [] if results.fuzzy else [hit.article.title for hit in hits]


def test_editing_title_summary_and_body_reindexes():
    article = make_article(title="Grain corridor reopens", summary="Ships sail.", body="Odesa.")
    article.title, article.summary, article.body = "Port blockade", "Ships wait.", "Mykolaiv."
    article.save()
    assert found("corridor") == [] and found("odesa") == []
    assert found("blockade") == found("wait") == found("mykolaiv") == ["Port blockade"]


def test_sections_are_indexed_as_they_change_and_touch_the_article():
    article = make_article(title="Talks")
    before = Article.objects.get(pk=article.pk).updated_at
    section = make_section(article, "opinion", body="Diplomacy first.")
    assert found("diplomacy") == ["Talks"]
    assert Article.objects.get(pk=article.pk).updated_at > before
    section.body = "Deterrence first."
    section.save()
    assert found("diplomacy") == [] and found("deterrence") == ["Talks"]
    version = cache.get(CONTENT_VERSION_KEY)
    section.delete()
    assert found("deterrence") == []
    assert cache.get(CONTENT_VERSION_KEY) > version  # cached pages learn of it too


def test_categories_added_removed_and_cleared_from_either_side():
    article = make_article(title="Story")
    energy, trade = make_category(name="Energy"), make_category(name="Trade")
    article.categories.add(energy)
    assert found("energy") == ["Story"]
    trade.articles.add(article)
    assert found("trade") == ["Story"]
    article.categories.remove(energy)
    assert found("energy") == []
    trade.articles.clear()
    assert found("trade") == []
    article.categories.set([energy])
    assert found("energy") == ["Story"]


def test_tags_set_and_cleared():
    article = make_article(title="Story", tags=["Crimea"])
    assert found("crimea") == ["Story"]
    article.tags.set(["Donbas"])
    assert found("crimea") == [] and found("donbas") == ["Story"]
    article.tags.clear()
    assert found("donbas") == []


def test_renaming_or_deleting_a_category_tag_or_source_reindexes_its_articles():
    source = make_source(name="Ukrinform Agency", domain="wire.example")
    category = make_category(name="Diplomacy")
    make_article(title="Story", source=source, categories=[category], tags=["Envoys"])
    category.name = "Statecraft"
    category.save()
    tag = Tag.objects.get(name="Envoys")
    tag.name = "Emissaries"
    tag.save()
    source.name = "Kyiv Wire"
    source.save()
    assert found("diplomacy") == found("envoys") == found("agency") == []
    assert found("statecraft") == found("emissaries") == found("kyiv wire") == ["Story"]
    category.delete()
    tag.delete()
    assert found("statecraft") == found("emissaries") == []


def test_saving_a_category_without_renaming_it_leaves_the_index_alone(django_assert_num_queries):
    category = make_category(name="Diplomacy")
    make_article(title="Story", categories=[category])
    category.order = 5
    with django_assert_num_queries(2):  # the name check and the update; no refresh
        category.save()


def test_large_renames_refresh_in_a_task_after_commit(
    monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(signals, "REFRESH_INLINE_LIMIT", 1)
    category = make_category(name="Diplomacy")
    for n in range(3):
        make_article(title=f"Story {n}", categories=[category])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        category.name = "Statecraft"
        category.save()
    assert callbacks and found("statecraft") == []
    for callback in callbacks:  # commit: the task runs (immediate backend in tests)
        callback()
    assert len(found("statecraft")) == 3


def test_deleted_articles_leave_the_index():
    article = make_article(title="Gone tomorrow")
    article.delete()
    assert found("gone") == []
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {FTS_TABLE}")
            assert cursor.fetchone()[0] == 0


def bulk_articles(*titles):
    now = timezone.now() - timedelta(hours=1)
    return Article.objects.bulk_create(
        Article(title=title, slug=f"bulk-{n}", status=Article.Status.PUBLISHED, publish_at=now)
        for n, title in enumerate(titles)
    )


def test_bulk_writes_are_found_after_refresh_search_index():
    created = bulk_articles("Bulk wheat", "Bulk barley")
    assert found("wheat") == []
    refresh_search_index([article.pk for article in created])
    assert found("wheat") == ["Bulk wheat"] and found("barley") == ["Bulk barley"]
    Article.objects.filter(pk=created[0].pk).update(title="Bulk rye")
    refresh_search_index()  # everything
    assert found("wheat") == [] and found("rye") == ["Bulk rye"]


def test_index_unindexed_articles_fills_only_the_gaps():
    make_article(title="Indexed oats")
    bulk_articles("Unindexed millet")
    assert found("millet") == []
    index_unindexed_articles()
    assert found("millet") == ["Unindexed millet"] and found("oats") == ["Indexed oats"]


def test_rebuild_search_index_command(capsys):
    bulk_articles("Command sorghum")
    call_command("rebuild_search_index", "--missing")
    assert found("sorghum") == ["Command sorghum"]
    call_command("rebuild_search_index")
    assert "Re-indexed 1 articles." in capsys.readouterr().out
