"""RSS and Atom feeds to articles.

Each item becomes an article keyed by its link (Article.source_url): a draft, or
published when its FeedSource says so. Importing the same item again updates the
article only when the feed changed the item, so editors' changes to an imported
draft survive polling and a draft they deleted does not come back.
"""

import hashlib
import html
import io
import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from xml.sax import SAXParseException

import feedparser
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.importing.common import (
    CategoryMatcher,
    find_or_create_source,
    host_of,
    import_item,
    parse_datetime,
    plain_text,
    set_changed,
    summary_from,
)
from articles.importing.fetching import FeedError, fetch_url, is_web_address, read_feed_file
from articles.models import Article, FeedItem, FeedSource, ImportRun, Source, unique_slug
from truthsite.text import sanitise_html

logger = logging.getLogger(__name__)

# feedparser flags these, yet reads the feed correctly: not worth a warning.
_HARMLESS_BOZO = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


@dataclass
class FeedJob:
    """Where a feed's articles go: their source, extra categories, draft or published."""

    source: Source
    default_categories: list = field(default_factory=list)
    publish: bool = False
    feed_source: FeedSource | None = None

    @classmethod
    def for_feed_source(cls, feed_source, *, publish=False):
        return cls(
            source=feed_source.source,
            default_categories=list(feed_source.default_categories.all()),
            publish=publish or feed_source.publish_directly,
            feed_source=feed_source,
        )


def parse_feed(content, content_type="", url=""):
    """Bytes to a feedparser result, or FeedError when they are not RSS or Atom.
    Relative links in the feed are resolved against `url`."""
    headers = {"content-type": content_type} if content_type else {}
    if url:
        headers["content-location"] = url
    parsed = feedparser.parse(io.BytesIO(content), response_headers=headers)
    if not parsed.get("version") and not parsed.entries:
        problem = _describe_problem(parsed.get("bozo_exception"))
        raise FeedError(_("not an RSS or Atom feed") + (f" ({problem})" if problem else ""))
    return parsed


def _describe_problem(problem):
    if isinstance(problem, SAXParseException):
        return _("line %(line)s: %(message)s") % {
            "line": problem.getLineNumber(), "message": problem.getMessage()
        }  # fmt: skip
    return str(problem or "")


def _entry_body(entry):
    """The fullest text the item offers, as sanitised HTML (stored in the Markdown body,
    which passes HTML through; it is sanitised again when rendered)."""
    candidates = [*entry.get("content", []), entry.get("summary_detail") or {}]
    for candidate in candidates:
        value = (candidate.get("value") or "").strip()
        if value:
            if candidate.get("type") == "text/plain":
                return html.escape(value, quote=False)
            return sanitise_html(value).strip()
    return ""


def _entry_fields(entry):
    """(article fields, category names, warnings) read from one feed item."""
    warnings = []
    body = _entry_body(entry)
    description = entry.get("summary", "")
    has_own_summary = entry.get("content") and plain_text(description) != plain_text(body)
    # dict.get: FeedParserDict.get maps a missing "updated" to "published", with a warning.
    key = "published" if dict.get(entry, "published") else "updated"
    raw_date = dict.get(entry, key) or ""
    published_at, has_zone = parse_datetime(raw_date)
    if published_at is None:
        parsed = dict.get(entry, f"{key}_parsed")
        if parsed:  # feedparser reads more formats; its result is UTC
            published_at = datetime(*parsed[:6], tzinfo=UTC)
        elif raw_date:
            warnings.append(
                _("unreadable date %(date)r; imported without one") % {"date": raw_date}
            )
    elif not has_zone:
        warnings.append(_("date %(date)r has no time zone; read as UTC") % {"date": raw_date})
    fields = {
        "source_url": (entry.get("link") or "").strip(),
        "title": plain_text(entry.get("title", "")),
        "summary": summary_from(description if has_own_summary else body),
        "body": body,
        "original_published_at": published_at,
    }
    names = [tag.get("term") or tag.get("label") or "" for tag in entry.get("tags", [])]
    return fields, [name for name in names if name.strip()], warnings


def _fingerprint(fields, categories, job):
    values = {**fields, "categories": sorted(categories), "source": job.source.pk}
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()


def _save_entry(job, fields, categories):
    url = fields["source_url"]
    if not url:
        raise ValidationError(_("the item has no link"))
    fingerprint = _fingerprint(fields, [category.pk for category in categories], job)
    record = FeedItem.objects.filter(source_url=url).first()
    article = Article.objects.filter(source_url=url).first()
    values = {**fields, "source": job.source}
    if article is None:
        if record is not None:  # imported before, then deleted by an editor
            return "unchanged"
        article = Article(**values)
        article.slug = unique_slug(Article, article.title)
        if job.publish:
            article.status, article.publish_at = Article.Status.PUBLISHED, timezone.now()
        article.full_clean()
        article.save()
        article.categories.set(categories)
        result = "created"
    elif record is None:
        # Written by hand or imported from JSON before the feed had it: the feed
        # changes it only when the item itself changes later.
        result = "unchanged"
    elif record.fingerprint == fingerprint:
        return "unchanged"
    else:
        changed = set_changed(article, values)
        if changed:
            article.full_clean()
            article.save()
        missing = set(categories) - set(article.categories.all())
        article.categories.add(*missing)
        result = "updated" if changed or missing else "unchanged"
    FeedItem.objects.update_or_create(
        source_url=url, defaults={"fingerprint": fingerprint, "feed_source": job.feed_source}
    )
    return result


