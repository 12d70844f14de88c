"""Two workers at once on PostgreSQL: nobody planned twice, nobody mailed twice."""

import threading
import time
from collections import Counter

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection

from subscriptions import digests
from subscriptions.models import DigestDelivery
from tests.factories import make_article
from tests.subscriptions.factories import make_subscriber

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL row locks (SKIP LOCKED); SQLite runs one writer at a time",
    ),
]

SENT = []
SENT_LOCK = threading.Lock()


class SlowBackend(BaseEmailBackend):
    """Records who sent what, slowly enough that both workers are busy at once."""

    def send_messages(self, messages):
        time.sleep(0.002)
        with SENT_LOCK:
            SENT.extend((threading.current_thread().name, m.to[0]) for m in messages)
        return len(messages)


def in_parallel(function, workers=2):
    barrier = threading.Barrier(workers)
    results, errors = {}, []

    def work(name):
        try:
            barrier.wait()
            results[name] = function()
        except Exception as error:  # reported by the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(n,), name=f"worker-{n}") for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    return results


def test_two_workers_plan_and_send_each_subscriber_exactly_once(settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.SlowBackend"}}
    SENT.clear()
    make_article(title="Story for everyone")
    emails = [make_subscriber(email=f"parallel{n}@example.org").email for n in range(80)]

    planned = in_parallel(lambda: digests.plan_digests())
    assert sum(planned.values()) == 80
    assert DigestDelivery.objects.count() == 80

    in_parallel(lambda: digests.send_queued_digests())
    per_address = Counter(address for _worker, address in SENT)
    assert per_address == Counter(emails)  # everyone exactly once
    per_worker = Counter(worker for worker, _address in SENT)
    assert len(per_worker) == 2, f"both workers should have sent some: {per_worker}"
    assert DigestDelivery.objects.filter(status="sent").count() == 80
    assert mail.outbox == []
