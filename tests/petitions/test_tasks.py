"""The confirmation email is sent by a task; a failed send is retried with back-off."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from petitions import tasks
from petitions.models import Signature
from tests.petitions.factories import make_petition, make_signature

pytestmark = pytest.mark.django_db


class FlakyMailServer:
    def __init__(self, failures):
        self.failures = failures
        self.calls = 0

    def __call__(self, **kwargs):
        self.calls += 1
        if self.calls <= self.failures:
            raise OSError("connection refused")


def test_a_failed_send_is_retried_until_it_goes_through(settings):
    settings.PETITION_EMAIL_MAX_ATTEMPTS = 5
    signature = make_signature(make_petition())
    server = FlakyMailServer(failures=2)
    with mock.patch.object(tasks, "send_email", server):
        tasks.send_signature_email.enqueue(signature.pk)
    signature.refresh_from_db()
    assert server.calls == 3
    assert signature.email_failures == 0 and signature.last_emailed_at is not None


def test_retries_stop_after_the_configured_number_of_attempts(settings):
    settings.PETITION_EMAIL_MAX_ATTEMPTS = 3
    signature = make_signature(make_petition())
    server = FlakyMailServer(failures=100)
    with mock.patch.object(tasks, "send_email", server):
        result = tasks.send_signature_email.enqueue(signature.pk)
    signature.refresh_from_db()
    assert server.calls == 3
    assert signature.email_failures == 3 and signature.last_emailed_at is None
    assert result.status == "SUCCESSFUL"  # the first attempt handed over to its retry


def test_with_a_worker_queue_the_retry_waits_with_back_off(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    signature = make_signature(make_petition())
    before = timezone.now()
    with mock.patch.object(tasks, "send_email", FlakyMailServer(failures=1)):
        tasks.send_signature_email.call(signature.pk)
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs["args"] == [signature.pk]
    assert (
        before + timedelta(seconds=59) <= queued.run_after <= timezone.now() + timedelta(minutes=1)
    )
    assert [tasks.retry_delay(n).total_seconds() for n in (1, 2, 3, 12)] == [60, 120, 240, 86400]


def test_signatures_no_longer_live_get_no_email(mailoutbox):
    petition = make_petition()
    withdrawn = make_signature(petition, state=Signature.State.WITHDRAWN)
    assert tasks.send_signature_email.call(withdrawn.pk) == "skipped"
    assert tasks.send_signature_email.call(999999) == "skipped"
    assert mailoutbox == []
