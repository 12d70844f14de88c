"""The privacy page, the one retention run it describes, and IPs kept only hashed."""

import io
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.utils import timezone

from petitions.models import Petition, Signature
from subscriptions.models import Subscriber
from tests.petitions.factories import committed, make_petition, make_signature, sign_form_data
from tests.subscriptions.factories import make_subscriber, signup_data
from truthsite.tasks import apply_retention, run_retention

pytestmark = pytest.mark.django_db


def test_privacy_page_is_linked_from_every_page_footer(client):
    home = client.get("/").content.decode()
    assert 'href="/privacy/"' in home
    assert client.get("/privacy/").status_code == 200


def test_privacy_page_numbers_come_from_the_settings(client, settings):
    settings.PETITION_CONFIRM_MAX_AGE = 5 * 86400
    settings.PETITION_UNCONFIRMED_RETENTION_DAYS = 11
    settings.PETITION_ANONYMISE_AFTER_DAYS = 120
    settings.SUBSCRIPTION_CONFIRM_DAYS = 4
    settings.SUBSCRIPTION_PENDING_DAYS = 13
    settings.RETENTION_INTERVAL = 7200
    settings.PRIVACY_CONTACT_EMAIL = "privacy@example.org"
    page = " ".join(client.get("/privacy/").content.decode().split())
    assert "confirmation email works for 5 days" in page
    assert "never confirmed is deleted 11 days after signing" in page
    assert "120 days after a petition closes" in page
    assert "confirmation email works for 4 days" in page
    assert "never confirmed is deleted 13 days after it was made" in page
    assert "every 2 hours" in page
    assert 'href="mailto:privacy@example.org"' in page


def _age(model, obj, days, field="created_at"):
    model.objects.filter(pk=obj.pk).update(**{field: timezone.now() - timedelta(days=days)})


def test_retention_does_what_the_privacy_page_says(settings):
    """Each rule just before and just after the age the page states."""
    keep_days = settings.PETITION_UNCONFIRMED_RETENTION_DAYS
    petition = make_petition()
    young, old = make_signature(petition), make_signature(petition)
    confirmed = make_signature(petition, confirmed=True)
    _age(Signature, young, keep_days - 1)
    _age(Signature, old, keep_days + 1)
    _age(Signature, confirmed, keep_days + 1)

    purge_days = settings.SUBSCRIPTION_PENDING_DAYS
    fresh = make_subscriber(status="pending", email="fresh@example.org")
    stale = make_subscriber(status="pending", email="stale@example.org")
    active = make_subscriber(email="active@example.org")
    _age(Subscriber, fresh, purge_days - 1)
    _age(Subscriber, stale, purge_days + 1)
    _age(Subscriber, active, purge_days + 1)

    after = settings.PETITION_ANONYMISE_AFTER_DAYS
    closed_long_ago = make_petition(status=Petition.Status.CLOSED)
    closed_lately = make_petition(status=Petition.Status.CLOSED)
    _age(Petition, closed_long_ago, after + 1, field="closes_at")
    _age(Petition, closed_lately, after - 1, field="closes_at")
    gone = make_signature(closed_long_ago, confirmed=True, name="Erased Person")
    kept = make_signature(closed_lately, confirmed=True, name="Kept Person")

    assert apply_retention() == {
        "unconfirmed_signatures_deleted": 1,
        "petitions_anonymised": 1,
        "unconfirmed_subscribers_deleted": 1,
    }
    assert set(Signature.objects.filter(petition=petition)) == {young, confirmed}
    assert set(Subscriber.objects.all()) == {fresh, active}
    gone.refresh_from_db()
    kept.refresh_from_db()
    assert gone.name == "" and gone.email == "" and gone.country == "US"
    assert kept.name == "Kept Person"


def test_one_periodic_task_runs_every_rule_once_per_tick():
    result = run_retention.enqueue()
    assert result.return_value == {
        "unconfirmed_signatures_deleted": 0,
        "petitions_anonymised": 0,
        "unconfirmed_subscribers_deleted": 0,
    }
    assert run_retention.enqueue().return_value == "tick already taken"


def test_with_a_worker_queue_the_task_schedules_its_next_run(settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.RETENTION_INTERVAL = 3600
    before = timezone.now()
    run_retention.call()
    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == "truthsite.tasks.run_retention"
    assert before < queued.run_after <= before + timedelta(seconds=3602)
    assert run_retention.call() == "tick already taken"
    assert DBTaskResult.objects.count() == 1  # a second chain ends instead of doubling


def test_run_retention_command(settings):
    old = make_subscriber(status="pending")
    _age(Subscriber, old, settings.SUBSCRIPTION_PENDING_DAYS + 1)
    out = io.StringIO()
    call_command("run_retention", stdout=out)
    assert "unconfirmed subscribers deleted: 1" in out.getvalue()
    assert not Subscriber.objects.filter(pk=old.pk).exists()


def test_ip_addresses_are_stored_only_hashed(client):
    """Sign a petition and subscribe from one address; no stored text holds it."""
    address = "198.51.100.77"
    petition = make_petition()
    with committed():
        client.post(f"/petitions/{petition.slug}/sign/", sign_form_data(), REMOTE_ADDR=address)
        client.post("/subscribe/", signup_data(), REMOTE_ADDR=address)
    assert Signature.objects.count() == 1 and Subscriber.objects.count() == 1
    for model in apps.get_models():
        text_fields = [
            f.name for f in model._meta.get_fields()
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))
        ]  # fmt: skip
        for row in model.objects.values(*text_fields):
            assert address not in repr(row), (model, row)
