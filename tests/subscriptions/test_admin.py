"""Editors' admin: list, CSV export and import with a report, delivery log, actions."""

import json

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from subscriptions.models import Subscriber
from tests.factories import make_article, make_category, make_editor
from tests.subscriptions.factories import make_subscriber

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/subscriptions/subscriber/"


@pytest.fixture
def editor_client(client):
    editor = make_editor()
    editor.email = "editor@example.org"
    editor.save()
    client.force_login(editor)
    return client


def action(client, name, subscribers, **extra):
    return client.post(
        CHANGELIST,
        {"action": name, "_selected_action": [s.pk for s in subscribers], **extra},
    )


def test_editor_sees_subscribers_with_filters_and_search(editor_client):
    make_subscriber(email="findme@example.org", consent_source="footer")
    make_subscriber(email="other@example.org", status="bounced")
    page = editor_client.get(CHANGELIST, {"q": "findme"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "findme@example.org" in html and "other@example.org" not in html
    bounced = editor_client.get(CHANGELIST, {"status__exact": "bounced"}).content.decode()
    assert "other@example.org" in bounced and "findme@example.org" not in bounced
    assert "Import from CSV" in html
    subscriber = Subscriber.objects.get(email="findme@example.org")
    detail = editor_client.get(f"{CHANGELIST}{subscriber.pk}/change/").content.decode()
    assert "Consent record" in detail and "I agree." in detail


def test_csv_export_then_import_round_trip(editor_client):
    category = make_category(name="Energy")
    make_subscriber(email="one@example.org", categories=[category], frequency="weekly")
    exported = action(editor_client, "export_csv", Subscriber.objects.all())
    assert exported["Content-Type"].startswith("text/csv")
    text = exported.content.decode()
    assert text.splitlines()[0].startswith("email,status,frequency,categories,consented_at")
    assert "one@example.org,active,weekly,energy," in text
    Subscriber.objects.all().delete()
    upload = SimpleUploadedFile("subs.csv", text.encode(), content_type="text/csv")
    response = editor_client.post(f"{CHANGELIST}import/", {"file": upload})
    assert response.status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "one@example.org" and subscriber.frequency == "weekly"
    assert list(subscriber.categories.all()) == [category]
    assert subscriber.consent_source == "import"


def test_csv_import_reports_each_rejected_row(editor_client):
    make_category(name="Energy")
    make_subscriber(email="dup@example.org")
    text = "\n".join(
        [
            "email,frequency,categories,consented_at",
            "good@example.org,daily,energy,2025-01-01T10:00:00+00:00",
            "not-an-email,daily,,2025-01-01T10:00:00+00:00",
            "noconsent@example.org,daily,,",
            "badfreq@example.org,hourly,,2025-01-01T10:00:00+00:00",
            "badcat@example.org,daily,nope,2025-01-01T10:00:00+00:00",
            "dup@example.org,daily,,2025-01-01T10:00:00+00:00",
        ]
    )
    upload = SimpleUploadedFile("subs.csv", text.encode(), content_type="text/csv")
    html = editor_client.post(f"{CHANGELIST}import/", {"file": upload}).content.decode()
    assert "1 added, 5 rejected" in html
    for reason in [
        "not a valid email address", "no consent record", "frequency must be daily or weekly",
        "unknown category: nope", "already on the list",
    ]:  # fmt: skip
        assert reason in html, reason
    assert Subscriber.objects.filter(email="good@example.org", status="active").exists()
    assert not Subscriber.objects.filter(email="noconsent@example.org").exists()


def test_csv_import_refuses_a_non_utf8_file(editor_client):
    upload = SimpleUploadedFile("subs.csv", "email\nfé@example.org".encode("latin-1"))
    html = editor_client.post(f"{CHANGELIST}import/", {"file": upload}).content.decode()
    assert "not UTF-8" in html


def test_send_me_a_test_digest_action(editor_client):
    category = make_category()
    make_article(title="Story for the test", categories=[category])
    subscriber = make_subscriber(categories=[category])
    action(editor_client, "send_me_test_digest", [subscriber])
    [message] = mail.outbox
    assert message.to == ["editor@example.org"]
    assert "Story for the test" in message.body


def test_mark_bounced_action(editor_client):
    subscriber = make_subscriber()
    action(editor_client, "mark_bounced", [subscriber])
    subscriber.refresh_from_db()
    assert subscriber.status == "bounced" and "marked by editor" in subscriber.status_reason


def test_person_data_export_and_erase_actions(editor_client):
    subscriber = make_subscriber(email="person@example.org")
    exported = action(editor_client, "export_person_data", [subscriber])
    data = json.loads(exported.content)
    assert data[0]["subscriber"]["email"] == "person@example.org"
    confirm_page = action(editor_client, "erase_person_data", [subscriber])
    assert b"Yes, erase" in confirm_page.content
    assert Subscriber.objects.exists()
    action(editor_client, "erase_person_data", [subscriber], confirm_erase="yes")
    assert not Subscriber.objects.exists()


def test_delivery_log_is_read_only(editor_client):
    page = editor_client.get("/admin/subscriptions/digestdelivery/")
    assert page.status_code == 200
    assert editor_client.get("/admin/subscriptions/digestdelivery/add/").status_code == 403
