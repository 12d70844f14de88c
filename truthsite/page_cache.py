"""Whole pages for anonymous readers from the cache, never stale after an edit.

A reader page opts in where its URL is declared: `path(..., reader_page(ARTICLES)(view))`.
Each dependency (ARTICLES in articles.services, PETITIONS and petition counts in
petitions.services) is a version counter in the cache that every change to what it
covers bumps, plus optionally the next time it changes by itself (a scheduled
article's publication, a petition opening or closing). A page is stored under its
URL and the current versions, so an edit makes every page that shows it unreachable
at once; the stored entry also carries the time of the next scheduled change and
counts as a miss from that moment on. Nothing has to find and delete pages.

Served from the cache only: GET requests without a session or messages cookie (so
never signed-in staff, whose responses are marked private) to a reader page, with
no query parameters but the ones the page allows. Stored only: 200 responses that
set no cookie, did not use a CSRF token and are not marked private or uncacheable.
The middleware sits just after WhiteNoise, so a hit skips sessions, CSRF, auth and
the view: two cache round trips (versions, then the page).

Forms on cached pages (the footer sign-up, the petition form) carry no CSRF token
(see truthsite.same_origin) and their signed "form shown at" time is filled in fresh
for every response (truthsite.abuse.HumanCheckFormMixin).

Browsers and proxies get a weak ETag and `Cache-Control: public, max-age=N,
must-revalidate` (PAGE_CACHE_BROWSER_SECONDS, 0 by default: always ask, and a
conditional GET is answered 304 from the cache).
"""

import hashlib
import re
import time
from dataclasses import dataclass
from functools import lru_cache, wraps

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_cache_control

# The signed time a form was shown (HumanCheckFormMixin): one per response, not per page.
_FORM_STARTED = re.compile(rb'(name="form_started" value=")[^"]*(")')
_FORM_STARTED_SLOT = b"\x00form-started\x00"
# Headers of the stored response that are worked out again for each reply.
_NOT_STORED = {"content-length", "cache-control", "etag", "set-cookie", "x-query-count"}
NO_CHANGE = -1.0  # "no scheduled change": stored instead of None, which reads as a miss


@dataclass(frozen=True)
class Dependency:
    """Something pages show: a version counter in the cache, bumped on every change,
    and optionally next_change(), the next datetime at which it changes by itself."""

    version_key: str
    next_change: object = None  # a callable returning an aware datetime or None


def bump_version(key):
    """Count one change. A counter the cache lost restarts at a time-based value, never
    at a number an earlier counter could have had (pages stored under it would return)."""
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, time.time_ns() // 1000, None)


def current_versions(keys):
    """The counters' values in one round trip; missing ones are started (see bump_version)."""
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, time.time_ns() // 1000, None)
            found[key] = cache.get(key)
    return [found[key] for key in keys]


def _next_change(dependency, version, now):
    """When the dependency next changes by itself (a timestamp, or NO_CHANGE); cached per
    version, and worked out again once that moment has come."""
    key = f"{dependency.version_key}:next-change:{version}"
    when = cache.get(key)
    if when is None or NO_CHANGE < when <= now:
        moment = dependency.next_change()
        when = moment.timestamp() if moment else NO_CHANGE
        cache.set(key, when, settings.PAGE_CACHE_SECONDS)
    return when


def valid_until(dependencies, versions, now):
    """The time at which something stored now, under these versions, stops being valid."""
    until = now + settings.PAGE_CACHE_SECONDS
    for dependency, version in zip(dependencies, versions, strict=False):
        if dependency.next_change is not None:
            when = _next_change(dependency, version, now)
            if when != NO_CHANGE:
                until = min(until, when)
    return until


def _timeout(until, now):
    return max(1, int(until - now) + 1)


def remember(name, dependencies, compute):
    """compute(), cached until one of the dependencies changes (e.g. a page count)."""
    versions = current_versions([dependency.version_key for dependency in dependencies])
    key = f"remember:{name}:" + ".".join(map(str, versions))
    now = time.time()
    entry = cache.get(key)
    if entry is not None and entry[0] > now:
        return entry[1]
    value = compute()
    until = valid_until(dependencies, versions, now)
    cache.set(key, (until, value), _timeout(until, now))
    return value


# ---------------------------------------------------------------------------
# Declaring reader pages


@dataclass(frozen=True)
class ReaderPage:
    dependencies: tuple
    query: frozenset  # the query parameters the page may be cached with
    more_versions: object = None  # callable(view kwargs) -> version keys for one object

    def version_keys(self, kwargs):
        keys = [dependency.version_key for dependency in self.dependencies]
        if self.more_versions is not None:
            keys += self.more_versions(kwargs)
        return keys


