"""A Sign or Subscribe button pressed twice makes one record.

Chromium folds a fast double click into one submission, so these tests press the
button a second time once the first request is on its way, with the server slowed
down so that both requests are in it at once: the worst case of an impatient
visitor. (tests/truthsite/test_faults.py sends the same two posts without a browser;
tests/*/test_concurrency.py many at once on PostgreSQL.)
"""

import time

from playwright.sync_api import expect

from petitions import services as petition_services
from petitions.models import Signature
from subscriptions import services as subscription_services
from subscriptions.models import Subscriber
from tests.petitions.factories import make_petition
from truthsite.abuse import HumanCheckFormMixin


def slowed(function, seconds=0.5):
    def slow(**kwargs):
        time.sleep(seconds)
        return function(**kwargs)

    return slow


def press_twice(page, button):
    """Press, and press again while the first request is at the server."""
    button.scroll_into_view_if_needed()
    posts = []
    page.on("request", lambda request: request.method == "POST" and posts.append(request))
    box = button.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    with page.expect_request(lambda request: request.method == "POST"):
        page.mouse.click(x, y)
    page.mouse.click(x, y)  # the mouse does not wait for the page to change
    return posts


def test_sign_button_pressed_twice_makes_one_signature(page, settings, monkeypatch):
    settings.PETITION_MIN_FILL_SECONDS = 0
    monkeypatch.setattr(petition_services, "sign_petition", slowed(petition_services.sign_petition))
    petition = make_petition()
    page.goto(petition.get_absolute_url())
    page.get_by_label("Your full name").fill("Double Clicker")
    page.get_by_role("main").get_by_label("Email address").fill("double@example.org")
    posts = press_twice(page, page.get_by_role("button", name="Sign the petition"))
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert len(posts) == 2, "the browser should have sent the form twice"
    assert Signature.objects.filter(petition=petition).count() == 1


def test_subscribe_button_pressed_twice_makes_one_subscriber(page, monkeypatch):
    monkeypatch.setattr(HumanCheckFormMixin, "min_fill_seconds", 0)
    monkeypatch.setattr(
        subscription_services,
        "request_subscription",
        slowed(subscription_services.request_subscription),
    )
    page.goto("/subscribe/")
    page.get_by_role("main").get_by_label("Email address").fill("double@example.org")
    posts = press_twice(page, page.get_by_role("main").get_by_role("button", name="Subscribe"))
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    assert len(posts) == 2, "the browser should have sent the form twice"
    assert Subscriber.objects.filter(email="double@example.org").count() == 1