def _import_entries(run, parsed, job):
    problem = parsed.get("bozo_exception")
    if parsed.get("bozo") and not isinstance(problem, _HARMLESS_BOZO):
        run.warn(None, "", _("the feed is not well-formed (%(problem)s); imported what could be "
                             "read") % {"problem": _describe_problem(problem)})  # fmt: skip
    matcher = CategoryMatcher()
    seen = {}
    for index, entry in enumerate(parsed.entries, start=1):
        fields, names, warnings = _entry_fields(entry)
        label = fields["source_url"] or fields["title"]
        for warning in warnings:
            run.warn(index, label, warning)
        url = fields["source_url"]
        if url in seen:
            run.reject(index, label, _("same link as #%(index)d") % {"index": seen[url]})
            continue
        categories = {category for category in map(matcher.find, names) if category}
        categories.update(job.default_categories)
        if import_item(run, index, label, _save_entry, job, fields, categories) and url:
            seen[url] = index


def _finish_failed(run, error):
    if isinstance(error, FeedError):
        return run.finish(ImportRun.Outcome.FAILED, str(error))
    # Anything unexpected still ends only this feed's run; the others carry on.
    logger.exception("Importing %s failed", run.location)
    return run.finish(ImportRun.Outcome.FAILED, _("unexpected error: %(error)r") % {"error": error})


def import_feed(feed_source):
    """Fetch a FeedSource (conditional GET) and import its items. Returns the ImportRun."""
    now = timezone.now()
    run = ImportRun.objects.create(
        kind=ImportRun.Kind.FEED, feed_source=feed_source, location=feed_source.feed_url
    )
    job = FeedJob.for_feed_source(feed_source)
    try:
        fetched = fetch_url(
            feed_source.feed_url, etag=feed_source.etag, last_modified=feed_source.last_modified
        )
        if fetched.not_modified:
            run.finish(ImportRun.Outcome.NOT_MODIFIED)
        else:
            parsed = parse_feed(fetched.content, fetched.content_type, feed_source.feed_url)
            _import_entries(run, parsed, job)
            feed_source.etag, feed_source.last_modified = fetched.etag, fetched.last_modified
            run.finish()
    except Exception as error:  # reported on the run: see _finish_failed
        _finish_failed(run, error)
    feed_source.last_run = run
    feed_source.schedule_next_fetch(now)
    feed_source.save(
        update_fields=["etag", "last_modified", "last_run", "last_fetched_at", "next_fetch_at"]
    )
    return run


def _source_for(parsed, location, source_name):
    links = [parsed.feed.get("link", ""), *(entry.get("link", "") for entry in parsed.entries)]
    domain = next((host_of(link) for link in [*links, location] if host_of(link)), "")
    try:
        if source_name:
            return find_or_create_source(name=source_name, domain=domain)
        found = Source.objects.filter(domain=domain).first() if domain else None
        name = plain_text(parsed.feed.get("title", "")) or domain
        return found or find_or_create_source(name=name, domain=domain)
    except ValidationError as error:
        raise FeedError(
            _("cannot tell which source this feed belongs to (%(error)s); name one")
            % {"error": " ".join(error.messages)}
        ) from error


def import_feed_location(location, *, source_name=None, publish=False):
    """Import a feed from a URL or a file once, by hand.

    `source_name` names a FeedSource (whose source, categories and publishing
    apply) or a Source (created if new). Without one, a URL that belongs to a
    FeedSource is fetched as that source; otherwise the source is found by the
    feed's domain or created from its title.
    """
    feed_source = None
    if source_name:
        feed_source = FeedSource.objects.filter(name__iexact=source_name).first()
    elif is_web_address(location) and not publish:
        by_url = FeedSource.objects.filter(feed_url=location).first()
        if by_url:
            return import_feed(by_url)
    run = ImportRun.objects.create(
        kind=ImportRun.Kind.FEED, location=location[:1000], feed_source=feed_source
    )
    try:
        if is_web_address(location):
            fetched = fetch_url(location)
            parsed = parse_feed(fetched.content, fetched.content_type, location)
        elif "://" in location:
            raise FeedError(_("only http and https addresses or files can be imported"))
        else:
            parsed = parse_feed(read_feed_file(location))
        if feed_source:
            job = FeedJob.for_feed_source(feed_source, publish=publish)
        else:
            job = FeedJob(source=_source_for(parsed, location, source_name), publish=publish)
        _import_entries(run, parsed, job)
        run.finish()
    except Exception as error:  # reported on the run: see _finish_failed
        _finish_failed(run, error)
    if feed_source:
        feed_source.last_run = run
        feed_source.save(update_fields=["last_run"])
    return run


def import_due_feeds(*, now=None, everything=False):
    """Import every active FeedSource whose time has come (all active ones when
    `everything`). Each source is claimed first, so concurrent workers never fetch
    the same one twice; one failing source does not stop the others. Runs older
    than IMPORT_RUNS_KEPT_DAYS are deleted."""
    now = now or timezone.now()
    candidates = (
        FeedSource.objects.filter(is_active=True) if everything else (FeedSource.objects.due(now))
    )
    runs = []
    for feed_source in candidates.select_related("source").order_by("next_fetch_at", "pk"):
        claim = FeedSource.objects.filter(pk=feed_source.pk)
        claim = claim if everything else claim.due(now)
        if claim.update(next_fetch_at=now + timedelta(minutes=feed_source.fetch_interval)):
            runs.append(import_feed(feed_source))
    # Polling records a run every few minutes: the old ones go.
    ImportRun.objects.filter(
        started_at__lt=now - timedelta(days=settings.IMPORT_RUNS_KEPT_DAYS)
    ).delete()
    return runs
