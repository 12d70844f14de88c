"""A reader subscribes in Chromium: sign up, open the email, confirm, change
preferences from the digest's link, unsubscribe by the link.
"""

import re
from pathlib import Path

from subscriptions import digests
from subscriptions.models import Subscriber
from tests.factories import make_article, make_category
from tests.subscriptions.factories import digests_to, links_in, path_of
from truthsite.abuse import HumanCheckFormMixin

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"


def test_subscribe_confirm_change_preferences_unsubscribe(page, monkeypatch, mailoutbox):
    tab = page
    from playwright.sync_api import expect

    # People take seconds to fill a form; the test does not need to wait for that.
    monkeypatch.setattr(HumanCheckFormMixin, "min_fill_seconds", 0)
    energy, courts = make_category(name="Energy"), make_category(name="Courts & Law")
    make_article(title="Grid upgrade approved", categories=[energy])
    make_article(title="Appeal court ruling", categories=[courts])
    ARTIFACTS.mkdir(exist_ok=True)

    tab.goto("/")
    tab.get_by_role("navigation", name="Main").get_by_role("link", name="Subscribe").click()
    expect(tab).to_have_url(re.compile(r"/subscribe/$"))
    tab.get_by_label("Email address").fill("Reader@Example.org")
    tab.get_by_label("Daily").check()
    tab.get_by_label("Energy").check()
    tab.screenshot(path=ARTIFACTS / "subscribe-form.png", full_page=True)
    tab.get_by_role("button", name="Subscribe").click()
    expect(tab.get_by_role("heading", name="Check your inbox")).to_be_visible()

    [confirmation] = mailoutbox
    assert confirmation.to == ["reader@example.org"]
    [confirm_link] = [link for link in links_in(confirmation) if "/subscribe/confirm/" in link]
    tab.goto(path_of(confirm_link))
    assert Subscriber.objects.get().status == "pending"  # opening the link is not enough
    tab.get_by_role("button", name="Confirm").click()
    expect(tab.get_by_text("your subscription is confirmed")).to_be_visible()
    assert Subscriber.objects.get().status == "active"

    digests.plan_digests()
    digests.send_queued_digests()
    [digest] = digests_to("reader@example.org")
    assert "Grid upgrade approved" in digest.body and "Appeal court ruling" not in digest.body

    [manage_link] = [link for link in links_in(digest) if "/subscribe/manage/" in link]
    tab.goto(path_of(manage_link))
    tab.get_by_label("Weekly").check()
    tab.get_by_label("Courts & Law").check()
    tab.get_by_role("button", name="Save my choices").click()
    expect(tab.get_by_text("Your choices are saved")).to_be_visible()
    tab.screenshot(path=ARTIFACTS / "subscribe-manage.png", full_page=True)
    subscriber = Subscriber.objects.get()
    assert subscriber.frequency == "weekly"
    assert set(subscriber.categories.values_list("name", flat=True)) == {"Energy", "Courts & Law"}

    unsubscribe_link = digest.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe_link in digest.body
    tab.goto(path_of(unsubscribe_link))
    tab.get_by_role("button", name="Unsubscribe").click()
    expect(tab.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    tab.screenshot(path=ARTIFACTS / "subscribe-unsubscribed.png", full_page=True)
    assert Subscriber.objects.get().status == "unsubscribed"
