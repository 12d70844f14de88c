"""A non-superuser editor does the whole job through /admin/."""

import pytest
from django.contrib.auth.models import Group

from articles.models import Article, CommentarySection
from tests.factories import make_article, make_category, make_editor, make_source

pytestmark = pytest.mark.django_db


def inline_data(sections):
    data = {
        "sections-TOTAL_FORMS": str(len(sections)),
        "sections-INITIAL_FORMS": "0",
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "3",
        "old_slugs-TOTAL_FORMS": "0",
        "old_slugs-INITIAL_FORMS": "0",
        "old_slugs-MIN_NUM_FORMS": "0",
        "old_slugs-MAX_NUM_FORMS": "1000",
    }
    for index, (kind, body, provenance) in enumerate(sections):
        data[f"sections-{index}-kind"] = kind
        data[f"sections-{index}-body"] = body
        data[f"sections-{index}-provenance"] = provenance
    return data


def test_editors_group_exists_after_migrate_with_article_permissions():
    group = Group.objects.get(name="Editors")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"add_article", "change_article", "preview_article", "add_commentarysection",
            "change_category", "change_sitesettings"} <= codenames  # fmt: skip
    assert "delete_user" not in codenames and "change_group" not in codenames


def test_editor_creates_and_publishes_article_with_three_sections(client):
    editor = make_editor()
    assert not editor.is_superuser
    client.force_login(editor)
    category = make_category(name="U.S.–NATO Relations")
    source = make_source(name="Ukrinform", domain="ukrinform.net")

    add_page = client.get("/admin/articles/article/add/")
    assert add_page.status_code == 200
    form_html = add_page.content.decode()
    # One inline form per section kind, pre-set in page order.
    assert form_html.count('name="sections-0-kind"') == 1
    assert 'name="sections-2-kind"' in form_html

    data = {
        "title": "Envoy reports progress",
        "slug": "envoy-reports-progress",
        "summary": "A summary.",
        "body": "The body.",
        "source": source.pk,
        "source_url": "https://ukrinform.net/x.html",
        "categories": [category.pk],
        "tags": "diplomacy, NATO",
        "status": "published",
        "publish_at_0": "",
        "publish_at_1": "",
        "_save": "Save",
    } | inline_data([
        ("opinion", "My **opinion**.", "editor"),
        ("action", "Do this.", "ai"),
        ("todo", "1. First\n2. Second", "ai_reviewed"),
    ])  # fmt: skip
    response = client.post("/admin/articles/article/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]

    article = Article.objects.get(slug="envoy-reports-progress")
    assert article.is_published and article.last_editor == editor
    todo = article.sections.get(kind="todo")
    assert todo.reviewed_by == editor and todo.reviewed_at is not None

    page = client.get(article.get_absolute_url()).content.decode()
    for text in ("Envoy reports progress", "<strong>opinion</strong>", "Do this.", "To Do:"):
        assert text in page


def test_duplicate_section_kind_is_a_form_error_not_a_500(client):
    client.force_login(make_editor())
    data = {"title": "Twice", "slug": "twice", "status": "draft", "tags": "",
            "publish_at_0": "", "publish_at_1": ""} | inline_data(
        [("opinion", "One.", "editor"), ("opinion", "Two.", "editor")]
    )  # fmt: skip
    response = client.post("/admin/articles/article/add/", data)
    assert response.status_code == 200
    assert "Please correct the duplicate" in response.content.decode()
    assert not Article.objects.filter(slug="twice").exists()


def test_sections_left_empty_are_skipped_not_required(client):
    # The add page offers a form per kind, kind chosen: one left empty is no section.
    client.force_login(make_editor())
    data = {"title": "Only an opinion", "slug": "only-an-opinion", "status": "draft",
            "tags": "", "publish_at_0": "", "publish_at_1": "", "_save": "Save"} | inline_data(
        [("opinion", "Mine.", "editor"), ("action", "", "editor"), ("todo", "", "editor")]
    )  # fmt: skip
    response = client.post("/admin/articles/article/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get(slug="only-an-opinion")
    assert list(article.sections.values_list("kind", flat=True)) == ["opinion"]


def test_publish_and_unpublish_actions(client):
    client.force_login(make_editor())
    draft = make_article(status=Article.Status.DRAFT)
    live = make_article()
    client.post("/admin/articles/article/", {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_published
    client.post("/admin/articles/article/", {"action": "unpublish", "_selected_action": [live.pk]})
    live.refresh_from_db()
    assert live.status == Article.Status.DRAFT


def test_admin_lists_filters_search_and_autocomplete(client):
    client.force_login(make_editor())
    make_article(title="Findable headline", categories=[make_category(name="Findable cat")])
    listing = client.get("/admin/articles/article/?q=Findable&status__exact=published")
    assert listing.status_code == 200 and "Findable headline" in listing.content.decode()
    assert client.get("/admin/articles/article/?publish_at__year=2026").status_code == 200
    autocomplete = client.get(
        "/admin/autocomplete/",
        {"term": "Findable", "app_label": "articles", "model_name": "article",
         "field_name": "categories"},
    )  # fmt: skip
    assert autocomplete.status_code == 200
    assert autocomplete.json()["results"][0]["text"] == "Findable cat"


def test_view_on_site_from_admin_previews_draft(client):
    client.force_login(make_editor())
    draft = make_article(status=Article.Status.DRAFT, title="Draft to preview")
    change = client.get(f"/admin/articles/article/{draft.pk}/change/").content.decode()
    assert "View on site" in change
    assert "Draft to preview" in client.get(draft.get_absolute_url()).content.decode()


def test_site_settings_editable_by_editor(client):
    client.force_login(make_editor())
    response = client.get("/admin/truthsite/sitesettings/")
    assert response.status_code == 200
    assert CommentarySection  # the inline model is importable for the admin
