"""The benchmark's data set, built once per database and reused (bench/run.py calls it).

    .venv/bin/python bench/seed.py [--database-url URL]

100,000 articles with commentary, 30 categories and 5,000 tags (`manage.py seed_demo`,
its bulk path), 50 petitions with 1,000,000 signatures (COPY through psycopg: a
million ORM objects would take many minutes) and 100,000 subscribers (`manage.py
seed_subscribers`). Each step records itself in the table bench_build when it is
done, so a second run skips it, and a run that was interrupted redoes only the step
it was in (each step starts by removing what an unfinished run of it left).
Call with Django set up on the benchmark database.
"""

import json
import random
import sys
import time
from datetime import timedelta

ARTICLES, TAGS, CATEGORIES = 100_000, 5_000, 30
PETITIONS, SIGNATURES = 50, 1_000_000
SUBSCRIBERS = 100_000
PETITION_SLUG_PREFIX = "bench-petition-"
SIGNER_DOMAIN = "signers.bench.example"

FIRST_NAMES = (
    "Anna Olena James Maria Oleh Sarah David Emma Lukas Priya Tom Iryna Mykola "
    "Chen Fatima Jonas Marta Pavlo Sofia Yusuf Kateryna Ahmed Laura Taras"
).split()
LAST_NAMES = (
    "Kovalenko Miller Garcia Shevchenko Johnson Chen Wilson Schmidt Patel Bondar "
    "Nowak Dubois Rossi Tkachenko Lewis Moroz Silva Novak Kim Hughes"
).split()
COUNTRIES = ["US"] * 6 + ["UA"] * 2 + ["GB", "CA", "DE", "PL", "FR", "NL", "SE", "LT"]


def say(text):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _marker_table(cursor):
    cursor.execute(
        "CREATE TABLE IF NOT EXISTS bench_build ("
        " step text PRIMARY KEY, built_at timestamptz NOT NULL DEFAULT now(),"
        " seconds real NOT NULL, detail jsonb NOT NULL)"
    )


def built_steps():
    """{step: {"built_at", "seconds", "detail"}} of what this database holds."""
    from django.db import connection

    with connection.cursor() as cursor:
        _marker_table(cursor)
        cursor.execute("SELECT step, built_at, seconds, detail FROM bench_build")
        return {
            step: {
                "built_at": built_at.isoformat(),
                "seconds": seconds,
                "detail": json.loads(detail) if isinstance(detail, str) else detail,
            }
            for step, built_at, seconds, detail in cursor.fetchall()
        }


def _record(step, seconds, detail):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_build (step, seconds, detail) VALUES (%s, %s, %s) "
            "ON CONFLICT (step) DO UPDATE SET built_at = now(), seconds = EXCLUDED.seconds, "
            "detail = EXCLUDED.detail",
            [step, seconds, json.dumps(detail)],
        )


def seed_articles():
    from django.core.management import call_command

    from articles.models import Article

    say(f"  seed_demo --articles {ARTICLES:,} --tags {TAGS:,} --categories {CATEGORIES} ...")
    call_command("seed_demo", articles=ARTICLES, tags=TAGS, categories=CATEGORIES, verbosity=1)
    return {"articles": Article.objects.count(), "published": Article.objects.published().count()}


