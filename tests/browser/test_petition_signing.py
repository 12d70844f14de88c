"""A visitor signs from an article's "Sign Our Petition", confirms from the email, is counted."""

import re

from django.core import mail
from playwright.sync_api import expect

from tests.factories import make_article
from tests.petitions.factories import make_petition

LINK = re.compile(r"https?://[^/\s]+(/petitions/confirm/[^/\s]+/)")


def test_sign_from_an_article_confirm_from_the_email_and_see_the_count(page, settings):
    settings.PETITION_MIN_FILL_SECONDS = 0  # the robot types faster than people do
    mail.outbox.clear()
    petition = make_petition(title="Keep the harbour lights on", goal=100, is_featured=True)
    article = make_article(title="Harbour lights to go dark", sections=["opinion"])

    page.goto(article.get_absolute_url())
    page.get_by_role("link", name="Sign Our Petition").first.click()
    expect(page).to_have_url(re.compile(rf"/petitions/{petition.slug}/$"))
    expect(page.locator(".petition-count__number")).to_contain_text("0 signatures")

    page.get_by_label("Your full name").fill("Mary Harbour")
    page.get_by_role("main").get_by_label("Email address").fill("Mary.Harbour@Example.org")
    page.get_by_label("Country (required)").select_option("GB")
    page.get_by_label("Postcode or ZIP code").fill("PO1 3LJ")
    page.get_by_label("Show my first name").check()
    page.get_by_role("button", name="Sign the petition").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Mary.Harbour@Example.org"]
    confirm_path = LINK.search(message.body).group(1)

    page.goto(confirm_path)
    expect(page.get_by_role("heading", name="Confirm your signature")).to_be_visible()
    page.get_by_role("button", name="Confirm my signature").click()

    expect(page).to_have_url(re.compile(rf"/petitions/{petition.slug}/#count$"))
    expect(page.get_by_text("confirmed and counted")).to_be_visible()
    expect(page.locator(".petition-count__number")).to_contain_text("1 signature")
    expect(page.locator("#petition-progress")).to_have_attribute("value", "1")
    expect(page.locator(".petition-signers__list")).to_contain_text("Mary, United Kingdom")

    # The same person again, in other letter case: the same answer, the same count.
    page.goto(petition.get_absolute_url())
    page.get_by_label("Your full name").fill("Mary Harbour")
    page.get_by_role("main").get_by_label("Email address").fill("MARY.HARBOUR@example.ORG")
    page.get_by_role("button", name="Sign the petition").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    page.goto(petition.get_absolute_url())
    expect(page.locator(".petition-count__number")).to_contain_text("1 signature")


def test_a_bad_name_is_explained_next_to_the_field(page, settings):
    settings.PETITION_MIN_FILL_SECONDS = 0
    petition = make_petition()
    page.goto(petition.get_absolute_url())
    page.get_by_label("Your full name").fill('=HYPERLINK("http://evil.example")')
    page.get_by_role("main").get_by_label("Email address").fill("someone@example.org")
    page.get_by_role("button", name="Sign the petition").click()
    name = page.get_by_label("Your full name")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_name_error")).to_contain_text("do not start with")
    expect(page.get_by_role("alert")).to_be_visible()
