"""truthsite.cache.RedisCache: Django's Redis cache, clients kept, one-trip versioned get.

Needs a Redis server (REDIS_TEST_URL, default redis://127.0.0.1:6379/13; the database
is flushed); skipped when none answers.
"""

import os

import pytest
from django.test import override_settings

from tests.factories import make_article
from truthsite.cache import RedisCache

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/13")


@pytest.fixture
def redis_cache():
    import redis

    try:
        redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1).flushdb()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_TEST_URL}")
    backend = RedisCache(REDIS_TEST_URL, {"KEY_PREFIX": "test"})
    yield backend
    backend.clear()


def test_one_client_serves_every_call(redis_cache):
    redis_cache.set("a", 1)
    redis_cache.get("a")
    client = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client(write=True) is client


def test_versioned_get_reads_the_counters_and_the_entry_under_them(redis_cache):
    assert redis_cache.versioned_get(["v1", "v2"], "page:x:") == (None, None)
    redis_cache.set("v1", 7, None)
    redis_cache.set("v2", 123456789012345, None)
    assert redis_cache.versioned_get(["v1", "v2"], "page:x:") == (None, None)
    redis_cache.set("page:x:7.123456789012345", {"body": b"<html>"})
    assert redis_cache.versioned_get(["v1", "v2"], "page:x:") == (
        [7, 123456789012345],
        {"body": b"<html>"},
    )
    redis_cache.incr("v1")
    assert redis_cache.versioned_get(["v1", "v2"], "page:x:") == (None, None)


@pytest.mark.django_db
def test_pages_come_from_redis_in_one_round_trip(client, redis_cache, django_assert_num_queries):
    article = make_article(title="Served from Redis")
    caches = {"default": {"BACKEND": "truthsite.cache.RedisCache", "LOCATION": REDIS_TEST_URL}}
    with override_settings(CACHES=caches):
        from django.core.cache import cache

        cache.clear()
        client.get(article.get_absolute_url())
        calls = []
        original = RedisCache.versioned_get
        RedisCache.versioned_get = lambda self, *args: calls.append(args) or original(self, *args)
        try:
            with django_assert_num_queries(0):
                response = client.get(article.get_absolute_url())
        finally:
            RedisCache.versioned_get = original
        assert b"Served from Redis" in response.content and len(calls) == 1
        article.title = "Edited in Redis"
        article.save()
        assert b"Edited in Redis" in client.get(article.get_absolute_url()).content
        cache.clear()
