"""Many confirmations at once on PostgreSQL: nothing lost, nothing doubled, readers not blocked.

Each thread has its own database connection and really commits (transactional_db),
so these tests see the same row locking production does.
"""

import random
import threading

import pytest
from django.db import connection, transaction

from petitions import services
from petitions.models import Signature
from petitions.tokens import CONFIRM, make_token
from tests.petitions.factories import confirmed_rows, count_of, make_petition, make_signature

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL (set DATABASE_URL=postgres://...): SQLite lets one writer "
        "in at a time, so it cannot show what concurrent confirmations do",
    ),
]

THREADS = 16


def run_in_threads(jobs, work):
    """Split jobs over THREADS threads that start together; returns every result."""
    barrier = threading.Barrier(THREADS)
    results, errors = [], []

    def worker(batch):
        try:
            barrier.wait()
            for job in batch:
                results.append(work(job))
        except Exception as error:  # reported to the test below, with its thread's work
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(jobs[n::THREADS],)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


def test_many_threads_confirming_at_once_count_every_signature_exactly_once():
    petition = make_petition()
    signatures = [make_signature(petition) for _ in range(120)]
    tokens = [make_token(signature, purpose=CONFIRM) for signature in signatures]
    jobs = tokens * 2  # every link clicked twice, by different threads
    random.Random(3).shuffle(jobs)

    counted = run_in_threads(jobs, lambda token: services.confirm_signature(token=token))

    assert sum(result.counted_now for result in counted) == 120
    assert count_of(petition) == 120 == confirmed_rows(petition)
    assert services.recount() == []


def test_confirmations_racing_withdrawals_and_invalidation_stay_exact():
    petition = make_petition()
    flood = [make_signature(petition, ip_hash="flood") for _ in range(40)]
    honest = [make_signature(petition, ip_hash="home") for _ in range(40)]
    jobs = [("confirm", make_token(s, purpose=CONFIRM)) for s in flood + honest]
    jobs += [("invalidate", None)] * 8
    random.Random(5).shuffle(jobs)

    def work(job):
        kind, token = job
        if kind == "confirm":
            return services.confirm_signature(token=token).counted_now
        return services.invalidate_signatures(petition=petition, ip_hash="flood", reason="test")

    run_in_threads(jobs, work)

    assert count_of(petition) == confirmed_rows(petition)
    assert (
        Signature.objects.filter(petition=petition, ip_hash="home", state="confirmed").count() == 40
    )
    assert services.recount() == []


def test_the_same_person_signing_in_many_requests_at_once_gets_one_signature(mailoutbox):
    petition = make_petition()
    emails = ["Same.Person@example.org", "same.person@EXAMPLE.org"] * (THREADS // 2)

    signed = run_in_threads(
        emails,
        lambda email: (
            services.sign_petition(
                petition=petition, name="Same Person", email=email, country="US"
            ).pk
        ),
    )

    assert len(set(signed)) == 1
    assert Signature.objects.filter(petition=petition).count() == 1


def test_readers_are_not_blocked_while_a_confirmation_holds_its_locks(client):
    petition = make_petition()
    signature = make_signature(petition)
    token = make_token(signature, purpose=CONFIRM)
    locked, release = threading.Event(), threading.Event()

    def slow_confirmation():
        try:
            with transaction.atomic():
                services.confirm_signature(token=token)  # rows locked until this commits
                locked.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    writer = threading.Thread(target=slow_confirmation)
    writer.start()
    try:
        assert locked.wait(timeout=30)
        with connection.cursor() as cursor:  # a blocked read fails here instead of hanging
            cursor.execute("SET statement_timeout = '5s'")
        page = client.get(petition.get_absolute_url())
        summary = client.get(f"/petitions/{petition.slug}/count.json").json()
    finally:
        release.set()
        writer.join()
    assert page.status_code == 200 and summary["count"] == 0  # the committed state
    assert count_of(petition) == 1
