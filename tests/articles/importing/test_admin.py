"""Editors manage feed sources and read import runs in the admin."""

import pytest

from articles.importing import import_feed_location
from articles.models import Article, FeedSource, ImportRun
from tests.factories import make_category, make_editor, make_source
from tests.import_samples import ZELENSKY, Route, rss

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor())
    return client


def test_editor_adds_a_feed_source(editor_client, feed_server):
    source = make_source(name="Ukrinform", domain="ukrinform.net")
    category = make_category(name="News")
    response = editor_client.post(
        "/admin/articles/feedsource/add/",
        {
            "name": "Ukrinform politics",
            "feed_url": feed_server.url("/rss"),
            "source": source.pk,
            "default_categories": [category.pk],
            "is_active": "on",
            "fetch_interval": "30",
            "_save": "Save",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    feed_source = FeedSource.objects.get()
    assert list(feed_source.default_categories.all()) == [category]
    too_often = editor_client.post(
        f"/admin/articles/feedsource/{feed_source.pk}/change/",
        {"name": "x", "feed_url": feed_server.url("/rss"), "source": source.pk,
         "fetch_interval": "1", "_save": "Save"},
    )  # fmt: skip
    assert too_often.status_code == 200
    assert "Ensure this value is greater than or equal to 5." in too_often.content.decode()


def test_fetch_now_action_imports_and_the_list_shows_the_last_result(
    editor_client, feed_server, django_capture_on_commit_callbacks
):
    feed_server.routes["/rss"] = Route(body=rss([ZELENSKY]))
    feed_source = FeedSource.objects.create(
        name="Ukrinform", feed_url=feed_server.url("/rss"), source=make_source()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            "/admin/articles/feedsource/",
            {"action": "fetch_now", "_selected_action": [feed_source.pk]},
            follow=True,
        )
    assert "1 feed is being fetched" in response.content.decode()
    assert Article.objects.count() == 1
    listing = editor_client.get("/admin/articles/feedsource/").content.decode()
    run = ImportRun.objects.get()
    assert f'href="/admin/articles/importrun/{run.pk}/change/"' in listing
    assert "1 created, 0 updated, 0 unchanged, 0 rejected" in listing


def test_import_runs_are_read_only_with_their_rejections(editor_client, tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(rss([ZELENSKY, {"title": "<b>No</b> link"}]))
    run = import_feed_location(str(path))
    listing = editor_client.get("/admin/articles/importrun/")
    assert listing.status_code == 200 and "feed.xml" in listing.content.decode()
    page = editor_client.get(f"/admin/articles/importrun/{run.pk}/change/").content.decode()
    assert "<li>#2 No link: the item has no link</li>" in page
    assert 'name="_save"' not in page
    assert editor_client.get("/admin/articles/importrun/add/").status_code == 403
    change = editor_client.post(f"/admin/articles/importrun/{run.pk}/change/", {"rejected": 0})
    assert change.status_code == 403
    run.refresh_from_db()
    assert run.rejected == 1
