"""Sign-up, double opt-in, no enumeration, abuse limits, forms on every page."""

import time

import pytest
from django.core import mail, signing
from django.test import Client

from subscriptions.models import Subscriber
from subscriptions.services import CONSENT_TEXT
from tests.factories import make_article, make_category
from tests.subscriptions.factories import links_in, make_subscriber, path_of, signup_data

pytestmark = pytest.mark.django_db


def sign_up(client, capture, **overrides):
    with capture(execute=True):
        return client.post("/subscribe/", signup_data(**overrides))


def test_sign_up_sends_confirmation_and_records_consent(client, django_capture_on_commit_callbacks):
    category = make_category(name="Ports & Shipping")
    response = sign_up(
        client, django_capture_on_commit_callbacks, categories=[category.pk],
        REMOTE_ADDR="203.0.113.9",
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == "/subscribe/check-your-inbox/"
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "reader.one@example.org"
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.frequency == "daily"
    assert list(subscriber.categories.all()) == [category]
    assert subscriber.consented_at is not None
    assert subscriber.consent_source == "page"
    assert subscriber.consent_text == str(CONSENT_TEXT)
    assert len(subscriber.ip_hash) == 32 and "203.0.113.9" not in subscriber.ip_hash
    assert subscriber.confirmed_at is None
    [message] = mail.outbox
    assert message.to == ["reader.one@example.org"]
    assert "confirm" in message.subject.lower()
    html = message.alternatives[0].content
    [confirm_link] = [link for link in links_in(message) if "/subscribe/confirm/" in link]
    assert confirm_link in html
    assert confirm_link.startswith("http://testserver/subscribe/confirm/")


def test_confirm_page_needs_the_post(client, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks)
    [confirm_link] = [link for link in links_in(mail.outbox[0]) if "/confirm/" in link]
    page = client.get(path_of(confirm_link))
    assert page.status_code == 200
    assert b">Confirm</button>" in page.content
    assert page["Referrer-Policy"] == "same-origin"
    # A mail scanner opening the link confirms nothing.
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    response = client.post(path_of(confirm_link))
    assert response.status_code == 302
    assert "/subscribe/manage/" in response["Location"]
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.ACTIVE
    assert subscriber.confirmed_at is not None
    welcome = client.get(response["Location"])
    assert b"your subscription is confirmed" in welcome.content


def test_confirm_link_works_once(client, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks)
    [confirm_link] = [link for link in links_in(mail.outbox[0]) if "/confirm/" in link]
    assert client.post(path_of(confirm_link)).status_code == 302
    again = client.post(path_of(confirm_link))
    assert again.status_code == 404
    assert b"This link does not work" in again.content
    assert client.get(path_of(confirm_link)).status_code == 404


def test_used_confirm_link_cannot_resubscribe_after_unsubscribing(
    client, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks)
    [confirm_link] = [link for link in links_in(mail.outbox[0]) if "/confirm/" in link]
    client.post(path_of(confirm_link))
    subscriber = Subscriber.objects.get()
    subscriber.status = Subscriber.Status.UNSUBSCRIBED
    subscriber.save()
    assert client.post(path_of(confirm_link)).status_code == 404
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_expired_and_tampered_confirm_links(
    client, django_capture_on_commit_callbacks, monkeypatch
):
    sign_up(client, django_capture_on_commit_callbacks)
    [confirm_link] = [link for link in links_in(mail.outbox[0]) if "/confirm/" in link]
    path = path_of(confirm_link)
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    assert client.post(tampered).status_code == 404
    eight_days_later = time.time() + 8 * 24 * 3600
    monkeypatch.setattr("django.core.signing.time.time", lambda: eight_days_later)
    expired = client.post(path)
    assert expired.status_code == 410
    assert b"expired" in expired.content
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_same_answer_whether_or_not_the_address_is_known(
    client, django_capture_on_commit_callbacks
):
    make_subscriber(email="known@example.org", frequency="weekly")
    known = sign_up(client, django_capture_on_commit_callbacks, email="known@example.org")
    unknown = sign_up(client, django_capture_on_commit_callbacks, email="unknown@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert client.get(known["Location"]).content == client.get(unknown["Location"]).content
    # The known, active subscriber is unchanged and gets their links, not a new opt-in.
    known_subscriber = Subscriber.objects.get(email="known@example.org")
    assert known_subscriber.status == Subscriber.Status.ACTIVE
    assert known_subscriber.frequency == "weekly"
    to_known = [m for m in mail.outbox if m.to == ["known@example.org"]]
    assert len(to_known) == 1 and "/subscribe/manage/" in to_known[0].body
    assert "/subscribe/confirm/" not in to_known[0].body


def test_gmail_variants_are_one_subscriber(client, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks, email="Jane.Doe+news@gmail.com")
    sign_up(client, django_capture_on_commit_callbacks, email="janedoe@googlemail.com")
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["janedoe@gmail.com"]


def test_confirmation_emails_to_one_address_are_limited(client, django_capture_on_commit_callbacks):
    for _n in range(5):
        sign_up(client, django_capture_on_commit_callbacks, email="often@example.org")
    assert len(mail.outbox) == 3


def test_bad_email_is_a_form_error(client):
    response = client.post("/subscribe/", signup_data(email="not an address"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-invalid="true"' in html and 'role="alert"' in html
    assert 'aria-describedby="id_email-errors"' in html
    assert Subscriber.objects.count() == 0


def test_honeypot_and_instant_posts_are_refused(client):
    filled = client.post("/subscribe/", signup_data(website="http://spam.example"))
    instant = client.post(
        "/subscribe/", signup_data(form_started=signing.dumps(time.time(), salt="form-started"))
    )
    for response in (filled, instant):
        assert response.status_code == 200
        assert b'role="alert"' in response.content
    assert Subscriber.objects.count() == 0
    assert mail.outbox == []


def test_too_many_sign_ups_from_one_network_get_429(client, settings):
    settings.SUBSCRIPTION_SIGNUPS_PER_HOUR = 2
    for n in range(2):
        assert client.post("/subscribe/", signup_data(email=f"a{n}@example.org")).status_code == 302
    response = client.post("/subscribe/", signup_data(email="a9@example.org"))
    assert response.status_code == 429
    assert response["Retry-After"]
    assert b"Too many attempts" in response.content
    assert Subscriber.objects.count() == 2


def test_unknown_source_is_rejected(client):
    response = client.post("/subscribe/", signup_data(source="admin"))
    assert response.status_code == 200
    assert Subscriber.objects.count() == 0


def test_footer_form_on_every_page_and_article_form(client):
    category = make_category()
    article = make_article(categories=[category])
    for url in ["/", "/categories/", category.get_absolute_url(), article.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert 'id="footer-subscribe-email"' in html, url
        # Pages are cached for every reader: no one visitor's CSRF token in them.
        assert 'name="csrfmiddlewaretoken"' not in html
        assert 'href="/subscribe/"' in html  # nav link
    article_html = client.get(article.get_absolute_url()).content.decode()
    assert 'id="article-subscribe-email"' in article_html
    assert 'name="source" value="article"' in article_html
    assert 'for="article-subscribe-email"' in article_html


def test_compact_form_adds_no_query(client, django_assert_num_queries):
    make_article()
    with django_assert_num_queries(0):
        from django.template import Context, Template
        from django.test import RequestFactory

        request = RequestFactory().get("/")
        html = Template('{% load subscription_tags %}{% subscribe_form "footer" %}').render(
            Context({"request": request, "csrf_token": "x"})
        )
    assert 'name="email"' in html


def test_sign_up_from_footer_records_its_source(client, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks, source="footer")
    assert Subscriber.objects.get().consent_source == "footer"


def test_subscribe_form_refuses_cross_site_posts_without_a_csrf_token():
    # The form is on cached pages, so it carries no token: the browser's own word on
    # where the POST came from decides (truthsite.same_origin).
    browser = Client(enforce_csrf_checks=True)
    assert "csrftoken" not in browser.get("/subscribe/").cookies
    same_site = browser.post(
        "/subscribe/", signup_data(), headers={"Sec-Fetch-Site": "same-origin"}
    )
    assert same_site.status_code == 302
    for headers in ({"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}):
        refused = Client(enforce_csrf_checks=True).post(
            "/subscribe/", signup_data(), headers=headers
        )
        assert refused.status_code == 403, headers
    assert Subscriber.objects.count() == 1
