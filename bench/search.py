#!/usr/bin/env python
"""Search latency with 100,000 articles on PostgreSQL: `make bench` (or run this file).

Builds the benchmark database once and reuses it afterwards: BENCH_DATABASE_URL
(default postgres://postgres@127.0.0.1:5432/truthsite_bench) is created if missing,
migrated, and filled to --articles with `manage.py seed_demo` when the project has it,
else with generated articles (bulk inserts, then one bulk refresh of the search index).
Then it times articles.search.search_articles() over a fixed set of queries, as the
search page uses it (count plus the first page of hits with snippets), and prints the
median and 95th percentile. Aim: a median of 50 ms or less.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = [
    "peace",  # in a large share of the articles
    "ukraine security",
    '"peace deal"',
    "nato -russia",
    "ceasefire or truce",
    "sanctions energy europe",
    "concessions regions witkoff",
    "zelensky",
    "grain corridor",
    "humanitarian aid volunteers",
    "vorlentic",  # a rare word
    "maskavor telimund",  # two rare words together
    "negotiation",  # stems: negotiate, negotiators ...
    '"security guarantees" -article',
    "witkof",  # misspelt: nothing matches, the trigram fallback answers
    "concesions",  # misspelt
]


def say(text=""):
    """The benchmark's report goes to standard output, line by line as it happens."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/truthsite_bench"
        ),
    )
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--tags", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=9, help="timed runs per query")
    return parser.parse_args()


def ensure_database(url):
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    if not config["ENGINE"].endswith("postgresql"):
        sys.exit("The search benchmark needs PostgreSQL (BENCH_DATABASE_URL).")
    params = {
        key: value
        for key, value in {
            "host": config["HOST"],
            "port": config["PORT"],
            "user": config["USER"],
            "password": config["PASSWORD"],
        }.items()
        if value
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            say(f"Creating database {config['NAME']} ...")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))


def setup_django(url):
    os.environ["DATABASE_URL"] = url
    # Production-like settings without the production checks' secrets; DEBUG off, so
    # Django keeps no log of the SQL it runs.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "truthsite.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    import django

    django.setup()


# ---------------------------------------------------------------------------
# Generated content, when the project has no seed_demo command

COMMON = (
    "peace deal security guarantee ukraine russia nato ceasefire truce talks negotiation "
    "negotiators sanctions energy europe grain corridor humanitarian aid volunteers "
    "zelensky trump witkoff concessions regions border front line drones missiles "
    "president minister envoy summit washington moscow kyiv brussels alliance troops "
    "election parliament vote budget inflation prices refugees winter power grid "
    "article protection sovereignty diplomacy history agreement proposal meeting"
).split()
STOP = "the of and to a in that is for on with as was it by said at from his be have".split()


def vocabulary(size=30_000, seed=7):
    rng = random.Random(seed)
    syllables = [c + v for c in "bcdfghklmnprstvz" for v in "aeiou"] + ["or", "en", "al", "und"]
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    words.update(["vorlentic", "maskavor", "telimund"])
    return STOP + COMMON + sorted(words)


class Writer:
    def __init__(self, rng, words):
        self.rng, self.words = rng, words
        # Zipf-like: word k is chosen with weight 1 / (k + 1).
        self.cumulative = list(accumulate(1 / (rank + 1) for rank in range(len(words))))

    def sentence(self, low=8, high=22):
        count = self.rng.randint(low, high)
        words = self.rng.choices(self.words, cum_weights=self.cumulative, k=count)
        return " ".join(words).capitalize() + "."

    def paragraph(self, sentences):
        return " ".join(self.sentence() for _ in range(sentences))

    def text(self, paragraphs, sentences=(3, 6)):
        return [self.paragraph(self.rng.randint(*sentences)) for _ in range(paragraphs)]


def html_of(paragraphs):
    return "".join(f"<p>{paragraph}</p>\n" for paragraph in paragraphs)


