"""Faults the site survives, each made real: the database unreachable, the mail server
down, a task worker killed mid-digest, a button pressed twice.

The mail server is bench/smtp_sink.py (the benchmark's sink) started on a port where,
until then, nothing listened. The database and the killed worker need PostgreSQL
(CI runs the suite on it): SQLite has no server to lose, and its in-memory test
database cannot be shared with a worker process.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from petitions.models import Signature
from subscriptions.models import DigestDelivery, Subscriber
from subscriptions.tasks import start_digest_run
from tests.factories import make_article
from tests.petitions.factories import make_petition, sign_form_data
from tests.subscriptions.factories import make_subscriber, signup_data

ROOT = Path(django_settings.BASE_DIR)
NEEDS_POSTGRES = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (set DATABASE_URL=postgres://...): SQLite has no database "
    "server to stop, and its in-memory test database cannot be shared with a worker process",
)
WORKER_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, *, timeout=60, what="condition"):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


class MailServer:
    """bench/smtp_sink.py on `port`, in its own process; `stop()` returns what it got."""

    def __init__(self, port, folder, *, delay=0.0):
        self.port, self.out = port, folder / f"sink-{port}.json"
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "bench" / "smtp_sink.py"), "--port", str(port),
             "--out", str(self.out), "--delay", str(delay)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wait_until(self._listening, timeout=20, what="the SMTP sink to listen")

    def _listening(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as probe:
                return probe.recv(3) == b"220"
        except OSError:
            return False

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(30)
        return json.loads(self.out.read_text())


def smtp_to(port):
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }


def run_worker():
    """One db_worker pass in this process: every task that is due, then return."""
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--interval", "0", "--no-reload",
        verbosity=0,
    )  # fmt: skip


def time_passes():
    """The back-off delays are over: retries queued for later are due now."""
    now = timezone.now() - timedelta(seconds=1)
    DBTaskResult.objects.filter(status="READY").update(run_after=now)
    DigestDelivery.objects.filter(status=DigestDelivery.Status.QUEUED).update(next_attempt_at=now)


# (a) The database unreachable ---------------------------------------------------------


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@NEEDS_POSTGRES
@pytest.mark.django_db(transaction=True)
def test_database_unreachable_gives_503_and_the_site_recovers_by_itself(live_server):
    make_article(title="A story worth reading")
    assert fetch(live_server.url + "/")[0] == 200
    database = connection.settings_dict
    admin = psycopg.connect(
        host=database["HOST"] or "127.0.0.1", port=database["PORT"] or 5432,
        user=database["USER"], password=database["PASSWORD"] or None,
        dbname="postgres", autocommit=True,
    )  # fmt: skip
    name = database["NAME"]
    try:
        # The database goes away: no new connections, every open one cut.
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
        # A page already in the page cache still reaches readers...
        status, _headers, body = fetch(live_server.url + "/")
        assert status == 200 and "A story worth reading" in body
        # ...and one that has to be built says clearly why it cannot be.
        for path in ("/petitions/", "/categories/"):
            status, headers, body = fetch(live_server.url + path)
            assert status == 503, (path, status)
            assert headers.get("Retry-After") == "30"
            assert "cannot reach its database" in body
        status, _headers, body = fetch(live_server.url + "/healthz")
        assert status == 503 and json.loads(body)["status"] == "error"
    finally:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        admin.close()
        connection.close()  # this test's own connection was cut too
    # Back: the next requests simply work, nothing restarted.
    status, _headers, body = fetch(live_server.url + "/")
    assert status == 200 and "A story worth reading" in body
    assert fetch(live_server.url + "/healthz")[0] == 200


# (b) The mail server down ---------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_mail_waits_while_the_server_is_down_and_goes_once_it_is_back(client, settings, tmp_path):
    port = free_port()  # nothing listens here yet: the mail server is down
    settings.MAILERS = smtp_to(port)
    settings.TASKS = WORKER_QUEUE
    make_article(title="News for the digest")
    readers = [make_subscriber(email=f"reader{n}@example.org").email for n in range(3)]
    petition = make_petition()
    signed = client.post(
        f"/petitions/{petition.slug}/sign/", sign_form_data(email="signer@example.org")
    )
    subscribed = client.post("/subscribe/", signup_data(email="newcomer@example.org"))
    assert signed.status_code == 302 and subscribed.status_code == 302
    assert start_digest_run() == 3

    run_worker()  # every send fails: connection refused
    assert not DigestDelivery.objects.filter(status=DigestDelivery.Status.SENT).exists()
    assert set(DigestDelivery.objects.values_list("status", "attempts")) == {("queued", 1)}
    assert Signature.objects.get().last_emailed_at is None
    assert Subscriber.objects.get(email="newcomer@example.org").confirmation_sent_at is None
    waiting = DBTaskResult.objects.filter(status="READY", run_after__gt=timezone.now())
    assert waiting.count() >= 3, "each failed send should wait in the queue for its retry"

    server = MailServer(port, tmp_path)
    try:
        time_passes()
        run_worker()
        run_worker()  # a second pass finds nothing more to send
    finally:
        received = server.stop()
    expected = {*readers, "signer@example.org", "newcomer@example.org"}
    assert received["recipients"] == dict.fromkeys(expected, 1)  # none lost, none doubled
    assert DigestDelivery.objects.filter(status=DigestDelivery.Status.SENT).count() == 3
    assert Signature.objects.get().last_emailed_at is not None


# (c) A worker killed mid-digest ---------------------------------------------------------


def worker_process(port, *extra):
    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EMAIL_"))},
        "DJANGO_SETTINGS_MODULE": "truthsite.settings", "DEBUG": "1", "DATABASE_URL": url,
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend", "EMAIL_BACKEND": "smtp",
        "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(port), "REDIS_URL": "",
    }  # fmt: skip
    command = [sys.executable, str(ROOT / "manage.py"), "db_worker", "--no-startup-delay",
               "--interval", "0.1", "--no-reload", *extra]  # fmt: skip
    return subprocess.Popen(command, env=env, cwd=ROOT, stderr=subprocess.DEVNULL)


def sent_count():
    return DigestDelivery.objects.filter(status=DigestDelivery.Status.SENT).count()


@NEEDS_POSTGRES
@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_digest_and_restarted_sends_nobody_a_digest_twice(settings, tmp_path):
    """A real `db_worker` process, SIGKILLed while sending. (In-process crashes at a
    chosen message: tests/subscriptions/test_digests.py::test_crash_part_way_*.)"""
    settings.TASKS = WORKER_QUEUE
    make_article(title="News for everyone")
    readers = {make_subscriber(email=f"killed{n}@example.org").email for n in range(40)}
    port = free_port()
    server = MailServer(port, tmp_path, delay=0.05)  # a slow server: the kill lands mid-run
    try:
        assert start_digest_run(workers=1) == 40
        worker = worker_process(port)
        try:
            wait_until(lambda: sent_count() >= 8, what="the worker to send some digests")
        finally:
            worker.kill()  # SIGKILL: no clean-up, mid-message
            worker.wait(30)
        assert 8 <= sent_count() < 40, "the kill should land part-way through"
        # Restarted: the next periodic run hands what is left to a fresh worker.
        assert start_digest_run(workers=1) == 0  # nothing planned twice
        restarted = worker_process(port, "--batch")
        assert restarted.wait(120) == 0
    finally:
        received = server.stop()
    assert sent_count() == 40
    message_ids = received["message_ids"]
    assert set(message_ids) == readers
    # Nobody got two digests. The one message in flight at the kill may have reached
    # the server before the worker died and been sent again: with the same Message-ID,
    # so it is the same digest, and mail systems drop the copy.
    assert all(len(ids) == 1 for ids in message_ids.values()), message_ids
    assert sum(received["recipients"].values()) <= 41


# (d) A button pressed twice -------------------------------------------------------------


@pytest.mark.django_db
def test_sign_and_subscribe_sent_twice_make_one_record(client, django_capture_on_commit_callbacks):
    petition = make_petition()
    sign = sign_form_data(email="twice@example.org")
    subscribe = signup_data(email="twice@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        for _click in range(2):
            assert client.post(f"/petitions/{petition.slug}/sign/", sign).status_code == 302
            assert client.post("/subscribe/", subscribe).status_code == 302
    assert Signature.objects.filter(petition=petition).count() == 1
    assert Subscriber.objects.filter(email="twice@example.org").count() == 1
