"""JSON import and export: the round trip, idempotence and rejections."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone
from taggit.models import Tag

from articles.importing import export_articles_json, import_articles_json
from articles.models import Article, Category, CommentarySection, ImportRun, Source
from tests.factories import make_article, make_category, make_section, make_source
from tests.import_samples import ARTICLE_ROW

pytestmark = pytest.mark.django_db


def canonical_dump():
    """Everything a reader or editor sees of the articles, without database ids."""
    return {
        "categories": sorted(Category.objects.values_list("name", "slug", "description", "order")),
        "sources": sorted(Source.objects.values_list("name", "domain")),
        "tags": sorted(Tag.objects.values_list("name", "slug")),
        "articles": [
            {
                **{
                    name: getattr(article, name)
                    for name in (
                        "title",
                        "slug",
                        "source_url",
                        "original_published_at",
                        "summary",
                        "body",
                        "body_html",
                        "status",
                        "publish_at",
                        "is_featured",
                    )
                },  # fmt: skip
                "source": article.source and article.source.name,
                "categories": sorted(category.name for category in article.categories.all()),
                "tags": sorted(article.tags.names()),
                "sections": [
                    (
                        section.kind,
                        section.body,
                        section.body_html,
                        section.provenance,
                        section.reviewed_by and section.reviewed_by.username,
                        section.reviewed_at,
                    )
                    for section in article.sections_in_order()
                ],  # fmt: skip
            }
            for article in Article.objects.order_by("slug")
        ],
    }


def delete_all_content():
    Article.objects.all().delete()
    Category.objects.all().delete()
    Source.objects.all().delete()
    Tag.objects.all().delete()


@pytest.fixture
def site():
    """A varied site: published, scheduled and draft articles, every section kind and
    provenance, categories with non-ASCII names, an article without a source."""
    reviewer = User.objects.create_user("reviewer", is_staff=True)
    relations = make_category(name="U.S.–Russia Relations", description="Talks & deals", order=2)
    press = make_category(name="Media Coverage & Press Relations", order=1)
    make_category(name="Empty – still listed")
    ukrinform = make_source(name="Ukrinform", domain="ukrinform.net")
    first = make_article(
        title="Witkoff: concessions on five regions",
        source=ukrinform,
        source_url="https://www.ukrinform.net/a.html",
        original_published_at=datetime(2025, 8, 17, 15, 57, 16, tzinfo=UTC),
        categories=[relations, press],
        tags=["Witkoff", "NATO"],
        is_featured=True,
    )
    make_section(first, "opinion", provenance=CommentarySection.Provenance.AI_GENERATED)
    make_section(
        first, "action", provenance=CommentarySection.Provenance.AI_REVIEWED,
        reviewed_by=reviewer, reviewed_at=datetime(2025, 8, 18, 9, 0, tzinfo=UTC),
    )  # fmt: skip
    make_section(first, "todo", body="1. Write\n2. <script>x</script>Call")
    make_article(
        title="Scheduled piece",
        source_url="https://www.ukrinform.net/b.html",
        status=Article.Status.SCHEDULED,
        publish_at=timezone.now() + timedelta(days=2),
        categories=[press],
    )
    make_article(title="An editor's draft", status=Article.Status.DRAFT, source=None)
    return reviewer


def test_export_then_import_into_an_empty_site_reproduces_it(site):
    before = canonical_dump()
    exported = export_articles_json()
    delete_all_content()
    assert canonical_dump()["articles"] == []

    run = import_articles_json(exported)
    assert (run.created, run.rejected, run.outcome) == (3, 0, ImportRun.Outcome.OK)
    assert run.warnings == []
    assert canonical_dump() == before
    assert export_articles_json() == exported


def test_reviewer_missing_from_the_new_site_is_left_empty_with_a_warning(site):
    exported = export_articles_json()
    delete_all_content()
    site.delete()
    run = import_articles_json(exported)
    assert run.created == 3 and run.rejected == 0
    assert run.warnings[0]["reason"] == "no user 'reviewer'; reviewer left empty"
    section = CommentarySection.objects.get(kind="action")
    assert section.reviewed_by is None
    assert section.reviewed_at == datetime(2025, 8, 18, 9, 0, tzinfo=UTC)


def test_importing_the_same_file_again_changes_nothing(site):
    exported = export_articles_json()
    stamps = list(Article.objects.order_by("pk").values_list("updated_at", flat=True))
    run = import_articles_json(exported)
    assert (run.created, run.updated, run.unchanged, run.rejected) == (0, 0, 3, 0)
    assert list(Article.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps


def test_a_row_creates_an_article_with_sections_categories_and_tags():
    run = import_articles_json([ARTICLE_ROW])
    assert run.created == 1, run.report_lines()
    article = Article.objects.get()
    assert article.source.domain == "ukrinform.net"
    assert article.original_published_at == datetime(2025, 8, 17, 15, 57, 16, tzinfo=UTC)
    assert article.is_published
    assert sorted(category.name for category in article.categories.all()) == sorted(
        ARTICLE_ROW["categories"]
    )
    assert sorted(article.tags.names()) == ["Witkoff", "peace talks"]
    assert [section.kind for section in article.sections_in_order()] == ["opinion", "todo"]
    assert "<strong>tensions</strong>" in article.sections.get(kind="opinion").body_html
    assert import_articles_json([ARTICLE_ROW]).unchanged == 1


def test_a_row_updates_by_source_url():
    import_articles_json([ARTICLE_ROW])
    changed = {
        **ARTICLE_ROW,
        "title": "New title",
        "tags": ["peace talks"],
        "sections": {"opinion": None, "action": {"body": "Donate.", "provenance": "editor"}},
    }
    run = import_articles_json([changed])
    assert (run.created, run.updated) == (0, 1)
    article = Article.objects.get()
    assert article.title == "New title" and list(article.tags.names()) == ["peace talks"]
    # null removes a section; a section not named is kept.
    assert [section.kind for section in article.sections_in_order()] == ["action", "todo"]


def test_fields_left_out_keep_their_values():
    import_articles_json([ARTICLE_ROW])
    run = import_articles_json([{"source_url": ARTICLE_ROW["source_url"], "summary": "Shorter."}])
    assert run.updated == 1
    article = Article.objects.get()
    assert article.summary == "Shorter." and article.title == ARTICLE_ROW["title"]
    assert article.categories.count() == 2 and article.sections.count() == 2


def test_published_without_a_time_keeps_its_first_publication_time():
    row = {**ARTICLE_ROW, "publish_at": None}
    import_articles_json([row])
    first = Article.objects.get().publish_at
    assert import_articles_json([row]).unchanged == 1
    assert Article.objects.get().publish_at == first


def test_script_in_a_body_never_survives():
    row = {**ARTICLE_ROW, "body": 'Hi <script>alert(1)</script><img src=x onerror="alert(1)">'}
    row["sections"] = {"opinion": {"body": "[x](javascript:alert(1)) <b onclick=alert(1)>b</b>"}}
    import_articles_json([row])
    article = Article.objects.get()
    rendered = article.body_html + article.sections.get().body_html
    for needle in ("<script", "onerror", "javascript:", "onclick"):
        assert needle not in rendered.lower()


def test_bad_rows_are_rejected_with_their_index_and_reason_and_the_rest_imported():
    url = "https://example.org/{}.html".format
    rows = [
        {**ARTICLE_ROW, "source_url": url(1), "title": ""},
        {**ARTICLE_ROW, "source_url": "not a url"},
        {**ARTICLE_ROW, "source_url": url(3), "original_published_at": "17/08/2025"},
        {**ARTICLE_ROW, "source_url": url(4), "publish_at": "2025-08-17T12:00:00"},
        {**ARTICLE_ROW, "source_url": url(5), "sections": {"comment": {"body": "x"}}},
        {**ARTICLE_ROW, "source_url": url(6), "title": "x" * 301},
        "just a string",
        {"title": "No key"},
        {**ARTICLE_ROW, "source_url": url(9), "status": "live"},
        {**ARTICLE_ROW, "source_url": url(10), "sections": {"action": {"body": ""}}},
        {**ARTICLE_ROW, "source_url": url(11), "categories": "Politics"},
        ARTICLE_ROW,
        {**ARTICLE_ROW, "title": "Same URL again"},
    ]
    run = import_articles_json(rows)
    assert (run.created, run.rejected) == (1, 12), run.report_lines()
    reasons = {entry["index"]: entry["reason"] for entry in run.rejections}
    assert reasons == {
        1: "title: This field cannot be blank.",
        2: "source_url: Enter a valid URL.",
        3: "original_published_at: '17/08/2025' is not an ISO 8601 time",
        4: "publish_at: '2025-08-17T12:00:00' has no time zone offset",
        5: "sections.comment: unknown section kind; use one of opinion, action, todo",
        6: "title: Ensure this value has at most 300 characters (it has 301).",
        7: "an article must be an object",
        8: "needs a source_url or a slug",
        9: "status: Value 'live' is not a valid choice.",
        10: "sections.action: body: This field cannot be blank.",
        11: "categories: must be a list of names",
        13: "same source_url or slug as #12",
    }
    assert Article.objects.get().source_url == ARTICLE_ROW["source_url"]
    # Nothing of a rejected row is kept: its categories and source were rolled back.
    assert not Category.objects.filter(name="Politics").exists()


def test_a_rejected_row_leaves_no_trace():
    row = {
        **ARTICLE_ROW,
        "categories": ["Brand new"],
        "source": {"name": "New", "domain": "new.example"},
    }
    row["sections"] = {"opinion": {"body": "ok"}, "todo": {"body": "x", "provenance": "bogus"}}
    run = import_articles_json([row])
    assert run.rejected == 1
    assert (
        "sections.todo: provenance: Value 'bogus' is not a valid choice."
        in run.rejections[0]["reason"]
    )
    assert not Article.objects.exists() and not Category.objects.exists()
    assert not Source.objects.exists() and not CommentarySection.objects.exists()


def test_unknown_fields_are_reported_as_warnings():
    run = import_articles_json([{**ARTICLE_ROW, "titel": "typo"}])
    assert run.created == 1
    assert run.warnings[0]["reason"] == "ignored unknown fields: titel"


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ("{not json", "not valid JSON: Expecting property name enclosed in double quotes"),
        ('{"rows": []}', 'expected a list of articles, or an object with an "articles" list'),
        ("42", 'expected a list of articles, or an object with an "articles" list'),
    ],
)
def test_a_file_that_is_not_the_format_fails_clearly(data, error):
    run = import_articles_json(data)
    assert run.outcome == ImportRun.Outcome.FAILED and run.error.startswith(error)


def test_export_needs_a_constant_number_of_queries(site, django_assert_max_num_queries):
    for n in range(5):
        make_article(categories=[make_category()], tags=[f"t{n}"], sections=["opinion"])
    with django_assert_max_num_queries(5):
        document = json.loads(export_articles_json())
    assert len(document["articles"]) == 8 and document["format"] == "truthsite-articles"


def test_the_example_in_the_readme_imports():
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    example = readme.split("```json\n", 1)[1].split("```", 1)[0]
    run = import_articles_json(example)
    assert (run.created, run.rejected) == (1, 0), run.report_lines()
    article = Article.objects.get()
    assert article.sections.get().provenance == "ai_reviewed"
    assert article.categories.get().slug == "us-russia-relations"
