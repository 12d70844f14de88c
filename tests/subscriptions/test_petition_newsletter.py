"""A petition signer who asked for the newsletter gets the subscription's double opt-in."""

import pytest

from petitions import services as petitions
from subscriptions.models import Subscriber
from tests.petitions.factories import committed, make_petition, token_in

pytestmark = pytest.mark.django_db


def sign_and_confirm(*, wants_newsletter, mailoutbox):
    petition = make_petition()
    with committed():
        petitions.sign_petition(
            petition=petition, name="Ada Lovelace", email="Ada@Example.org", country="GB",
            wants_newsletter=wants_newsletter, ip_hash="abc",
        )  # fmt: skip
    with committed():
        petitions.confirm_signature(token=token_in(mailoutbox[-1]))


def test_confirmed_signer_who_opted_in_gets_a_pending_subscription_and_its_email(mailoutbox):
    sign_and_confirm(wants_newsletter=True, mailoutbox=mailoutbox)
    subscriber = Subscriber.objects.get(email="ada@example.org")
    assert subscriber.status == Subscriber.Status.PENDING  # only their click activates it
    assert subscriber.consent_source == Subscriber.Source.PETITION
    assert any("/subscribe/confirm/" in message.body for message in mailoutbox)


def test_signer_who_did_not_opt_in_is_not_subscribed(mailoutbox):
    sign_and_confirm(wants_newsletter=False, mailoutbox=mailoutbox)
    assert not Subscriber.objects.exists()
    assert not any("/subscribe/confirm/" in message.body for message in mailoutbox)


def test_a_persons_data_includes_and_erases_their_petition_signatures(mailoutbox):
    from subscriptions.services import erase_person, export_person

    sign_and_confirm(wants_newsletter=True, mailoutbox=mailoutbox)
    exported = export_person(email="ADA@example.org")
    assert exported["subscriber"]["email"] == "ada@example.org"
    assert len(exported["petition_signatures"]) == 1
    erased = erase_person(email="ada@example.org")
    assert erased["subscribers_deleted"] == 1 and erased["petition_signatures_erased"] == 1
    assert export_person(email="ada@example.org")["petition_signatures"] == []
