"""Background work of the articles app: polling news feeds every few minutes.

django.tasks has no periodic schedule, so each poll enqueues the next one
(FEED_POLL_INTERVAL seconds later). Only the chain holding the token in the shared
cache carries on, so starting polling twice never polls twice as often; and each
FeedSource is claimed before it is fetched, so even overlapping polls fetch a feed
once. With a backend that cannot defer (the in-process one used in development),
polling is not scheduled: run `manage.py import_feeds` instead.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from articles.importing import import_due_feeds, import_feed
from articles.models import FeedSource

POLLING_TOKEN_KEY = "articles:feed-polling-token"


def _token_lifetime():
    # A chain that has not renewed its token for this long is presumed dead.
    return settings.FEED_POLL_INTERVAL * 3 + 60


def _enqueue_poll(token, *, delay):
    run_after = timezone.now() + timedelta(seconds=delay)
    transaction.on_commit(lambda: poll_feeds.using(run_after=run_after).enqueue(token=token))


def start_feed_polling():
    """Schedule the periodic poll unless a chain is already running. True if scheduled."""
    if not poll_feeds.get_backend().supports_defer:
        return False
    token = uuid.uuid4().hex
    if not cache.add(POLLING_TOKEN_KEY, token, timeout=_token_lifetime()):
        return False
    _enqueue_poll(token, delay=0)
    return True


@task
def poll_feeds(token=""):
    """Import the feed sources that are due, then schedule the next poll."""
    current = cache.get(POLLING_TOKEN_KEY)
    if token and current not in (None, token):
        return []  # another chain polls; this one ends here
    try:
        return [run.pk for run in import_due_feeds()]
    finally:
        if poll_feeds.get_backend().supports_defer:
            next_token = uuid.uuid4().hex
            cache.set(POLLING_TOKEN_KEY, next_token, timeout=_token_lifetime())
            _enqueue_poll(next_token, delay=settings.FEED_POLL_INTERVAL)


@task
def import_feed_source(feed_source_id):
    """Fetch one feed source now (the admin's "Fetch now" action)."""
    feed_source = FeedSource.objects.filter(pk=feed_source_id).select_related("source").first()
    return import_feed(feed_source).pk if feed_source else None
