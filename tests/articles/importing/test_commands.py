"""The import and export commands print what they did and fail clearly."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, FeedSource, ImportRun
from tests.factories import make_article, make_category, make_source
from tests.import_samples import ARTICLE_ROW, WITKOFF, ZELENSKY, Route, rss

pytestmark = pytest.mark.django_db


def run_command(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_feed_from_a_file_twice_gives_one_set_of_drafts(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(rss([WITKOFF, ZELENSKY, {"title": "No link"}]))
    out, _err = run_command("import_feed", str(path))
    assert f"{path}: 2 created, 0 updated, 0 unchanged, 1 rejected" in out
    assert "rejected #3 No link: the item has no link" in out
    out, _err = run_command("import_feed", str(path))
    assert "0 created, 0 updated, 2 unchanged, 1 rejected" in out
    assert Article.objects.filter(status=Article.Status.DRAFT).count() == 2
    assert ImportRun.objects.count() == 2


def test_import_feed_with_source_and_publish(feed_server):
    feed_server.routes["/rss"] = Route(body=rss([ZELENSKY]))
    run_command("import_feed", feed_server.url("/rss"), "--source", "Ukrinform", "--publish")
    article = Article.objects.get()
    assert article.source.name == "Ukrinform" and article.is_published


def test_import_feed_of_a_known_feed_source_uses_it(feed_server):
    feed_server.routes["/rss"] = Route(body=rss([ZELENSKY]), etag='"1"')
    feed_source = FeedSource.objects.create(
        name="Ukrinform", feed_url=feed_server.url("/rss"), source=make_source()
    )
    run_command("import_feed", feed_server.url("/rss"))
    feed_source.refresh_from_db()
    assert feed_source.etag == '"1"' and feed_source.last_run.created == 1


def test_broken_feed_fails_with_a_clear_message(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(b"<html><body>Sorry, we moved.</body></html>")
    err = StringIO()
    with pytest.raises(CommandError, match="The feed was not imported"):
        call_command("import_feed", str(path), stdout=StringIO(), stderr=err)
    assert f"{path}: failed: not an RSS or Atom feed" in err.getvalue()


def test_import_feeds_reports_every_due_source(feed_server):
    feed_server.routes["/good"] = Route(body=rss([ZELENSKY]))
    source = make_source()
    FeedSource.objects.create(name="Good", feed_url=feed_server.url("/good"), source=source)
    FeedSource.objects.create(name="Gone", feed_url=feed_server.url("/gone"), source=source)
    out, err = run_command("import_feeds")
    assert "/good: 1 created, 0 updated, 0 unchanged, 0 rejected" in out
    assert "/gone: failed: the server answered HTTP 404 Not Found" in err
    out, _err = run_command("import_feeds")
    assert out.strip() == "No feed source is due."
    out, _err = run_command("import_feeds", "--all")
    assert "/good: 0 created, 0 updated, 1 unchanged, 0 rejected" in out


def test_export_then_import_articles_through_files(tmp_path):
    make_article(title="Exported", source_url="https://example.org/x.html", sections=["todo"])
    target = tmp_path / "articles.json"
    _out, err = run_command("export_articles", "-o", str(target))
    assert "Exported the articles to" in err
    document = json.loads(target.read_text(encoding="utf-8"))
    assert [row["title"] for row in document["articles"]] == ["Exported"]
    out, _err = run_command("import_articles", str(target))
    assert "0 created, 0 updated, 1 unchanged, 0 rejected" in out


def test_export_to_standard_output():
    make_article(title="Kyiv – “quoted”")
    out, _err = run_command("export_articles")
    assert json.loads(out)["articles"][0]["title"] == "Kyiv – “quoted”"


def test_import_articles_reports_rejections(tmp_path):
    path = tmp_path / "rows.json"
    path.write_text(
        json.dumps([ARTICLE_ROW, {**ARTICLE_ROW, "source_url": "nope"}]), encoding="utf-8"
    )
    out, _err = run_command("import_articles", str(path))
    assert "1 created, 0 updated, 0 unchanged, 1 rejected" in out
    assert "rejected #2 nope: source_url: Enter a valid URL." in out


def test_import_articles_fails_clearly_on_bad_files(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run_command("import_articles", str(tmp_path / "missing.json"))
    path = tmp_path / "bad.json"
    path.write_text("[{]", encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was imported"):
        run_command("import_articles", str(path))


def test_import_articles_help_documents_the_format(capsys):
    with pytest.raises(SystemExit):
        call_command("import_articles", "--help")
    help_text = capsys.readouterr().out
    for field in ("original_published_at", "source_url", "sections", "reviewed_by",
                  '"opinion" | "action" | "todo"'):  # fmt: skip
        assert field in help_text
    assert "  title                  text (required)\n" in help_text


def test_import_feed_from_a_file_as_a_feed_source(tmp_path):
    news = make_category(name="News")
    feed_source = FeedSource.objects.create(
        name="Ukrinform politics", feed_url="https://www.ukrinform.net/rss/politics",
        source=make_source(name="Ukrinform"), publish_directly=True,
    )  # fmt: skip
    feed_source.default_categories.add(news)
    path = tmp_path / "feed.xml"
    path.write_bytes(rss([WITKOFF, ZELENSKY]))
    for _ in range(2):
        run_command("import_feed", str(path), "--source", "ukrinform politics")
    assert Article.objects.count() == 2
    article = Article.objects.get(source_url=ZELENSKY["link"])
    assert article.source.name == "Ukrinform" and article.is_published
    assert list(article.categories.all()) == [news]
    feed_source.refresh_from_db()
    assert feed_source.last_run.unchanged == 2 and feed_source.last_run.location == str(path)
