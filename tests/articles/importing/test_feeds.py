"""Feed items become articles: once, whole, safely, with their dates and categories."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import DatabaseError
from django.utils import timezone

from articles.importing import import_due_feeds, import_feed, import_feed_location
from articles.models import Article, FeedItem, FeedSource, ImportRun, Source
from tests.factories import make_article, make_category, make_source
from tests.import_samples import WITKOFF, ZELENSKY, Route, atom, rss

pytestmark = pytest.mark.django_db


def write_feed(tmp_path, content, name="feed.xml"):
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


@pytest.fixture
def categories():
    return [
        make_category(name="U.S.–Russia Relations"),
        make_category(name="Media Coverage & Press Relations"),
    ]


def test_rss_items_become_draft_articles(tmp_path, categories):
    run = import_feed_location(write_feed(tmp_path, rss([WITKOFF, ZELENSKY])))
    assert (run.outcome, run.created, run.rejected) == (ImportRun.Outcome.OK, 2, 0)
    article = Article.objects.get(source_url=WITKOFF["link"])
    assert article.title == WITKOFF["title"]
    assert article.status == Article.Status.DRAFT and not article.is_published
    assert article.source.domain == "ukrinform.net"
    assert article.summary == "He said this on Sunday in an interview with CNN."
    assert "according to Ukrinform.</p>" in article.body_html
    assert article.original_published_at == datetime(2025, 8, 17, 15, 57, 16, tzinfo=UTC)
    # Feed categories match site categories by name, whatever the case; unknown ones are ignored.
    assert set(article.categories.all()) == set(categories)
    assert run.feed_source is None and run.location.endswith("feed.xml")


def test_importing_the_same_feed_again_changes_nothing(tmp_path, categories):
    path = write_feed(tmp_path, rss([WITKOFF, ZELENSKY]))
    import_feed_location(path)
    before = list(Article.objects.order_by("pk").values_list("pk", "updated_at", "slug"))
    run = import_feed_location(path)
    assert (run.created, run.updated, run.unchanged, run.rejected) == (0, 0, 2, 0)
    assert list(Article.objects.order_by("pk").values_list("pk", "updated_at", "slug")) == before
    assert Source.objects.count() == 1


def test_changed_item_updates_its_article_and_keeps_its_url(tmp_path):
    import_feed_location(write_feed(tmp_path, rss([WITKOFF])))
    article = Article.objects.get()
    corrected = {**WITKOFF, "title": "Russians made concessions on five regions, Witkoff says"}
    run = import_feed_location(write_feed(tmp_path, rss([corrected])))
    assert (run.created, run.updated, run.unchanged) == (0, 1, 0)
    article.refresh_from_db()
    assert article.title == corrected["title"]
    assert article.slug == "russians-made-some-concessions-on-all-five-regions-witkoff"


def test_editors_changes_survive_until_the_feed_changes_the_item(tmp_path):
    path = write_feed(tmp_path, rss([WITKOFF]))
    import_feed_location(path)
    article = Article.objects.get()
    article.title = "Witkoff: Russia moved on all five regions"
    article.save()
    assert import_feed_location(path).unchanged == 1
    article.refresh_from_db()
    assert article.title == "Witkoff: Russia moved on all five regions"


def test_an_imported_article_deleted_by_an_editor_is_not_imported_again(tmp_path):
    path = write_feed(tmp_path, rss([WITKOFF]))
    import_feed_location(path)
    Article.objects.get().delete()
    run = import_feed_location(path)
    assert (run.created, run.unchanged) == (0, 1)
    assert not Article.objects.exists()


def test_html_in_titles_becomes_plain_text(tmp_path):
    items = [
        {"title": "<b>Bold</b> news &amp; more <script>alert(1)</script>",
         "link": "https://ukrinform.net/a.html"},
        {"title": "Kyiv &lt;3 &#8211; “quotes”", "link": "https://ukrinform.net/b.html"},
    ]  # fmt: skip
    import_feed_location(write_feed(tmp_path, rss(items)))
    titles = set(Article.objects.values_list("title", flat=True))
    assert titles == {"Bold news & more", "Kyiv <3 – “quotes”"}


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert('x')</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">click</a>',
        '<p onclick="alert(1)">hi</p>',
        '<iframe src="https://evil.example/"></iframe>',
        "<style>body{display:none}</style>",
        '<svg onload="alert(1)"></svg>',
    ],
)
def test_script_in_bodies_never_survives(tmp_path, client, hostile):
    item = {**ZELENSKY, "content": f"<p>Before</p>{hostile}<p>After <b>bold</b></p>"}
    import_feed_location(write_feed(tmp_path, rss([item])), publish=True)
    article = Article.objects.get()
    page = client.get(article.get_absolute_url()).content.decode()
    body = page[page.index('<div class="article-body">') :]
    for stored in (article.body, article.body_html, body):
        lowered = stored.lower()
        for needle in ("<script", "javascript:", "onerror", "onclick", "onload", "<iframe",
                       "<style", "<svg", "alert("):  # fmt: skip
            assert needle not in lowered, (needle, stored)
    assert "Before" in article.body_html and "<b>bold</b>" in article.body_html


def test_atom_entries_are_imported_with_their_own_summary(tmp_path):
    entries = [
        {
            "title": "Drone attack on <em>Odesa</em> &amp; Izmail",
            "link": "https://kyivindependent.com/drone-attack/",
            "summary": "<p>Short <b>summary</b>.</p>",
            "content": "<h1>Drones</h1><p>Long body.</p>",
            "published": "2025-08-17T09:30:00+03:00",
            "updated": "2025-08-17T10:00:00+03:00",
            "categories": ["Media Coverage & Press Relations"],
        }
    ]
    category = make_category(name="Media Coverage & Press Relations")
    run = import_feed_location(write_feed(tmp_path, atom(entries)))
    assert run.created == 1, run.report_lines()
    article = Article.objects.get()
    assert article.title == "Drone attack on Odesa & Izmail"
    assert article.summary == "Short summary."
    assert "<p>Long body.</p>" in article.body_html and "<h1" not in article.body_html
    assert article.original_published_at == datetime(2025, 8, 17, 6, 30, tzinfo=UTC)
    assert list(article.categories.all()) == [category]
    assert article.source.name == "Kyiv Independent"


@pytest.mark.parametrize(
    ("raw", "expected_utc", "warning"),
    [
        ("Sun, 17 Aug 2025 11:57:16 EDT", datetime(2025, 8, 17, 15, 57, 16), None),
        ("17 Aug 2025 11:57 +0545", datetime(2025, 8, 17, 6, 12), None),
        ("Sun, 17 Aug 2025 11:57:16 CEST", datetime(2025, 8, 17, 9, 57, 16), None),
        ("Sun, 17 Aug 2025 23:30:00 -1100", datetime(2025, 8, 18, 10, 30), None),
        ("Sun, 17 Aug 2025 11:57:16 GMT", datetime(2025, 8, 17, 11, 57, 16), None),
        ("2025-08-17T11:57:16+14:00", datetime(2025, 8, 16, 21, 57, 16), None),
        ("2025-08-17T11:57:16", datetime(2025, 8, 17, 11, 57, 16), "no time zone"),
        ("the day before yesterday", None, "unreadable date"),
    ],
)
def test_odd_dates_and_time_zones(tmp_path, raw, expected_utc, warning):
    run = import_feed_location(write_feed(tmp_path, rss([{**ZELENSKY, "date": raw}])))
    assert run.created == 1
    article = Article.objects.get()
    expected = expected_utc and expected_utc.replace(tzinfo=UTC)
    assert article.original_published_at == expected
    messages = " ".join(entry["reason"] for entry in run.warnings)
    assert (warning in messages) if warning else not messages


def test_duplicate_items_make_one_article(tmp_path):
    run = import_feed_location(write_feed(tmp_path, rss([ZELENSKY, WITKOFF, ZELENSKY])))
    assert (run.created, run.rejected) == (2, 1)
    assert run.rejections == [{"index": 3, "item": ZELENSKY["link"], "reason": "same link as #1"}]
    assert Article.objects.count() == 2


def test_bad_items_are_rejected_with_reasons_and_the_rest_imported(tmp_path):
    items = [
        {"title": "No link at all", "description": "x"},
        {**WITKOFF, "title": "x" * 301},
        {"title": "", "link": "https://ukrinform.net/untitled.html"},
        {"title": "Bad link", "link": "javascript:alert(1)"},
        ZELENSKY,
    ]
    run = import_feed_location(write_feed(tmp_path, rss(items)))
    assert (run.created, run.rejected) == (1, 4), run.report_lines()
    reasons = {entry["index"]: entry["reason"] for entry in run.rejections}
    assert reasons[1] == "the item has no link"
    assert "title: Ensure this value has at most 300 characters" in reasons[2]
    assert "title: This field cannot be blank." in reasons[3]
    assert 4 in reasons
    assert Article.objects.get().source_url == ZELENSKY["link"]


def test_each_item_is_saved_whole_or_not_at_all(tmp_path, monkeypatch):
    real = FeedItem.objects.update_or_create

    def fail_for_witkoff(**kwargs):
        if kwargs["source_url"] == WITKOFF["link"]:
            raise DatabaseError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(FeedItem.objects, "update_or_create", fail_for_witkoff)
    run = import_feed_location(write_feed(tmp_path, rss([WITKOFF, ZELENSKY])))
    assert (run.created, run.rejected) == (1, 1)
    assert run.rejections[0]["reason"] == "could not be saved: disk full"
    assert list(Article.objects.values_list("source_url", flat=True)) == [ZELENSKY["link"]]


def test_not_a_feed_is_reported_clearly(tmp_path):
    page = write_feed(tmp_path, b"<!doctype html><html><body><p>Hello</p></body></html>")
    run = import_feed_location(page)
    assert run.outcome == ImportRun.Outcome.FAILED
    assert run.error == "not an RSS or Atom feed (line 2: syntax error)"
    garbage = import_feed_location(write_feed(tmp_path, b"\x00{not: xml", name="x.xml"))
    assert garbage.error.startswith("not an RSS or Atom feed (")
    assert not Article.objects.exists()


def test_broken_feed_imports_what_it_can_and_says_so(tmp_path):
    truncated = rss([ZELENSKY, WITKOFF]).split(b"<item><title>Russians")[0]
    run = import_feed_location(write_feed(tmp_path, truncated))
    assert run.outcome == ImportRun.Outcome.OK and run.created == 1
    assert run.warnings[0]["reason"] == (
        "the feed is not well-formed (line 2: no element found); imported what could be read"
    )


def test_one_off_import_credits_the_named_source_and_can_publish(tmp_path):
    ukrinform = make_source(name="Ukrinform", domain="ukrinform.net")
    path = write_feed(tmp_path, rss([ZELENSKY], title="Some feed title"))
    import_feed_location(path, source_name="Ukrinform", publish=True)
    article = Article.objects.get()
    assert article.source == ukrinform and article.is_published


def test_source_is_found_by_domain_before_creating_one(tmp_path):
    ukrinform = make_source(name="Ukrinform (English)", domain="ukrinform.net")
    import_feed_location(write_feed(tmp_path, rss([ZELENSKY], title="Anything")))
    assert Article.objects.get().source == ukrinform


def make_feed_source(url, **fields):
    if "source" not in fields:
        fields["source"] = make_source(name="Ukrinform", domain="ukrinform.net")
    return FeedSource.objects.create(name=fields.pop("name", url), feed_url=url, **fields)


def test_feed_source_is_fetched_conditionally(feed_server):
    feed_server.routes["/rss"] = Route(
        body=rss([WITKOFF, ZELENSKY]), etag='"abc"', last_modified="Sun, 17 Aug 2025 15:57:16 GMT"
    )
    feed_source = make_feed_source(feed_server.url("/rss"), fetch_interval=30)
    first = import_feed(feed_source)
    assert (first.outcome, first.created) == (ImportRun.Outcome.OK, 2)
    feed_source.refresh_from_db()
    assert feed_source.etag == '"abc"' and feed_source.last_run == first
    assert feed_source.next_fetch_at == feed_source.last_fetched_at + timedelta(minutes=30)

    second = import_feed(feed_source)
    assert second.outcome == ImportRun.Outcome.NOT_MODIFIED
    assert second.summary == "not modified since the last fetch"
    assert feed_source.last_run == second
    assert feed_server.requests[-1][1]["If-None-Match"] == '"abc"'
    assert Article.objects.count() == 2


def test_feed_source_can_publish_directly_with_default_categories(feed_server):
    feed_server.routes["/rss"] = Route(body=rss([ZELENSKY]))
    news = make_category(name="News")
    feed_source = make_feed_source(feed_server.url("/rss"), publish_directly=True)
    feed_source.default_categories.add(news)
    import_feed(feed_source)
    article = Article.objects.get()
    assert article.is_published and list(article.categories.all()) == [news]
    assert article.source == feed_source.source


def test_due_feeds_are_all_polled_and_broken_ones_do_not_stop_the_others(feed_server, settings):
    settings.FEED_FETCH_TIMEOUT, settings.FEED_MAX_BYTES = 0.2, 50_000
    feed_server.routes["/good"] = Route(body=rss([ZELENSKY]))
    feed_server.routes["/html"] = Route(body=b"<html><p>moved</p></html>", content_type="text/html")
    feed_server.routes["/slow"] = Route(slow=True)
    feed_server.routes["/huge"] = Route(body=rss([ZELENSKY] * 500))
    source = make_source(name="Ukrinform", domain="ukrinform.net")
    slow = make_feed_source(feed_server.url("/slow"), source=source)
    good = make_feed_source(feed_server.url("/good"), source=source)
    missing = make_feed_source(feed_server.url("/missing"), source=source)
    not_a_feed = make_feed_source(feed_server.url("/html"), source=source)
    huge = make_feed_source(feed_server.url("/huge"), source=source)
    make_feed_source(feed_server.url("/off"), source=source, is_active=False)
    make_feed_source(
        feed_server.url("/later"), source=source, next_fetch_at=timezone.now() + timedelta(hours=1)
    )

    runs = {run.feed_source: run for run in import_due_feeds()}
    assert set(runs) == {slow, good, missing, not_a_feed, huge}
    assert runs[good].created == 1
    assert runs[slow].error == "timed out after 0.2 seconds"
    assert runs[missing].error == "the server answered HTTP 404 Not Found"
    assert runs[not_a_feed].error.startswith("not an RSS or Atom feed")
    assert runs[huge].error == "larger than the 50000-byte limit"
    for feed_source, run in runs.items():
        feed_source.refresh_from_db()
        assert feed_source.last_run == run and feed_source.last_fetched_at is not None
    assert {path for path, _headers in feed_server.requests} == {
        "/slow", "/good", "/missing", "/html", "/huge"
    }  # fmt: skip
    # Nothing is due again until each interval has passed.
    assert import_due_feeds() == []
    feed_server.routes["/slow"] = Route(body=rss([]))
    assert len(import_due_feeds(now=timezone.now() + timedelta(minutes=61))) == 6


def test_an_unexpected_error_fails_only_that_feed(feed_server, monkeypatch):
    feed_server.routes["/rss"] = Route(body=rss([ZELENSKY]))
    feed_source = make_feed_source(feed_server.url("/rss"))
    monkeypatch.setattr("articles.importing.feeds.parse_feed", lambda *args: 1 / 0)
    run = import_feed(feed_source)
    assert run.outcome == ImportRun.Outcome.FAILED
    assert run.error == "unexpected error: ZeroDivisionError('division by zero')"


def test_a_duplicate_of_a_rejected_item_gets_its_own_chance(tmp_path):
    run = import_feed_location(write_feed(tmp_path, rss([{**ZELENSKY, "title": ""}, ZELENSKY])))
    assert (run.created, run.rejected) == (1, 1)
    assert Article.objects.get().title == ZELENSKY["title"]


def test_summary_made_from_the_body_keeps_words_apart(tmp_path):
    item = {**ZELENSKY, "description": "<p>First paragraph.</p><p>Second<br>line</p>"}
    import_feed_location(write_feed(tmp_path, rss([item])))
    assert Article.objects.get().summary == "First paragraph. Second line"


def test_relative_links_are_resolved_against_the_feed_address(feed_server):
    feed_server.routes["/news/rss"] = Route(
        body=rss([{**ZELENSKY, "link": "/news/zelensky.html"}], link="")
    )
    run = import_feed_location(feed_server.url("/news/rss"), source_name="Local")
    assert run.created == 1, run.report_lines()
    assert Article.objects.get().source_url == feed_server.url("/news/zelensky.html")


def test_an_article_written_before_the_feed_had_it_is_left_alone(tmp_path):
    own = make_article(title="Our own headline", source_url=ZELENSKY["link"], summary="Ours.")
    path = write_feed(tmp_path, rss([ZELENSKY]))
    run = import_feed_location(path)
    assert (run.created, run.updated, run.unchanged) == (0, 0, 1)
    own.refresh_from_db()
    assert (own.title, own.summary) == ("Our own headline", "Ours.")
    # When the source later changes the item, the change comes through.
    import_feed_location(write_feed(tmp_path, rss([{**ZELENSKY, "title": "Talks moved"}])))
    own.refresh_from_db()
    assert own.title == "Talks moved" and own.slug == "our-own-headline"


def test_old_import_runs_are_deleted_by_polling(settings):
    settings.IMPORT_RUNS_KEPT_DAYS = 30
    old = ImportRun.objects.create(kind="json", started_at=timezone.now() - timedelta(days=31))
    recent = ImportRun.objects.create(kind="json", started_at=timezone.now() - timedelta(days=29))
    import_due_feeds()
    assert list(ImportRun.objects.all()) == [recent]
    assert not ImportRun.objects.filter(pk=old.pk).exists()


def test_report_lines_name_each_problem(tmp_path):
    truncated = rss([ZELENSKY, {"title": "No link"}, WITKOFF]).split(b"<item><title>Russians")[0]
    lines = import_feed_location(write_feed(tmp_path, truncated)).report_lines()
    assert lines[1:] == [
        "  rejected #2 No link: the item has no link",
        "  warning: the feed is not well-formed (line 2: no element found); imported what "
        "could be read",
    ]
