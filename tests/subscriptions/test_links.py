"""Manage and unsubscribe links: preferences, RFC 8058 one-click, revocation."""

import pytest
from django.test import Client
from django.urls import reverse

from subscriptions import tokens
from subscriptions.models import Subscriber
from tests.factories import make_category
from tests.subscriptions.factories import make_subscriber

pytestmark = pytest.mark.django_db


def manage_url(subscriber):
    return reverse("subscriptions:manage", args=[tokens.manage_token(subscriber)])


def unsubscribe_url(subscriber):
    return reverse("subscriptions:unsubscribe", args=[tokens.unsubscribe_token(subscriber)])


def test_manage_page_changes_frequency_and_categories(client):
    first, second = make_category(name="Energy"), make_category(name="Courts")
    subscriber = make_subscriber(frequency="daily")
    page = client.get(manage_url(subscriber))
    assert page.status_code == 200
    assert subscriber.email.encode() in page.content
    assert page["X-Robots-Tag"] == "noindex"
    response = client.post(
        manage_url(subscriber),
        {"action": "save", "frequency": "weekly", "categories": [first.pk, second.pk]},
    )
    assert response.status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.frequency == "weekly"
    assert set(subscriber.categories.all()) == {first, second}
    assert b"Your choices are saved" in client.get(response["Location"]).content


def test_manage_page_bad_frequency_is_a_form_error(client):
    subscriber = make_subscriber(frequency="daily")
    response = client.post(manage_url(subscriber), {"action": "save", "frequency": "hourly"})
    assert response.status_code == 200
    assert b'role="alert"' in response.content
    subscriber.refresh_from_db()
    assert subscriber.frequency == "daily"


def test_unsubscribe_and_resubscribe_from_the_manage_page(client):
    subscriber = make_subscriber()
    client.post(manage_url(subscriber), {"action": "unsubscribe"})
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    page = client.get(manage_url(subscriber))
    assert b"Subscribe again" in page.content
    client.post(manage_url(subscriber), {"action": "resubscribe"})
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE


def test_one_click_post_without_cookies_or_csrf_unsubscribes_with_200():
    subscriber = make_subscriber()
    mail_provider = Client(enforce_csrf_checks=True)
    response = mail_provider.post(
        unsubscribe_url(subscriber),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert "Location" not in response
    assert b"You are unsubscribed" in response.content
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    # Repeating it is harmless.
    assert mail_provider.post(unsubscribe_url(subscriber)).status_code == 200


def test_unsubscribe_get_only_shows_a_button(client):
    subscriber = make_subscriber()
    page = client.get(unsubscribe_url(subscriber))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="List-Unsubscribe" value="One-Click"' in html
    assert ">Unsubscribe</button>" in html
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE


def test_tokens_of_one_kind_do_not_work_as_another(client):
    subscriber = make_subscriber()
    manage_token = tokens.manage_token(subscriber)
    unsubscribe_token = tokens.unsubscribe_token(subscriber)
    assert client.get(f"/unsubscribe/{manage_token}/").status_code == 404
    assert client.get(f"/subscribe/manage/{unsubscribe_token}/").status_code == 404
    assert client.get(f"/subscribe/confirm/{manage_token}/").status_code == 404


def test_tampered_links_are_refused(client):
    subscriber = make_subscriber()
    other = make_subscriber()
    token = tokens.manage_token(subscriber)
    payload, signature = token.rsplit(":", 1)
    forged = tokens.manage_token(other).rsplit(":", 1)[0] + ":" + signature
    assert client.get(f"/subscribe/manage/{forged}/").status_code == 404
    assert client.get(f"/subscribe/manage/{payload}:x{signature[1:]}/").status_code == 404
    assert client.post("/unsubscribe/garbage/").status_code == 404
    other.refresh_from_db()
    assert other.status == Subscriber.Status.ACTIVE


def test_new_secret_revokes_old_links(client):
    subscriber = make_subscriber()
    old_manage, old_unsubscribe = manage_url(subscriber), unsubscribe_url(subscriber)
    subscriber.secret = "rotated-secret"
    subscriber.save()
    assert client.get(old_manage).status_code == 404
    assert client.post(old_unsubscribe).status_code == 404
    assert client.get(manage_url(subscriber)).status_code == 200