def reader_page(*dependencies, query=("page",), more_versions=None):
    """Mark a view (function, as_view() or Feed instance) as a page anonymous readers
    get from the cache. dependencies: what it shows (Dependency objects); query: the
    query parameters it may be cached with (others make it render uncached);
    more_versions(kwargs): extra version keys for the one object a URL names."""
    policy = ReaderPage(tuple(dependencies), frozenset(query), more_versions)

    def decorate(view):
        @wraps(view)
        def page(request, *args, **kwargs):
            return view(request, *args, **kwargs)

        page.reader_page = policy
        return page

    return decorate


# ---------------------------------------------------------------------------
# Serving


def _fresh_form_started():
    return signing.dumps(time.time(), salt="form-started").encode()


def _cache_key(request, policy):
    """None when the request's query string is not one the page is cached with."""
    params = request.GET
    if params:
        if not set(params) <= policy.query:
            return None
        if any(len(params.getlist(name)) != 1 or len(params[name]) > 20 for name in params):
            return None
    query = "&".join(f"{name}={params[name]}" for name in sorted(params))
    location = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    digest = hashlib.blake2b(location.encode(), digest_size=16).hexdigest()
    return digest


@dataclass
class _Entry:
    until: float
    status: int
    headers: list
    body: bytes  # with _FORM_STARTED_SLOT where each reply gets its own value
    etag: str
    fills_form_started: bool


def _storable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page holds a CSRF token
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-cache", "no-store")):
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    return vary <= {"cookie"}


def _entry_for(response, until):
    body, slots = _FORM_STARTED.subn(rb"\1" + _FORM_STARTED_SLOT + rb"\2", response.content)
    etag = 'W/"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
    headers = [(name, value) for name, value in response.items() if name.lower() not in _NOT_STORED]
    return _Entry(until, response.status_code, headers, body, etag, bool(slots))


def _cache_control():
    return f"public, max-age={settings.PAGE_CACHE_BROWSER_SECONDS}, must-revalidate"


def _reply(request, entry):
    body = entry.body
    if entry.fills_form_started:
        body = body.replace(_FORM_STARTED_SLOT, _fresh_form_started())
    response = HttpResponse(body, status=entry.status, headers=dict(entry.headers))
    response["Content-Length"] = str(len(body))
    response["Cache-Control"] = _cache_control()
    response["ETag"] = entry.etag
    if "HTTP_IF_NONE_MATCH" in request.META:
        return get_conditional_response(request, etag=entry.etag, response=response)
    return response


@lru_cache(maxsize=4096)
def _reader_page(path, urlconf):
    """(policy, view kwargs) when path is a reader page, else None. Remembered: resolving
    a URL costs as much as the rest of serving a cached page, and patterns are fixed."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    policy = getattr(match.func, "reader_page", None)
    return (policy, match.kwargs) if policy else None


@receiver(setting_changed)
def _urls_changed(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reader_page.cache_clear()


def _versions_and_entry(version_keys, prefix):
    """The counters' values and the page stored under them: one round trip to Redis
    (truthsite.cache.RedisCache), two to other caches."""
    versioned_get = getattr(cache, "versioned_get", None)
    if versioned_get is not None:
        versions, entry = versioned_get(version_keys, prefix)
        if entry is not None:
            return versions, entry
    versions = current_versions(version_keys)
    return versions, cache.get(prefix + ".".join(map(str, versions)))


class PageCacheMiddleware:
    """Serves and stores reader pages (see the module's docstring). Place it right
    after WhiteNoiseMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "GET" or not settings.PAGE_CACHE_ENABLED:
            return self.get_response(request)
        found = _reader_page(request.path_info, getattr(request, "urlconf", None))
        if found is None:
            return self.get_response(request)
        policy, view_kwargs = found
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
            # Signed in (or a message waiting): theirs alone, never shared.
            response = self.get_response(request)
            patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
            return response
        if settings.PAGE_CACHE_BENCH_BYPASS and "HTTP_X_BENCH_BYPASS_CACHE" in request.META:
            return self.get_response(request)  # `make bench` measures the uncached page
        location = _cache_key(request, policy)
        if location is None:
            return self.get_response(request)

        prefix = f"page:{location}:"
        version_keys = policy.version_keys(view_kwargs)
        now = time.time()
        versions, entry = _versions_and_entry(version_keys, prefix)
        if entry is not None and entry.until > now:
            return _reply(request, entry)
        key = prefix + ".".join(map(str, versions))

        response = self.get_response(request)
        if not _storable(request, response):
            return response
        until = valid_until(policy.dependencies, versions, now)
        entry = _entry_for(response, until)
        cache.set(key, entry, _timeout(until, now))
        response["Cache-Control"] = _cache_control()
        response["ETag"] = entry.etag
        if "HTTP_IF_NONE_MATCH" in request.META:
            return get_conditional_response(request, etag=entry.etag, response=response)
        return response
