# ruff: noqa: T201  (a command-line benchmark reports on stdout)
"""Digests per second: N subscribers, two workers, a local SMTP sink, PostgreSQL.

    .venv/bin/python bench/digests.py --subscribers 100000
    .venv/bin/python bench/digests.py --subscribers 10000 --mode processes
    .venv/bin/python bench/digests.py --subscribers 10000 --kill-after 3   # crash check

What it does, in order: creates/migrates the benchmark database; seeds categories,
articles and N active subscribers (each with 0-3 chosen categories, half daily,
half weekly); plans the period's digests (timed on its own); starts the SMTP sink
(bench/smtp_sink.py) in its own process; then sends with two workers at once:

- `--mode tasks` (default): two `manage.py db_worker` processes draining
  `send_digest_batch` tasks from the django-tasks-db queue, as in production;
- `--mode processes`: two `manage.py send_digests --no-plan` processes.

With `--kill-after S`, the first worker is killed with SIGKILL after S seconds and
one more sender is run afterwards to finish: the check then is that the sink got
exactly one message per subscriber.

Digests per second = messages the sink accepted / seconds from the sink's first to
its last message (worker start-up excluded; the wall time is printed too). Every
recipient's count is checked: exactly one each. Results go to bench-results/.
"""

import argparse
import json
import os
import random
import resource
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"
PYTHON = sys.executable
BENCH_DOMAIN = "bench.example"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(database_url, smtp_port):
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "truthsite.settings",
            "DEBUG": "0",
            "SECRET_KEY": env.get("SECRET_KEY", "bench-only-secret-" + "x" * 40),
            "ALLOWED_HOSTS": "localhost",
            "SITE_URL": "https://news.bench.example",
            "DATABASE_URL": database_url,
            "EMAIL_BACKEND": "smtp",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "LOG_LEVEL": "WARNING",
            "CONN_MAX_AGE": "0",
        }
    )
    return env


