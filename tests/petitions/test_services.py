"""Signing, confirming, withdrawing and the editors' and privacy tools, below the views."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone

from petitions import services
from petitions.models import Petition, Signature
from petitions.signals import newsletter_requested
from petitions.tokens import CONFIRM, WITHDRAW, ExpiredLink, InvalidLink, make_token
from tests.factories import make_article
from tests.petitions.factories import (
    committed,
    confirmed_rows,
    count_of,
    email_tokens,
    make_petition,
    make_signature,
    token_in,
)

pytestmark = pytest.mark.django_db


def sign(petition, **fields):
    fields.setdefault("name", "Jane Public")
    fields.setdefault("email", "jane.public@example.org")
    fields.setdefault("country", "US")
    with committed():
        return services.sign_petition(petition=petition, **fields)


def confirm(token):
    with committed():
        return services.confirm_signature(token=token)


# Signing -----------------------------------------------------------------------------


def test_signing_stores_a_pending_signature_and_emails_a_link(mailoutbox):
    petition = make_petition(title="Save the harbour")
    signature = sign(petition, email="Jane.Public@Example.org ", ip_hash="abc", user_agent="UA")

    assert signature.state == "pending" and signature.confirmed_at is None
    assert signature.email == "Jane.Public@Example.org"
    assert signature.email_normalised == "jane.public@example.org"
    assert count_of(petition) == 0
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["Jane.Public@Example.org"]
    assert "Save the harbour" in message.subject
    assert set(email_tokens(message)) == {"confirm", "withdraw"}
    html = message.alternatives[0].content
    assert "Confirm my signature" in html and token_in(message) in html


def test_signing_again_in_another_case_or_gmail_spelling_counts_once(mailoutbox):
    petition = make_petition()
    first = sign(petition, email="john.smith@gmail.com")
    again = sign(petition, email="JOHNSMITH+petitions@googlemail.com", name="Someone Else")

    assert again.pk == first.pk
    assert Signature.objects.filter(petition=petition).count() == 1
    assert Signature.objects.get(pk=first.pk).name == "Jane Public"  # not overwritten
    assert [m.to for m in mailoutbox] == [["john.smith@gmail.com"], ["john.smith@gmail.com"]]


def test_confirmation_emails_are_capped(settings, mailoutbox):
    settings.PETITION_MAX_CONFIRMATION_EMAILS = 3
    petition = make_petition()
    for _ in range(5):
        sign(petition)
    assert len(mailoutbox) == 3
    assert Signature.objects.get().confirmation_emails == 3


def test_signing_after_confirming_changes_nothing_and_says_so_only_by_email(mailoutbox):
    petition = make_petition()
    signature = sign(petition)
    confirm(token=token_in(mailoutbox[0]))
    again = sign(petition, email="JANE.PUBLIC@example.org")

    assert again.pk == signature.pk and again.state == "confirmed"
    assert count_of(petition) == 1
    assert "already counted" in mailoutbox[1].subject
    assert set(email_tokens(mailoutbox[1])) == {"withdraw"}  # nothing to confirm; may withdraw


def test_closed_or_draft_petitions_refuse_signatures():
    closed = make_petition(closes_at=timezone.now() - timedelta(minutes=1))
    draft = make_petition(status=Petition.Status.DRAFT)
    for petition in (closed, draft):
        with pytest.raises(services.PetitionNotOpen):
            sign(petition)
    assert not Signature.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Visit www.spam.example"),
        ("name", "Buy at cheap-pills.com now"),
        ("name", "http://x.test"),
        ("name", '=HYPERLINK("http://evil")'),
        ("name", "+1 555"),
        ("name", "@home"),
        ("name", "<script>"),
        ("name", "x" * 101),
        ("email", "not-an-email"),
        ("postcode", "=1+1"),
        ("comment", "-2+3"),
        ("country", "XX"),
    ],
)
def test_bad_details_are_refused_by_the_service_too(field, value):
    with pytest.raises(ValidationError) as raised:
        sign(make_petition(), **{field: value})
    assert field in raised.value.message_dict
    assert not Signature.objects.exists()


# Confirming --------------------------------------------------------------------------


def test_confirming_counts_exactly_once(mailoutbox):
    petition = make_petition()
    sign(petition)
    token = token_in(mailoutbox[0])

    first = confirm(token=token)
    second = confirm(token=token)

    assert first.counted_now and not second.counted_now
    assert second.signature.state == "confirmed"
    assert count_of(petition) == 1 == confirmed_rows(petition)


def test_links_are_bound_to_their_signature_and_purpose(mailoutbox):
    petition = make_petition()
    sign(petition)
    links = email_tokens(mailoutbox[0])
    confirm_token = links["confirm"]

    tampered = confirm_token[:-3] + ("abc" if not confirm_token.endswith("abc") else "xyz")
    with pytest.raises(InvalidLink):
        confirm(token=tampered)
    with pytest.raises(InvalidLink):  # a withdrawal link cannot confirm
        confirm(token=links["withdraw"])
    with pytest.raises(InvalidLink):
        confirm(token="not-a-token")

    # Same id, another nonce (as after anonymisation): dead.
    Signature.objects.update(nonce="another-nonce")
    with pytest.raises(InvalidLink):
        confirm(token=confirm_token)
    assert count_of(petition) == 0


def test_expired_links_confirm_nothing_but_can_ask_for_a_new_email(settings, mailoutbox):
    petition = make_petition()
    sign(petition)
    token = token_in(mailoutbox[0])
    settings.PETITION_CONFIRM_MAX_AGE = -1  # every link is now too old

    with pytest.raises(ExpiredLink) as raised:
        confirm(token=token)
    assert raised.value.signature.pk == Signature.objects.get().pk
    assert count_of(petition) == 0

    with committed():
        services.resend_confirmation(token=token)
    assert len(mailoutbox) == 2
    settings.PETITION_CONFIRM_MAX_AGE = 7 * 24 * 3600
    assert confirm(token=token_in(mailoutbox[1])).counted_now


def test_newsletter_request_is_signalled_after_commit_only_when_asked(
    mailoutbox, django_capture_on_commit_callbacks
):
    received = []

    def receiver(sender, **kwargs):
        received.append((sender, kwargs))

    newsletter_requested.connect(receiver)
    try:
        petition = make_petition()
        sign(petition, email="wants@example.org", wants_newsletter=True, ip_hash="net1")
        sign(petition, email="quiet@example.org")
        tokens = [token_in(message) for message in mailoutbox]
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.confirm_signature(token=tokens[0])
        assert received == []  # nothing before the commit
        for callback in callbacks:
            callback()
        confirm(token=tokens[1])
        confirm(token=tokens[0])  # again: no second signal
    finally:
        newsletter_requested.disconnect(receiver)
    assert received == [
        (Signature, {"signal": newsletter_requested, "email": "wants@example.org",
                     "name": "Jane Public", "ip_hash": "net1"}),
    ]  # fmt: skip


def test_a_failing_newsletter_receiver_does_not_break_confirmation(mailoutbox):
    def broken(sender, **kwargs):
        raise RuntimeError("subscriptions is down")

    newsletter_requested.connect(broken)
    try:
        petition = make_petition()
        sign(petition, wants_newsletter=True)
        result = confirm(token=token_in(mailoutbox[0]))
    finally:
        newsletter_requested.disconnect(broken)
    assert result.counted_now and count_of(petition) == 1


# Withdrawing -------------------------------------------------------------------------


def test_withdrawing_a_confirmed_signature_uncounts_it_and_erases_the_signer(mailoutbox):
    petition = make_petition()
    sign(petition, comment="Hello", postcode="10001")
    links = email_tokens(mailoutbox[0])
    confirm(token=links["confirm"])

    withdrawn = services.withdraw_signature(token=links["withdraw"])
    again = services.withdraw_signature(token=links["withdraw"])

    assert withdrawn.state == again.state == "withdrawn"
    assert count_of(petition) == 0 == confirmed_rows(petition)
    assert (withdrawn.name, withdrawn.email, withdrawn.postcode, withdrawn.comment) == ("",) * 4
    assert confirm(token=links["confirm"]).counted_now is False
    # The person may sign again later, and be counted again.
    sign(petition)
    confirm(token=token_in(mailoutbox[-1]))
    assert count_of(petition) == 1


def test_withdrawing_before_confirming_leaves_the_count_alone(mailoutbox):
    petition = make_petition()
    make_signature(petition, confirmed=True)
    sign(petition)
    services.withdraw_signature(token=token_in(mailoutbox[0], "withdraw"))
    assert count_of(petition) == 1 == confirmed_rows(petition)


# Editors' tools ----------------------------------------------------------------------


def test_bulk_invalidation_by_network_domain_or_time_and_the_count_follows():
    petition = make_petition()
    other = make_petition()
    bad_net = [make_signature(petition, confirmed=True, ip_hash="badnet") for _ in range(3)]
    make_signature(petition, ip_hash="badnet")  # pending
    make_signature(petition, confirmed=True, ip_hash="goodnet", email="a@spam.example")
    make_signature(petition, confirmed=True, ip_hash="goodnet", email="b@fine.example")
    make_signature(other, confirmed=True, ip_hash="badnet")
    assert count_of(petition) == 5

    done = services.invalidate_signatures(petition=petition, ip_hash="badnet", reason="flood")
    assert (done.confirmed, done.pending) == (3, 1)
    assert count_of(petition) == 2 == confirmed_rows(petition)
    assert count_of(other) == 1  # another petition is untouched
    assert Signature.objects.get(pk=bad_net[0].pk).invalidation_reason == "flood"

    done = services.invalidate_signatures(petition=petition, email_domain="@SPAM.example")
    assert done.confirmed == 1 and count_of(petition) == 1

    late = make_signature(petition, confirmed=True, created_at=timezone.now() + timedelta(hours=1))
    done = services.invalidate_signatures(
        petition=petition, created_from=timezone.now() + timedelta(minutes=30)
    )
    assert done.confirmed == 1 and Signature.objects.get(pk=late.pk).state == "invalidated"
    assert count_of(petition) == 1 == confirmed_rows(petition)


def test_bulk_invalidation_needs_a_criterion():
    petition = make_petition()
    make_signature(petition, confirmed=True)
    with pytest.raises(ValidationError):
        services.invalidate_signatures(petition=petition, reason="oops")
    assert count_of(petition) == 1


def test_recount_reports_and_repairs_drift():
    steady, drifted = make_petition(), make_petition()
    make_signature(steady, confirmed=True)
    make_signature(drifted, confirmed=True)
    Petition.objects.filter(pk=drifted.pk).update(signature_count=7)

    found = services.recount()

    assert [(d.petition.pk, d.stored, d.actual) for d in found] == [(drifted.pk, 7, 1)]
    assert count_of(drifted) == 1 and count_of(steady) == 1
    assert services.recount() == []


def test_close_and_reopen():
    petition = make_petition(closes_at=timezone.now() + timedelta(days=3))
    assert services.close_petitions(petitions=Petition.objects.all()) == 1
    petition.refresh_from_db()
    assert petition.status == "closed" and petition.closes_at <= timezone.now()
    assert not Petition.objects.open().exists()
    assert services.reopen_petitions(petitions=Petition.objects.all()) == 1
    petition.refresh_from_db()
    assert petition.is_open and petition.closes_at is None


# Privacy -----------------------------------------------------------------------------


def test_purge_deletes_only_old_unconfirmed_signatures():
    petition = make_petition()
    old = timezone.now() - timedelta(days=31)
    make_signature(petition, created_at=old)
    kept_recent = make_signature(petition)
    kept_confirmed = make_signature(petition, confirmed=True, created_at=old)

    assert services.purge_unconfirmed(older_than_days=30) == 1
    assert set(Signature.objects.values_list("pk", flat=True)) == {
        kept_recent.pk, kept_confirmed.pk,
    }  # fmt: skip
    assert count_of(petition) == 1


def test_anonymising_closed_petitions_keeps_counts_and_kills_links(settings, mailoutbox):
    settings.PETITION_ANONYMISE_AFTER_DAYS = 30
    petition = make_petition(opens_at=timezone.now() - timedelta(days=90))
    sign(petition, postcode="10001", comment="Hi", ip_hash="net", user_agent="UA", country="UA")
    links = email_tokens(mailoutbox[0])
    confirm(token=links["confirm"])
    recent = make_petition(opens_at=timezone.now() - timedelta(days=90))
    make_signature(recent, confirmed=True)
    Petition.objects.filter(pk=petition.pk).update(closes_at=timezone.now() - timedelta(days=31))
    Petition.objects.filter(pk=recent.pk).update(closes_at=timezone.now() - timedelta(days=5))

    done = services.anonymise_closed()

    assert [p.pk for p in done] == [petition.pk]
    signature = Signature.objects.get(petition=petition)
    assert signature.state == "confirmed" and signature.country == "UA"
    personal = ("name", "email", "email_normalised", "postcode", "comment", "ip_hash",
                "user_agent", "nonce")  # fmt: skip
    assert all(getattr(signature, field) == "" for field in personal)
    assert count_of(petition) == 1
    assert Signature.objects.get(petition=recent).name != ""
    with pytest.raises(InvalidLink):
        services.withdraw_signature(token=links["withdraw"])
    assert services.anonymise_closed() == []  # done once


def test_signatures_for_email_lists_a_persons_signatures_for_export(mailoutbox):
    first, second = make_petition(title="First"), make_petition(title="Second")
    sign(first, email="Person@Example.org")
    sign(second, email="person@example.org", comment="Yes")
    sign(second, email="someone.else@example.org")

    found = services.signatures_for_email("PERSON@example.org")

    assert [row["petition"] for row in found] == ["First", "Second"]
    assert found[1]["comment"] == "Yes" and found[1]["state"] == "pending"
    assert found[0]["petition_url"].endswith(first.get_absolute_url())


def test_erasing_a_persons_signatures(mailoutbox):
    open_petition = make_petition()
    closed_petition = make_petition(opens_at=timezone.now() - timedelta(days=10))
    pending_petition = make_petition()
    for petition in (open_petition, closed_petition):
        sign(petition, email="gone@example.org")
        confirm(token=token_in(mailoutbox[-1]))
    sign(pending_petition, email="gone@example.org")
    make_signature(open_petition, confirmed=True)  # someone else
    Petition.objects.filter(pk=closed_petition.pk).update(
        status="closed", closes_at=timezone.now() - timedelta(days=1)
    )

    touched = services.erase_signatures_for_email("Gone@Example.org")

    assert touched == 3
    assert services.signatures_for_email("gone@example.org") == []
    assert not Signature.objects.filter(petition=pending_petition).exists()
    assert count_of(open_petition) == 1 == confirmed_rows(open_petition)  # withdrawn
    assert count_of(closed_petition) == 1 == confirmed_rows(closed_petition)  # result stands
    assert Signature.objects.get(petition=closed_petition).name == ""


# Reading -----------------------------------------------------------------------------


def test_count_summary_is_cached_and_dropped_when_a_signature_is_confirmed(mailoutbox):
    petition = make_petition(goal=100)
    make_signature(petition, confirmed=True, country="UA")
    make_signature(petition, confirmed=True, country="US")
    make_signature(petition, confirmed=True, country="UA")
    make_signature(petition, country="FR")  # pending: not counted

    summary = services.count_summary(petition)
    assert summary["count"] == 3 and summary["goal"] == 100
    assert summary["by_country"] == [
        {"code": "UA", "name": "Ukraine", "count": 2},
        {"code": "US", "name": "United States", "count": 1},
    ]
    make_signature(petition, confirmed=True, country="PL")  # behind the service's back
    assert services.count_summary(petition)["count"] == 3  # served from the cache

    sign(petition, email="new@example.org", country="FR")
    confirm(token=token_in(mailoutbox[-1]))
    assert services.count_summary(petition)["count"] == 5


def test_petition_for_article_prefers_its_own_open_petition_then_the_featured_one():
    featured = make_petition(is_featured=True)
    own = make_petition()
    article = make_article(petition=own)
    plain = make_article()

    assert services.petition_for_article(article) == own
    assert services.petition_for_article(plain) == featured

    services.close_petitions(petitions=Petition.objects.filter(pk=own.pk))
    assert services.petition_for_article(article) == featured

    Petition.objects.filter(pk=featured.pk).update(closes_at=timezone.now())  # closes by time
    cache.clear()
    assert services.petition_for_article(article) is None


def test_featured_petition_closing_by_time_disappears_even_from_the_cache():
    featured = make_petition(is_featured=True, closes_at=timezone.now() + timedelta(hours=1))
    assert services.featured_petition() == featured
    cached = cache.get(f"petitions:featured:{cache.get('petitions:version', 0)}")
    cached.closes_at = timezone.now() - timedelta(seconds=1)  # as if the hour had passed
    cache.set(f"petitions:featured:{cache.get('petitions:version', 0)}", cached)
    assert services.featured_petition() is None


def test_make_token_round_trip():
    petition = make_petition()
    signature = make_signature(petition)
    from petitions.tokens import signature_for_token

    assert signature_for_token(make_token(signature, purpose=CONFIRM), purpose=CONFIRM) == signature
    assert (
        signature_for_token(make_token(signature, purpose=WITHDRAW), purpose=WITHDRAW) == signature
    )
