"""A person's data (export, erase), retention, the petition receiver, the bounce webhook."""

import hashlib
import hmac
import io
import json
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from subscriptions.models import DigestDelivery, Subscriber
from subscriptions.services import subscribe_from_petition
from tests.factories import make_category
from tests.subscriptions.factories import make_subscriber

pytestmark = pytest.mark.django_db


def command_output(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_export_person_command_gives_record_consent_and_digests():
    category = make_category(name="Energy")
    subscriber = make_subscriber(email="jane@example.org", categories=[category],
                                 consent_text="The wording.", ip_hash="abc")  # fmt: skip
    DigestDelivery.objects.create(
        subscriber=subscriber, period="daily:2026-01-01", window_start=timezone.now(),
        window_end=timezone.now(), next_attempt_at=timezone.now(), status="sent",
    )  # fmt: skip
    data = json.loads(command_output("export_person", "Jane@Example.org"))
    record = data["subscriber"]
    assert data["email"] == "jane@example.org"
    assert record["categories"] == ["Energy"]
    assert record["consent"]["wording"] == "The wording."
    assert record["consent"]["hashed_network"] == "abc"
    assert record["digests"][0]["period"] == "daily:2026-01-01"
    assert data["petition_signatures"] == []


def test_export_person_unknown_address():
    data = json.loads(command_output("export_person", "nobody@example.org"))
    assert data["subscriber"] is None and data["petition_signatures"] == []


def test_erase_person_command_deletes_everything():
    subscriber = make_subscriber(email="eraseme@gmail.com")
    DigestDelivery.objects.create(
        subscriber=subscriber, period="daily:2026-01-01", window_start=timezone.now(),
        window_end=timezone.now(), next_attempt_at=timezone.now(),
    )  # fmt: skip
    result = json.loads(command_output("erase_person", "Erase.Me+x@gmail.com"))
    assert result["subscribers_deleted"] == 1 and result["deliveries_deleted"] == 1
    assert not Subscriber.objects.exists() and not DigestDelivery.objects.exists()


def test_purge_deletes_only_stale_pending(settings):
    settings.SUBSCRIPTION_PENDING_DAYS = 10
    stale = make_subscriber(status="pending")
    fresh = make_subscriber(status="pending")
    old_active = make_subscriber()
    Subscriber.objects.filter(pk__in=[stale.pk, old_active.pk]).update(
        created_at=timezone.now() - timedelta(days=11)
    )
    assert "deleted 1" in command_output("purge_subscribers")
    assert set(Subscriber.objects.values_list("pk", flat=True)) == {fresh.pk, old_active.pk}


def test_petition_receiver_starts_double_opt_in(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        subscribe_from_petition(
            sender=None, signal=None, email="Signer@Example.org", name="Sam", ip_hash="f00"
        )
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "signer@example.org"
    assert subscriber.status == "pending"
    assert subscriber.consent_source == "petition" and subscriber.ip_hash == "f00"
    assert subscriber.consent_text
    [message] = mail.outbox
    assert "/subscribe/confirm/" in message.body


def test_petition_receiver_ignores_a_bad_address():
    subscribe_from_petition(email="not-an-address", ip_hash="")
    assert not Subscriber.objects.exists()


def test_seed_subscribers_is_idempotent():
    command_output("seed_subscribers", "--count", "5")
    command_output("seed_subscribers", "--count", "5")
    assert Subscriber.objects.filter(status="active").count() == 5


# The bounce / complaint webhook -------------------------------------------------

WEBHOOK = "/subscribe/webhooks/bounce/"


@pytest.fixture
def webhook_secret(settings):
    settings.SUBSCRIPTION_WEBHOOK_SECRET = "s3cret-value"
    return settings.SUBSCRIPTION_WEBHOOK_SECRET


def test_webhook_off_without_a_secret(client, settings):
    settings.SUBSCRIPTION_WEBHOOK_SECRET = ""
    assert client.post(WEBHOOK, {}, content_type="application/json").status_code == 404


def test_webhook_refuses_wrong_credentials(client, webhook_secret):
    subscriber = make_subscriber(email="x@example.org")
    body = {"email": "x@example.org", "type": "bounce"}
    wrong = client.post(WEBHOOK, body, content_type="application/json",
                        headers={"Authorization": "Bearer nope"})  # fmt: skip
    unsigned = client.post(WEBHOOK, body, content_type="application/json")
    assert wrong.status_code == unsigned.status_code == 401
    subscriber.refresh_from_db()
    assert subscriber.status == "active"


def test_webhook_bearer_bounce_marks_bounced(client, webhook_secret):
    subscriber = make_subscriber(email="x@example.org")
    response = client.post(
        WEBHOOK, {"email": "X@example.org", "type": "bounce"}, content_type="application/json",
        headers={"Authorization": f"Bearer {webhook_secret}"},
    )  # fmt: skip
    assert response.status_code == 200 and response.json() == {"ok": True, "known": True}
    subscriber.refresh_from_db()
    assert subscriber.status == "bounced"


def test_webhook_hmac_complaint_marks_bounced(client, webhook_secret):
    subscriber = make_subscriber(email="y@example.org")
    body = json.dumps({"email": "y@example.org", "type": "complaint"}).encode()
    signature = hmac.new(webhook_secret.encode(), body, hashlib.sha256).hexdigest()
    response = client.post(WEBHOOK, body, content_type="application/json",
                           headers={"X-Signature": f"sha256={signature}"})  # fmt: skip
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == "bounced" and "complaint" in subscriber.status_reason


def test_webhook_bad_payload_is_400(client, webhook_secret):
    auth = {"Authorization": f"Bearer {webhook_secret}"}
    garbled = client.post(WEBHOOK, "nonsense", content_type="application/json", headers=auth)
    wrong_type = client.post(
        WEBHOOK, {"email": "a@b.org", "type": "other"}, content_type="application/json",
        headers=auth,
    )  # fmt: skip
    assert garbled.status_code == wrong_type.status_code == 400