def ensure_database(database_url):
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def manage(env, *args, **kwargs):
    return subprocess.Popen([PYTHON, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, **kwargs)


def seed(subscribers, articles, categories, seed_value=42):
    """Fresh benchmark data: the previous run's subscribers, deliveries and tasks go."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from articles.models import Article, Category
    from subscriptions.models import Subscriber

    rng = random.Random(seed_value)
    DBTaskResult.objects.all().delete()
    Subscriber.objects.filter(email__endswith=f"@{BENCH_DOMAIN}").delete()
    Article.objects.filter(slug__startswith="bench-").delete()
    chosen = []
    for n in range(categories):
        category, _created = Category.objects.get_or_create(
            slug=f"bench-{n}", defaults={"name": f"Bench category {n} – news & views"}
        )
        chosen.append(category)
    now = timezone.now()
    for n in range(articles):
        article = Article.objects.create(
            title=f"Bench article {n}: officials meet again as talks resume",
            slug=f"bench-{n}",
            summary="A summary long enough to look like one. " * 4,
            body="Body paragraph.\n\n" * 5,
            status=Article.Status.PUBLISHED,
            publish_at=now - timedelta(hours=rng.randint(1, 20)),
        )
        article.categories.set(rng.sample(chosen, rng.randint(1, 2)))
    rows = [
        Subscriber(
            email=f"reader{n}@{BENCH_DOMAIN}",
            status=Subscriber.Status.ACTIVE,
            frequency=Subscriber.Frequency.DAILY if n % 2 else Subscriber.Frequency.WEEKLY,
            consented_at=now,
            consent_text="bench",
            confirmed_at=now,
        )
        for n in range(subscribers)
    ]
    created = Subscriber.objects.bulk_create(rows, batch_size=5000)
    through = Subscriber.categories.through
    links = [
        through(subscriber_id=subscriber.pk, category_id=category.pk)
        for subscriber in created
        for category in rng.sample(chosen, rng.choice([0, 0, 1, 2, 3]))
    ]
    through.objects.bulk_create(links, batch_size=10000)
    return len(created)


def postgres_cpu_seconds():
    """CPU time used so far by every postgres process on this machine (from /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)
            if "postgres" not in fields[0]:
                continue
            values = fields[1].split()
            total += sum(int(v) for v in values[11:15])  # utime, stime, and of reaped children
        except (OSError, IndexError, ValueError):
            continue
    return total / ticks


def children_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wait_for_port(port, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the SMTP sink did not start")


def start_workers(env, mode, workers, batch_size):
    from subscriptions.tasks import send_digest_batch

    if mode == "tasks":
        for _n in range(workers):
            send_digest_batch.enqueue(batch_size)
        command = ["db_worker", "--batch", "--no-startup-delay", "--interval", "0.2",
                   "--no-reload"]  # fmt: skip
    else:
        command = ["send_digests", "--no-plan"]
    return [
        manage(env, *command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _n in range(workers)
    ]


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--subscribers", type=int, default=10000)
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--categories", type=int, default=6)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--mode", choices=["tasks", "processes"], default="tasks")
    parser.add_argument("--kill-after", type=float, default=None)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/subscriptions_dev"
        ),
    )
    options = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)
    port = free_port()
    env = environment(options.database_url, port)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))

    ensure_database(options.database_url)
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], env=env, cwd=ROOT,
                   check=True)  # fmt: skip
    import django

    django.setup()
    from django.db import connection

    from subscriptions import digests
    from subscriptions.models import DigestDelivery

    started = time.perf_counter()
    seeded = seed(options.subscribers, options.articles, options.categories)
    print(f"seeded {seeded} subscribers in {time.perf_counter() - started:.1f}s", flush=True)

    started = time.perf_counter()
    planned = digests.plan_digests()
    plan_seconds = time.perf_counter() - started
    print(f"planned {planned} digests in {plan_seconds:.1f}s ({planned / plan_seconds:.0f}/s)",
          flush=True)  # fmt: skip
    connection.close()

    sink_out = RESULTS / f"sink-{port}.json"
    sink = subprocess.Popen(
        [PYTHON, str(ROOT / "bench" / "smtp_sink.py"), "--port", str(port), "--out", str(sink_out)],
        stdout=subprocess.DEVNULL,
    )
    wait_for_port(port)
    wall_start = time.perf_counter()
    cpu_start, pg_start = children_cpu_seconds(), postgres_cpu_seconds()
    load_start = os.getloadavg()[0]
    workers = start_workers(env, options.mode, options.workers, options.batch_size)
    killed = False
    if options.kill_after is not None:
        time.sleep(options.kill_after)
        workers[0].send_signal(signal.SIGKILL)
        killed = True
        print(f"killed worker 1 (SIGKILL) after {options.kill_after}s", flush=True)
    failures = []
    for worker in workers:
        _out, err = worker.communicate()
        if worker.returncode not in (0, -signal.SIGKILL):
            failures.append(err.decode()[-2000:])
    if killed:
        # A killed db_worker leaves its task RUNNING; the rerun sends what is left.
        rerun = manage(env, "send_digests", "--no-plan", stdout=subprocess.PIPE)
        rerun_out, _err = rerun.communicate()
        print("rerun:", rerun_out.decode().strip(), flush=True)
    wall = time.perf_counter() - wall_start
    pg_cpu = postgres_cpu_seconds() - pg_start
    sink.send_signal(signal.SIGTERM)
    sink.wait(30)
    workers_cpu = children_cpu_seconds() - cpu_start  # workers and the sink, now all reaped
    received = json.loads(sink_out.read_text())
    sink_out.unlink()

    statuses = Counter(DigestDelivery.objects.values_list("status", flat=True))
    per_recipient = Counter(received["recipients"].values())
    messages = received["messages"]
    span = (received["last"] or 0) - (received["first"] or 0)
    rate = messages / span if span > 0 else float("nan")
    result = {
        "subscribers": seeded,
        "planned": planned,
        "plan_seconds": round(plan_seconds, 2),
        "mode": options.mode,
        "workers": options.workers,
        "killed_one_worker": killed,
        "messages_received": messages,
        "mean_message_bytes": round(received["bytes"] / messages) if messages else 0,
        "send_span_seconds": round(span, 2),
        "digests_per_second": round(rate, 1),
        "wall_seconds_incl_startup": round(wall, 2),
        # CPU per digest: what the machine's cores must supply, whatever else runs on it.
        "cpu_ms_per_digest_workers_and_sink": round(workers_cpu / messages * 1000, 2)
        if messages
        else None,
        "cpu_ms_per_digest_postgres": round(pg_cpu / messages * 1000, 2) if messages else None,
        "digests_per_second_if_2_idle_cores": round(2 * messages / (workers_cpu + pg_cpu), 1)
        if messages
        else None,
        "load_average_before_and_after": [round(load_start, 2), round(os.getloadavg()[0], 2)],
        "delivery_statuses": dict(statuses),
        "recipients_by_count": {str(k): v for k, v in sorted(per_recipient.items())},
        "smtp_connections": received["connections"],
        "cpus": os.cpu_count(),
    }
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"digests-{stamp}.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    sent = statuses.get("sent", 0)
    problems = []
    if failures:
        problems.append(f"worker errors: {failures}")
    if messages != sent and not killed:
        problems.append(f"the sink got {messages} messages for {sent} sent deliveries")
    if set(per_recipient) - {1}:
        problems.append(f"some recipients got more than one digest: {dict(per_recipient)}")
    if statuses.get("queued"):
        problems.append(f"{statuses['queued']} deliveries still queued")
    if problems:
        print("PROBLEMS:", *problems, sep="\n- ")
        sys.exit(1)
    print(f"OK: {messages} digests, each recipient exactly once; {rate:.0f} digests/s "
          f"with {options.workers} workers ({options.mode})")  # fmt: skip


if __name__ == "__main__":
    main()
