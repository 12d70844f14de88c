"""The periodic feed poll: one chain at a time, each poll scheduling the next."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import Article, FeedSource
from articles.tasks import POLLING_TOKEN_KEY, poll_feeds, start_feed_polling
from tests.factories import make_source
from tests.import_samples import ZELENSKY, Route, rss

pytestmark = pytest.mark.django_db

DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def due_feed(feed_server):
    feed_server.routes["/rss"] = Route(body=rss([ZELENSKY]))
    return FeedSource.objects.create(
        name="Ukrinform", feed_url=feed_server.url("/rss"), source=make_source()
    )


def test_the_task_imports_due_feeds(due_feed):
    result = poll_feeds.enqueue()  # the in-process backend runs it at once
    assert result.return_value == [due_feed.runs.get().pk]
    assert Article.objects.count() == 1
    # Without a backend that can defer, nothing more is scheduled.
    assert cache.get(POLLING_TOKEN_KEY) is None
    assert start_feed_polling() is False


def test_polling_starts_once_and_each_poll_schedules_the_next(
    due_feed, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DB_BACKEND
    settings.FEED_POLL_INTERVAL = 600
    with django_capture_on_commit_callbacks(execute=True):
        assert start_feed_polling() is True
        assert start_feed_polling() is False  # already running
    first = DBTaskResult.objects.get()
    assert first.args_kwargs["kwargs"]["token"] == cache.get(POLLING_TOKEN_KEY)

    with django_capture_on_commit_callbacks(execute=True):
        poll_feeds.call(token=first.args_kwargs["kwargs"]["token"])
    assert Article.objects.count() == 1
    following = DBTaskResult.objects.exclude(pk=first.pk).get()
    assert following.run_after >= timezone.now() + timedelta(seconds=590)
    assert following.args_kwargs["kwargs"]["token"] == cache.get(POLLING_TOKEN_KEY)


def test_a_stale_chain_ends_without_polling(due_feed, settings, django_capture_on_commit_callbacks):
    settings.TASKS = DB_BACKEND
    cache.set(POLLING_TOKEN_KEY, "current")
    with django_capture_on_commit_callbacks(execute=True):
        assert poll_feeds.call(token="stale") == []
    assert not Article.objects.exists() and not DBTaskResult.objects.exists()


def test_a_poll_that_fails_still_schedules_the_next(
    due_feed, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.TASKS = DB_BACKEND

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("articles.tasks.import_due_feeds", broken)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        poll_feeds.call(token="")
    assert DBTaskResult.objects.count() == 1
