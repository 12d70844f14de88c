#!/usr/bin/env python
"""`make bench`: the site under load on PostgreSQL at full size, cached and uncached.

    .venv/bin/python bench/run.py [--duration 10] [--skip-digests] [--skip-confirmations]

1. Builds (first run) or reuses the benchmark database: BENCH_DATABASE_URL, default
   postgres://postgres@127.0.0.1:5432/truthsite_bench, created if missing; 100,000
   articles, 30 categories, 5,000 tags, 50 petitions with 1,000,000 signatures,
   100,000 subscribers (bench/seed.py; the table bench_build records what is built).
2. Migrates, collects static files into a temporary STATIC_ROOT and serves the site
   with gunicorn in production mode (DEBUG off, Redis cache BENCH_REDIS_URL, flushed
   first) on 127.0.0.1:BENCH_PORT (8170).
3. For each page (home, article, category, tag, search, petition, feed) saves the
   page's bytes as a static file, served by the same gunicorn through WhiteNoise, and
   drives load at the page cached, uncached (header X-Bench-Bypass-Cache, honoured
   only with BENCH_PAGE_CACHE_BYPASS=1) and at its static twin, with wrk (a C load
   generator, one thread, keep-alive) from its own process. Queries per request come
   from the X-Query-Count header (BENCH_QUERY_COUNT=1).
4. Prints one table, the query plans of every query the pages ran (index used?),
   search latency (bench/search.py), confirmations/s (bench/petitions_confirmations.py)
   and digests/s (bench/digests.py, on its own database); writes it all to
   bench-results/.
"""

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
BYPASS = "X-Bench-Bypass-Cache"
# Tables large enough (100,000 rows and more) that a sequential scan on a reader's path
# is a missing index, unless the query means to read every row (a GROUP BY of all).
BIG_TABLES = {
    "articles_article",
    "articles_article_categories",
    "articles_commentarysection",
    "taggit_taggeditem",
    "petitions_signature",
    "subscriptions_subscriber",
}
lines_out = []


def say(text=""):
    lines_out.append(text)
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    env = os.environ.get
    parser.add_argument(
        "--database-url",
        default=env("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/truthsite_bench"),
    )
    parser.add_argument("--redis-url", default=env("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12"))
    parser.add_argument("--port", type=int, default=int(env("BENCH_PORT", "8170")))
    parser.add_argument("--duration", type=int, default=4, help="seconds of load per run")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each kind per page")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=2, help="threads per worker (gthread)")
    parser.add_argument("--worker-class", choices=["gthread", "sync"], default="gthread")
    parser.add_argument("--confirmations", type=int, default=5000)
    parser.add_argument("--digest-subscribers", type=int, default=20000)
    parser.add_argument("--skip-confirmations", action="store_true")
    parser.add_argument("--skip-digests", action="store_true")
    parser.add_argument("--skip-search", action="store_true")
    parser.add_argument("--skip-plans", action="store_true")
    parser.add_argument(
        "--pages", default="", help="comma-separated subset of: " + ", ".join(PAGE_NAMES)
    )
    return parser.parse_args()


# ---------------------------------------------------------------------------
# Environment, database, Django


def site_environment(database_url, redis_url, static_root):
    """Production mode, as `README.md` describes it, plus the benchmark's switches."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "truthsite.settings",
            "DEBUG": "0",
            "SECRET_KEY": env.get("SECRET_KEY") or "benchmark-only-secret-key-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_HSTS_SECONDS": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "SITE_URL": "http://127.0.0.1",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "CONN_MAX_AGE": "600",
            "STATIC_ROOT": str(static_root),
            "BENCH_PAGE_CACHE_BYPASS": "1",
            "BENCH_QUERY_COUNT": "1",
            "SEARCH_RATE_LIMIT": "100000000",  # wrk is one address
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def ensure_database(url):
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    if not config["ENGINE"].endswith("postgresql"):
        sys.exit("The benchmark needs PostgreSQL (BENCH_DATABASE_URL).")
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
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if not found.fetchone():
            say(f"Creating database {config['NAME']} ...")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))


def setup_django(database_url=None, env=None):
    """Django in this process, on the benchmark database (the test client's host too)."""
    sys.path.insert(0, str(ROOT))
    if env:
        os.environ.update(env)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "truthsite.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-" + "x" * 40)
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,testserver"
    import django

    django.setup()


