"""Fetching feeds over HTTP from a local server: validators, 304, limits, errors."""

import socket

import pytest

from articles.importing.fetching import FeedError, fetch_url, read_feed_file
from tests.import_samples import Route, rss

LAST_MODIFIED = "Sun, 17 Aug 2025 15:57:16 GMT"


def test_fetch_returns_the_body_and_its_validators(feed_server):
    body = rss([{"title": "One", "link": "https://ukrinform.net/1.html"}])
    feed_server.routes["/feed"] = Route(body=body, etag='"v1"', last_modified=LAST_MODIFIED)
    fetched = fetch_url(feed_server.url("/feed"))
    assert fetched.content == body
    assert (fetched.etag, fetched.last_modified) == ('"v1"', LAST_MODIFIED)
    assert not fetched.not_modified


def test_conditional_get_sends_validators_and_understands_304(feed_server):
    feed_server.routes["/feed"] = Route(body=rss([]), etag='"v1"', last_modified=LAST_MODIFIED)
    fetched = fetch_url(feed_server.url("/feed"), etag='"v1"', last_modified=LAST_MODIFIED)
    assert fetched.not_modified and fetched.content == b""
    headers = feed_server.requests[-1][1]
    assert headers["If-None-Match"] == '"v1"'
    assert headers["If-Modified-Since"] == LAST_MODIFIED


def test_last_modified_alone_is_enough_for_304(feed_server):
    feed_server.routes["/feed"] = Route(body=rss([]), last_modified=LAST_MODIFIED)
    assert fetch_url(feed_server.url("/feed"), last_modified=LAST_MODIFIED).not_modified
    assert not fetch_url(feed_server.url("/feed")).not_modified


def test_slow_server_times_out(feed_server, settings):
    settings.FEED_FETCH_TIMEOUT = 0.2
    feed_server.routes["/slow"] = Route(slow=True)
    with pytest.raises(FeedError, match="timed out after 0.2 seconds"):
        fetch_url(feed_server.url("/slow"))


@pytest.mark.parametrize("send_length", [True, False], ids=["declared", "streamed"])
def test_oversize_response_is_refused(feed_server, settings, send_length):
    settings.FEED_MAX_BYTES = 10_000
    feed_server.routes["/big"] = Route(body=b"x" * 200_000, send_length=send_length)
    with pytest.raises(FeedError, match="larger than the 10000-byte limit"):
        fetch_url(feed_server.url("/big"))


def test_a_response_just_under_the_limit_is_read(feed_server, settings):
    settings.FEED_MAX_BYTES = 10_000
    feed_server.routes["/fits"] = Route(body=b"x" * 10_000, send_length=False)
    assert len(fetch_url(feed_server.url("/fits")).content) == 10_000


def test_http_errors_are_named(feed_server):
    with pytest.raises(FeedError, match="HTTP 404"):
        fetch_url(feed_server.url("/missing"))


def test_unreachable_server_is_reported():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FeedError, match="unreachable"):
        fetch_url(f"http://127.0.0.1:{port}/feed")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/feed", "feed.xml"])
def test_only_http_and_https_are_fetched(url):
    with pytest.raises(FeedError, match="only http and https"):
        fetch_url(url)


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://example.com/feed"])
def test_redirect_to_another_scheme_is_refused(feed_server, target):
    feed_server.routes["/moved"] = Route(redirect=target)
    with pytest.raises(FeedError, match="(is not allowed|not http or https)"):
        fetch_url(feed_server.url("/moved"))


def test_redirect_to_http_is_followed(feed_server):
    feed_server.routes["/moved"] = Route(redirect=feed_server.url("/feed"))
    feed_server.routes["/feed"] = Route(body=b"<rss/>")
    assert fetch_url(feed_server.url("/moved")).content == b"<rss/>"


def test_files_have_the_same_size_limit(tmp_path, settings):
    settings.FEED_MAX_BYTES = 100
    small, large = tmp_path / "small.xml", tmp_path / "large.xml"
    small.write_bytes(b"x" * 100)
    large.write_bytes(b"x" * 101)
    assert read_feed_file(small) == b"x" * 100
    with pytest.raises(FeedError, match="larger than"):
        read_feed_file(large)
    with pytest.raises(FeedError, match="cannot read"):
        read_feed_file(tmp_path / "missing.xml")