def generate(count, start, tag_count, batch=2000):
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from taggit.models import Tag, TaggedItem

    from articles.models import Article, Category, CommentarySection, Source

    rng = random.Random(start)
    writer = Writer(rng, vocabulary())
    sources = [
        Source.objects.get_or_create(name=f"Bench wire {n}", domain=f"wire{n}.example")[0]
        for n in range(20)
    ]
    categories = [Category.objects.get_or_create(name=f"Bench category {n}")[0] for n in range(30)]
    existing_tags = Tag.objects.filter(name__startswith="bench-tag-").count()
    Tag.objects.bulk_create(
        Tag(name=f"bench-tag-{n}", slug=f"bench-tag-{n}") for n in range(existing_tags, tag_count)
    )
    tags = list(Tag.objects.filter(name__startswith="bench-tag-").values_list("pk", flat=True))
    article_type = ContentType.objects.get_for_model(Article)
    now = timezone.now()
    for first in range(start, start + count, batch):
        numbers = range(first, min(first + batch, start + count))
        rows = []
        for n in numbers:
            body = writer.text(rng.randint(3, 8))
            status = rng.choices(["published", "draft", "scheduled"], [97, 2, 1])[0]
            publish_at = now - timedelta(minutes=rng.randint(60, 3 * 365 * 24 * 60))
            if status == "scheduled":
                publish_at = now + timedelta(hours=rng.randint(1, 200))
            rows.append(
                Article(
                    title=writer.sentence(6, 12).rstrip("."),
                    slug=f"bench-{n}",
                    source=rng.choice(sources),
                    source_url=f"https://wire.example/news/{n}",
                    summary=writer.sentence(15, 35),
                    body="\n\n".join(body),
                    body_html=html_of(body),
                    status=status,
                    publish_at=None if status == "draft" else publish_at,
                )
            )
        with transaction.atomic():
            articles = Article.objects.bulk_create(rows)
            sections = []
            for article in articles:
                for kind in ("opinion", "action", "todo"):
                    text = writer.text(rng.randint(2, 5))
                    body = "\n\n".join(text)
                    sections.append(
                        CommentarySection(
                            article=article, kind=kind, body=body, body_html=html_of(text)
                        )
                    )
            CommentarySection.objects.bulk_create(sections)
            through = Article.categories.through
            through.objects.bulk_create(
                through(article_id=article.pk, category_id=category.pk)
                for article in articles
                for category in rng.sample(categories, rng.randint(1, 3))
            )
            TaggedItem.objects.bulk_create(
                TaggedItem(content_type=article_type, object_id=article.pk, tag_id=tag)
                for article in articles
                for tag in rng.sample(tags, rng.randint(2, 6))
            )
        say(f"  {numbers[-1] - start + 1:,} of {count:,} articles written")


def populate(target, tags):
    from django.core.management import call_command, get_commands
    from django.db import connection

    from articles.models import Article
    from articles.search import index_unindexed_articles

    have = Article.objects.count()
    if have < target:
        started = time.monotonic()
        if "seed_demo" in get_commands():
            say(f"Seeding {target:,} demo articles with seed_demo ...")
            call_command("seed_demo", articles=target, tags=tags)
        else:
            say(f"Generating {target - have:,} articles ...")
            generate(target - have, have, tags)
        say(f"  written in {time.monotonic() - started:.0f} s")
    started = time.monotonic()
    index_unindexed_articles()  # bulk inserts bypass the signals that index articles
    say(f"Search index complete ({time.monotonic() - started:.0f} s).")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # fresh statistics for the planner, as autovacuum keeps


# ---------------------------------------------------------------------------
# Timing


def run_query(query):
    from articles.search import search_articles

    results = search_articles(query)
    total = results.count()
    hits = results[0:20]
    return total, hits, results.fuzzy


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def main():
    args = parse_args()
    ensure_database(args.database_url)
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    from articles.models import Article

    call_command("migrate", verbosity=0)
    populate(args.articles, args.tags)
    published = Article.objects.published().count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
    say(
        f"\n{Article.objects.count():,} articles ({published:,} published), "
        f"database {size}, {os.cpu_count()} CPUs"
    )
    say(f"{'query':<32} {'found':>6}  {'median ms':>9}  {'p95 ms':>7}")
    every = []
    for query in QUERIES:
        run_query(query)  # warm the caches, as a live site's would be
        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            total, hits, fuzzy = run_query(query)
            timings.append((time.perf_counter() - started) * 1000)
        every += timings
        label = f"{total}{'~' if fuzzy else ''}"
        say(
            f"{query:<32} {label:>6}  {statistics.median(timings):9.1f}  "
            f"{percentile(timings, 0.95):7.1f}"
        )
    say(
        f"\nAll queries: median {statistics.median(every):.1f} ms, "
        f"p95 {percentile(every, 0.95):.1f} ms over {len(every)} searches "
        f"(count + first 20 hits with snippets; ~ = spelling fallback)."
    )


if __name__ == "__main__":
    main()