def seed_petitions(rng):
    """50 petitions (some closed, one featured), 1,000,000 signatures: mostly confirmed,
    some pending or withdrawn, shared out unevenly as real petitions are."""
    from django.db import connection, transaction
    from django.utils import timezone

    from petitions.models import Petition, Signature
    from petitions.services import recount

    now = timezone.now()
    Petition.objects.filter(slug__startswith=PETITION_SLUG_PREFIX).delete()  # an unfinished run
    petitions = []
    for n in range(PETITIONS):
        closed = n % 10 == 9
        petitions.append(
            Petition.objects.create(
                slug=f"{PETITION_SLUG_PREFIX}{n}",
                title=f"Benchmark petition {n}: protect the talks, publish the terms",
                summary="Any agreement must be one people can accept, with guarantees.",
                body="We ask for:\n\n1. a seat at the table;\n2. written guarantees;\n"
                "3. aid that continues while talks go on.\n\n" * 3,
                recipient="the U.S. Congress",
                goal=100_000,
                status=Petition.Status.CLOSED if closed else Petition.Status.OPEN,
                is_featured=n == 0,
                opens_at=now - timedelta(days=60 + n),
                closes_at=now - timedelta(days=1) if closed else None,
            )
        )
    # Uneven: petition k gets a share proportional to 1 / (k + 1).
    weights = [1 / (k + 1) for k in range(PETITIONS)]
    scale = SIGNATURES / sum(weights)
    sizes = [int(weight * scale) for weight in weights]
    sizes[0] += SIGNATURES - sum(sizes)
    columns = [
        "petition_id", "state", "name", "email", "email_normalised", "postcode", "country",
        "comment", "show_name", "wants_newsletter", "created_at", "confirmed_at",
        "withdrawn_at", "invalidated_at", "invalidation_reason", "ip_hash", "user_agent",
        "nonce", "confirmation_emails", "email_failures", "last_emailed_at",
    ]  # fmt: skip
    table = Signature._meta.db_table
    written = 0
    with transaction.atomic(), connection.cursor() as cursor:
        copy_sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with cursor.cursor.copy(copy_sql) as copy:
            for petition, size in zip(petitions, sizes, strict=True):
                for n in range(size):
                    roll = rng.random()
                    state = "confirmed" if roll < 0.9 else "pending" if roll < 0.97 else "withdrawn"
                    signed = now - timedelta(seconds=rng.randint(60, 50 * 24 * 3600))
                    email = f"signer{n}.{petition.pk}@{SIGNER_DOMAIN}"
                    withdrawn = state == "withdrawn"
                    copy.write_row((
                        petition.pk, state,
                        "" if withdrawn else f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                        "" if withdrawn else email, "" if withdrawn else email,
                        "", rng.choice(COUNTRIES), "", rng.random() < 0.66, rng.random() < 0.2,
                        signed, signed + timedelta(minutes=5) if state != "pending" else None,
                        signed + timedelta(days=1) if withdrawn else None, None, "",
                        f"{rng.getrandbits(128):032x}", "Mozilla/5.0 (benchmark)",
                        f"{rng.getrandbits(96):024x}", 1, 0, signed,
                    ))  # fmt: skip
                written += size
                if written % 200_000 < size:
                    say(f"    {written:,} of {SIGNATURES:,} signatures")
    recount(petitions=Petition.objects.filter(slug__startswith=PETITION_SLUG_PREFIX))
    confirmed = Signature.objects.filter(state="confirmed").count()
    return {"petitions": len(petitions), "signatures": written, "confirmed": confirmed}


def seed_subscribers():
    from django.core.management import call_command

    from subscriptions.models import Subscriber

    call_command("seed_subscribers", count=SUBSCRIBERS, verbosity=0)
    return {"subscribers": Subscriber.objects.count()}


def build():
    """Build whatever this database lacks; returns the markers of every step."""
    from django.db import connection

    from articles.models import bump_content_version

    steps = built_steps()
    rng = random.Random(20261127)
    plan = [
        ("articles", seed_articles),
        ("petitions", lambda: seed_petitions(rng)),
        ("subscribers", seed_subscribers),
    ]
    changed = False
    for step, build_step in plan:
        if step in steps:
            continue
        say(f"Building {step} (once; later runs reuse it) ...")
        started = time.monotonic()
        detail = build_step()
        seconds = time.monotonic() - started
        _record(step, seconds, detail)
        say(f"  {step}: {detail} in {seconds:.0f} s")
        changed = True
    if changed:
        bump_content_version()
        with connection.cursor() as cursor:
            say("VACUUM ANALYZE (fresh statistics for the planner) ...")
            cursor.execute("VACUUM ANALYZE")
    return built_steps()


if __name__ == "__main__":
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))
    from bench.run import setup_django

    setup_django(sys.argv[2] if len(sys.argv) > 2 and sys.argv[1] == "--database-url" else None)
    print(json.dumps(build(), indent=2))  # noqa: T201