def flush_redis(url):
    import redis

    redis.Redis.from_url(url).flushdb()


# ---------------------------------------------------------------------------
# The pages


def choose_pages():
    """URLs of typical pages: a recent article with all three sections, the busiest
    category and tag, the petition with the most signatures."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count
    from taggit.models import Tag, TaggedItem

    from articles.models import Article, Category
    from petitions.models import Petition

    article = (
        Article.objects.published()
        .annotate(sections_count=Count("sections"))
        .filter(sections_count=3)
        .order_by("-publish_at")[100:101]
        .get()
    )
    category = Category.objects.annotate(n=Count("articles")).order_by("-n").first()
    tag_id = (
        TaggedItem.objects.filter(content_type=ContentType.objects.get_for_model(Article))
        .values("tag_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("tag_id", flat=True)
        .first()
    )
    petition = Petition.objects.public().order_by("-signature_count").first()
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "category": category.get_absolute_url(),
        "tag": f"/tags/{Tag.objects.get(pk=tag_id).slug}/",
        "search": "/search/?q=peace+talks",
        "petition": petition.get_absolute_url(),
        "feed": "/feed/",
    }


PAGE_NAMES = ["home", "article", "category", "tag", "search", "petition", "feed"]
CACHED_PAGES = {"home", "article", "category", "tag", "petition", "feed"}


# ---------------------------------------------------------------------------
# The server and the load


class Server:
    """gunicorn, production settings: gthread workers (see README, "Benchmark")."""

    def __init__(self, env, port, *, workers, threads, worker_class):
        self.env, self.port, self.workers, self.threads = env, port, workers, threads
        self.worker_class = worker_class
        self.process = None

    def start(self):
        command = [
            GUNICORN,
            "truthsite.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--worker-class",
            self.worker_class,
            "--threads",
            str(self.threads),
            "--keep-alive",
            "10",
            "--log-level",
            "warning",
            "--error-logfile",
            "-",
        ]
        self.process = subprocess.Popen(command, env=self.env, cwd=ROOT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit("gunicorn stopped while starting")
            try:
                with urllib.request.urlopen(self.url("/healthz"), timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        sys.exit("gunicorn did not answer /healthz within 60 s")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def fetch(self, path, bypass=False):
        request = urllib.request.Request(self.url(path), headers={BYPASS: "1"} if bypass else {})
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def run_wrk(url, *, duration, connections, headers=()):
    """Requests/s and latency percentiles (ms) from one wrk run."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s"]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}
    for percent in ("50", "99"):
        value, unit = re.search(rf"\s{percent}%\s+([\d.]+)(us|ms|s)\b", output).groups()
        result[f"p{percent}"] = float(value) * UNITS[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result["errors"] = int(errors.group(1)) if errors else 0
    socket_errors = re.search(r"Socket errors: (.*)", output)
    if socket_errors:
        result["socket_errors"] = socket_errors.group(1)
    return result


def query_count(server, path, bypass=False):
    return int(server.fetch(path, bypass=bypass)[1]["X-Query-Count"])


def measure(server, page, *, cached, options):
    """Static, cached and uncached in turn, --rounds times: the machine's other work
    drifts, and the ratio compares runs made next to each other. Medians of the rounds."""
    load = {"duration": options.duration, "connections": options.connections}
    runs = {"static_load": [], "cached_load": [], "uncached_load": [], "one_reader": []}
    for _round in range(options.rounds):
        runs["static_load"].append(run_wrk(server.url(page["static"]), **load))
        if cached:
            runs["cached_load"].append(run_wrk(server.url(page["path"]), **load))
        bypass = [f"{BYPASS}: 1"]
        runs["uncached_load"].append(run_wrk(server.url(page["path"]), headers=bypass, **load))
        # One reader at a time: how long building the page takes, without queueing.
        runs["one_reader"].append(
            run_wrk(server.url(page["path"]), headers=bypass, duration=options.duration,
                    connections=1)
        )  # fmt: skip
    found = {}
    for kind, results in runs.items():
        if results:
            found[kind] = {
                metric: statistics.median(result[metric] for result in results)
                for metric in ("rps", "p50", "p99")
            }
            found[kind]["errors"] = sum(result["errors"] for result in results)
            found[kind]["rounds"] = results
    if cached:
        found["ratio"] = statistics.median(
            cached["rps"] / static["rps"]
            for cached, static in zip(runs["cached_load"], runs["static_load"], strict=True)
        )
    return found


def ensure_wrk():
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("Installing wrk (Debian package) ...")
        subprocess.run(
            ["apt-get", "install", "-y", "-q", "wrk"], check=True, stdout=subprocess.DEVNULL
        )
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")


# ---------------------------------------------------------------------------
# Query plans


def capture_queries(path):
    """The SQL (with parameters) the page runs when built, via Django's test client."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client, override_settings

    captured = []

    def record(execute, sql, params, many, context):
        captured.append((sql, params))
        return execute(sql, params, many, context)

    with override_settings(PAGE_CACHE_ENABLED=False), connection.execute_wrapper(record):
        # With an empty cache, so what is cached between edits (counts) shows too.
        cache.clear()
        response = Client().get(path)
    assert response.status_code == 200, (path, response.status_code)
    return captured


def _walk(plan, found):
    node = plan.get("Node Type", "")
    relation = plan.get("Relation Name")
    if plan.get("Index Name"):
        found["indexes"].add(plan["Index Name"])
    if node == "Seq Scan" and relation in BIG_TABLES:
        found["seq_scans"].add(relation)
    for child in plan.get("Plans", []):
        _walk(child, found)


def explain(sql, params):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        (result,) = cursor.fetchone()
    document = result[0] if isinstance(result, list) else json.loads(result)[0]
    found = {"indexes": set(), "seq_scans": set()}
    _walk(document["Plan"], found)
    return document["Execution Time"], found


def describe(sql):
    """A short name for a query: its main table and what it is for."""
    tables = re.findall(r'FROM "(\w+)"', sql)
    kind = "count" if "COUNT(" in sql.upper() else "select"
    return f"{kind} {tables[0] if tables else '?'}"


def report_plans(pages):
    say("\nQuery plans of every query a page runs when built (EXPLAIN ANALYZE):")
    say(f"  {'page':<9} {'#':>2} {'query':<38} {'ms':>7}  index used")
    all_used = True
    plans = {}
    for name, path in pages.items():
        rows = []
        for number, (sql, params) in enumerate(capture_queries(path), start=1):
            if not sql.lstrip().upper().startswith(("SELECT", "WITH", "(SELECT")):
                continue
            if "pg_type" in sql:  # psycopg's type lookup, once per connection
                continue
            milliseconds, found = explain(sql, params)
            indexes = ", ".join(sorted(found["indexes"])) or "-"
            whole = found["seq_scans"] and "GROUP BY" in sql and " LIMIT " not in sql
            if whole:
                verdict = "reads every row of " + ", ".join(sorted(found["seq_scans"]))
                verdict += " (all the counts at once; cached until the articles change)"
            elif found["seq_scans"]:
                verdict = "NO: seq scan of " + ", ".join(sorted(found["seq_scans"]))
            else:
                verdict = "yes: " + indexes if found["indexes"] else "yes (small tables only)"
            all_used &= whole or not found["seq_scans"]
            say(f"  {name:<9} {number:>2} {describe(sql):<38} {milliseconds:7.2f}  {verdict}")
            rows.append(
                {
                    "sql": sql,
                    "ms": milliseconds,
                    "indexes": sorted(found["indexes"]),
                    "seq_scans": sorted(found["seq_scans"]),
                }
            )
        plans[name] = rows
    say(
        "  Every query on a reader's path uses an index."
        if all_used
        else "  SOME QUERIES SCAN A LARGE TABLE (see above)."
    )
    return plans


# ---------------------------------------------------------------------------
# The other benchmarks


def run_script(args, env, pattern):
    say(f"\n$ {' '.join(args)}")
    completed = subprocess.run(
        [PYTHON, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    output = completed.stdout + completed.stderr
    for line in output.strip().splitlines()[-25:]:
        say("  " + line)
    match = re.search(pattern, output)
    return float(match.group(1)) if match and completed.returncode == 0 else None  # FAILED


# ---------------------------------------------------------------------------


def main():
    options = parse_args()
    started = time.monotonic()
    ensure_wrk()
    RESULTS.mkdir(exist_ok=True)
    static_root = Path(tempfile.mkdtemp(prefix="truthsite-bench-static-"))
    env = site_environment(options.database_url, options.redis_url, static_root)
    ensure_database(options.database_url)
    setup_django(options.database_url, env=env)
    from django.core.management import call_command
    from django.db import connection

    from bench.seed import build

    say("Migrating ...")
    call_command("migrate", verbosity=0)
    steps = build()
    for step, marker in steps.items():
        say(
            f"  {step}: built {marker['built_at'][:19]} in {marker['seconds']:.0f} s, "
            f"{marker['detail']}"
        )
    call_command("collectstatic", interactive=False, verbosity=0)
    flush_redis(options.redis_url)
    pages = choose_pages()
    if options.pages:
        pages = {name: pages[name] for name in options.pages.split(",")}
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]

    server = Server(
        env,
        options.port,
        workers=options.workers,
        threads=options.threads,
        worker_class=options.worker_class,
    )
    server.start()
    info = {}
    try:
        # The pages' own bytes, to serve as static files; queries per request.
        (static_root / "bench").mkdir(exist_ok=True)
        for name, path in pages.items():
            status, headers, body = server.fetch(path)
            assert status == 200, (path, status)
            # Steady state: the fewest of a few (the first ones fill the small caches).
            built = min(query_count(server, path, bypass=True) for _ in range(3))
            again = min(query_count(server, path) for _ in range(3))
            suffix = "xml" if name == "feed" else "html"
            (static_root / "bench" / f"{name}.{suffix}").write_bytes(body)
            info[name] = {
                "path": path,
                "bytes": len(body),
                "queries_built": int(built),
                "queries_cached": int(again),
                "static": f"/static/bench/{name}.{suffix}",
            }
    finally:
        server.stop()

    server.start()  # WhiteNoise finds the new files when it starts
    load_before = os.getloadavg()[0]
    try:
        for name, page in info.items():
            say(f"Load: {name} ({page['path']}, {page['bytes']:,} bytes) ...")
            for path in (page["static"], page["path"]):
                run_wrk(server.url(path), duration=1, connections=options.connections)  # warm
            page.update(measure(server, page, cached=name in CACHED_PAGES, options=options))
    finally:
        server.stop()

    say(f"\n{'=' * 100}")
    say(
        f"truthsite benchmark {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: {size} "
        f"database, {os.cpu_count()} CPUs, load average {load_before:.1f} before the load, "
        f"{os.getloadavg()[0]:.1f} after"
    )
    threads = f" x {options.threads} threads" if options.worker_class == "gthread" else ""
    say(
        f"gunicorn {options.workers} {options.worker_class} workers{threads}; wrk 1 thread, "
        f"{options.connections} connections; medians of {options.rounds} rounds of "
        f"{options.duration} s; latency in ms"
    )
    header = (
        f"{'page':<9} {'cached rps':>10} {'p50':>6} {'p99':>6} | {'uncached rps':>12} "
        f"{'p50':>6} {'p99':>6} {'1-reader p50':>12} | {'queries':>7} | {'static rps':>10} "
        f"{'cached/static':>13}"
    )
    say(header)
    say("-" * len(header))
    for name, page in info.items():
        static = page["static_load"]
        uncached = page["uncached_load"]
        cached = page.get("cached_load")
        cached_cells = (
            f"{cached['rps']:>10.0f} {cached['p50']:>6.2f} {cached['p99']:>6.2f}"
            if cached
            else f"{'(never)':>10} {'':>6} {'':>6}"
        )
        ratio = f"{page['ratio']:>12.0%}" if cached else f"{'-':>12}"
        queries = f"{page['queries_built']}/{page['queries_cached']}"
        say(
            f"{name:<9} {cached_cells} | {uncached['rps']:>12.0f} {uncached['p50']:>6.2f} "
            f"{uncached['p99']:>6.2f} {page['one_reader']['p50']:>12.2f} | {queries:>7} | "
            f"{static['rps']:>10.0f} {ratio:>13}"
        )
    say(
        f"uncached: X-Bench-Bypass-Cache, the page built for every request; 1-reader p50: the "
        f"same with one connection (no queueing). queries: built/cached, per request "
        f"(X-Query-Count). static: the same bytes from /static/ (WhiteNoise), same server; "
        f"cached/static: median of the rounds' ratios. Load: {options.connections} connections."
    )
    bad = [
        name
        for name, page in info.items()
        for key in ("static_load", "cached_load", "uncached_load", "one_reader")
        if page.get(key, {}).get("errors")
    ]
    if bad:
        say(f"WARNING: non-2xx responses under load on: {', '.join(sorted(set(bad)))}")

    more_pages = {
        "home p.2": "/?page=2",
        "categories": "/categories/",
        "petitions": "/petitions/",
        "sitemap": "/sitemap.xml",
        "sm-artcls": "/sitemap-articles.xml",
        "sm-cats": "/sitemap-categories.xml",
        "sm-tags": "/sitemap-tags.xml",
        "sm-news": "/sitemap-news.xml",
    }
    plans = {}
    if not options.skip_plans:
        plans = report_plans({**{name: page["path"] for name, page in info.items()}, **more_pages})

    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    extra = {}

    def save():
        result = {"pages": info, "plans": plans, "built": steps, "database_size": size,
                  "options": vars(options), **extra}  # fmt: skip
        (RESULTS / f"bench-{stamp}.json").write_text(json.dumps(result, indent=2, default=str))
        (RESULTS / f"bench-{stamp}.txt").write_text("\n".join(lines_out) + "\n")

    save()  # the table and plans are kept even if a later benchmark fails
    script_env = {**env, "BENCH_DATABASE_URL": options.database_url}
    if not options.skip_search:
        extra["search_median_ms"] = run_script(
            ["bench/search.py", "--repeat", "5"], script_env, r"All queries: median ([\d.]+) ms"
        )
    if not options.skip_confirmations:
        extra["confirmations_per_second"] = run_script(
            [
                "bench/petitions_confirmations.py",
                "--signatures",
                str(options.confirmations),
                "--workers",
                "4",
            ],
            {**env, "REDIS_URL": ""},
            r"([\d.]+) counted confirmations/s",
        )
    if not options.skip_digests:
        digests_url = options.database_url.rsplit("/", 1)[0] + "/truthsite_bench_digests"
        extra["digests_per_second"] = run_script(
            [
                "bench/digests.py",
                "--subscribers",
                str(options.digest_subscribers),
                "--database-url",
                digests_url,
            ],
            {**env, "REDIS_URL": ""},
            r'"digests_per_second": ([\d.]+)',
        )
    say("")
    for key, label in (
        ("search_median_ms", "search: median ms of 16 queries"),
        ("confirmations_per_second", "petition confirmations/s"),
        ("digests_per_second", "digests/s (2 workers, SMTP sink)"),
    ):
        if key in extra:
            value = extra[key]
            say(f"{label:<34} {value:,.1f}" if value is not None else f"{label:<34} FAILED")
    say(f"\nWhole run: {time.monotonic() - started:.0f} s")
    say(f"Results: bench-results/bench-{stamp}.txt and .json")
    save()
    shutil.rmtree(static_root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
