"""Fetching a feed: http(s) only, with a timeout, a size limit and conditional GET."""

import http.client
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

ALLOWED_SCHEMES = {"http", "https"}
CHUNK = 64 * 1024


class FeedError(Exception):
    """The feed could not be fetched or read as a feed; the message says why."""


@dataclass(frozen=True)
class Fetched:
    content: bytes = b""
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""
    not_modified: bool = False


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme.lower() not in ALLOWED_SCHEMES:
            raise FeedError(
                _("redirected to %(url)s, which is not http or https") % {"url": newurl}
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_opener = urllib.request.build_opener(_HttpOnlyRedirects)


def is_web_address(location):
    return urlsplit(location).scheme.lower() in ALLOWED_SCHEMES


def _too_large(limit):
    return FeedError(_("larger than the %(limit)d-byte limit") % {"limit": limit})


def _read_limited(stream, *, limit, deadline):
    """At most `limit` bytes, or FeedError; `deadline` bounds a server that trickles."""
    chunks, size = [], 0
    while chunk := stream.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        if deadline is not None and time.monotonic() > deadline:
            raise TimeoutError
        chunks.append(chunk)
    return b"".join(chunks)


def fetch_url(url, *, etag="", last_modified=""):
    """GET a feed. Sends the stored validators; a 304 answer gives not_modified=True."""
    if not is_web_address(url):
        raise FeedError(_("only http and https addresses can be fetched"))
    timeout, limit = settings.FEED_FETCH_TIMEOUT, settings.FEED_MAX_BYTES
    headers = {
        "User-Agent": f"truthsite-feed-importer (+{settings.SITE_URL})",
        "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5",
        "Accept-Encoding": "identity",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers)
    deadline = time.monotonic() + timeout * 3
    try:
        with _opener.open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limit:
                raise _too_large(limit)
            content = _read_limited(response, limit=limit, deadline=deadline)
            return Fetched(
                content=content,
                content_type=response.headers.get("Content-Type", ""),
                etag=response.headers.get("ETag", ""),
                last_modified=response.headers.get("Last-Modified", ""),
            )
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return Fetched(not_modified=True, etag=etag, last_modified=last_modified)
        raise FeedError(
            _("the server answered HTTP %(code)d %(reason)s")
            % {"code": error.code, "reason": error.reason}
        ) from error
    except TimeoutError as error:
        raise FeedError(_("timed out after %(seconds)s seconds") % {"seconds": timeout}) from error
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise FeedError(
                _("timed out after %(seconds)s seconds") % {"seconds": timeout}
            ) from error
        raise FeedError(_("unreachable: %(reason)s") % {"reason": error.reason}) from error
    except (OSError, ValueError, http.client.HTTPException) as error:  # resets, bad answers
        raise FeedError(_("could not be read: %(error)s") % {"error": error}) from error


def read_feed_file(path):
    """A feed file from disk, with the same size limit as fetching."""
    limit = settings.FEED_MAX_BYTES
    try:
        with Path(path).open("rb") as stream:
            return _read_limited(stream, limit=limit, deadline=None)
    except OSError as error:
        raise FeedError(
            _("cannot read %(path)s: %(error)s") % {"path": path, "error": error.strerror or error}
        ) from error
