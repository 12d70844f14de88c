"""Digests: content by category and frequency, once per period, crashes, retries, bounces."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article
from subscriptions import digests
from subscriptions.models import DigestDelivery, Subscriber
from tests.factories import make_article, make_category
from tests.subscriptions.factories import Crash, digests_to, make_subscriber

pytestmark = pytest.mark.django_db


def run(now=None):
    planned = digests.plan_digests(now=now)
    counts = digests.send_queued_digests(now=now)
    return planned, counts


def titles(message):
    return [line for line in message.body.splitlines() if line.startswith("Story")]


@pytest.fixture
def newsroom():
    energy, courts = make_category(name="Energy"), make_category(name="Courts & Law")
    make_article(title="Story energy", categories=[energy])
    make_article(title="Story courts", categories=[courts])
    make_article(title="Story both", categories=[energy, courts])
    make_article(title="Story uncategorised")
    make_article(title="Story draft", categories=[energy], status=Article.Status.DRAFT)
    make_article(title="Story future", categories=[energy],
                 publish_at=timezone.now() + timedelta(hours=2))  # fmt: skip
    return energy, courts


def test_digest_holds_only_the_chosen_categories(newsroom):
    energy, courts = newsroom
    everything = make_subscriber(email="all@example.org")
    energy_only = make_subscriber(email="energy@example.org", categories=[energy])
    run()
    [to_all] = digests_to(everything.email)
    [to_energy] = digests_to(energy_only.email)
    assert sorted(titles(to_all)) == [
        "Story both", "Story courts", "Story energy", "Story uncategorised",
    ]  # fmt: skip
    assert sorted(titles(to_energy)) == ["Story both", "Story energy"]
    assert "Story energy" in to_energy.alternatives[0].content
    assert "Story courts" not in to_energy.alternatives[0].content
    assert "Courts &amp; Law" in to_all.alternatives[0].content


def test_digest_headers_and_visible_unsubscribe_link(newsroom):
    subscriber = make_subscriber(email="headers@example.org")
    run()
    [message] = digests_to(subscriber.email)
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://testserver/unsubscribe/") and unsubscribe.endswith("/>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Id"].endswith("<digest.testserver>")
    url = unsubscribe[1:-1]
    assert url in message.body and url in message.alternatives[0].content
    assert "/subscribe/manage/" in message.body
    parsed = message.message()
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert parsed["Message-ID"].startswith("<digest.")


def test_frequency_decides_the_period_and_the_window():
    energy = make_category()
    make_article(title="Story today", categories=[energy])
    make_article(title="Story five days ago", categories=[energy],
                 publish_at=timezone.now() - timedelta(days=5))  # fmt: skip
    daily = make_subscriber(email="daily@example.org", frequency="daily")
    weekly = make_subscriber(email="weekly@example.org", frequency="weekly")
    run()
    assert titles(digests_to(daily.email)[0]) == ["Story today"]
    assert titles(digests_to(weekly.email)[0]) == ["Story today", "Story five days ago"]
    periods = dict(DigestDelivery.objects.values_list("subscriber__email", "period"))
    assert periods["daily@example.org"].startswith("daily:")
    assert (
        periods["weekly@example.org"].startswith("weekly:")
        and "-W" in periods["weekly@example.org"]
    )


def test_second_run_in_the_period_sends_nothing_and_next_period_only_new(newsroom):
    subscriber = make_subscriber(email="twice@example.org", frequency="daily")
    now = timezone.now()
    run(now)
    planned, counts = run(now + timedelta(minutes=5))
    assert planned == 0 and sum(counts.values()) == 0
    assert len(digests_to(subscriber.email)) == 1
    make_article(title="Story tomorrow", publish_at=now + timedelta(hours=3))
    run(now + timedelta(days=1))
    assert len(digests_to(subscriber.email)) == 2
    # The scheduled article appeared in between, so it is in the next digest too.
    assert titles(digests_to(subscriber.email)[1]) == ["Story tomorrow", "Story future"]


def test_nothing_new_means_no_email():
    subscriber = make_subscriber()
    planned, counts = run()
    assert planned == 1 and counts["skipped"] == 1
    assert mail.outbox == []
    assert DigestDelivery.objects.get(subscriber=subscriber).status == "skipped"


def test_bounced_unsubscribed_and_pending_are_never_mailed(newsroom):
    for status in ["bounced", "unsubscribed", "pending"]:
        make_subscriber(email=f"{status}@example.org", status=status)
    active = make_subscriber(email="active@example.org")
    run()
    assert [m.to for m in mail.outbox] == [[active.email]]
    assert DigestDelivery.objects.count() == 1


def test_unsubscribing_after_planning_cancels_the_queued_digest(newsroom):
    subscriber = make_subscriber()
    digests.plan_digests()
    subscriber.status = Subscriber.Status.UNSUBSCRIBED
    subscriber.save()
    counts = digests.send_queued_digests()
    assert counts["cancelled"] == 1
    assert mail.outbox == []


def test_crash_part_way_then_rerun_sends_everyone_exactly_once(newsroom, scripted_mail):
    subscribers = [make_subscriber(email=f"crash{n}@example.org") for n in range(10)]
    # The process "dies" while handing over the fifth message.
    scripted_mail.reset(script={5: Crash()})
    with pytest.raises(Crash):
        run()
    assert len(mail.outbox) == 4
    assert DigestDelivery.objects.filter(status="sent").count() == 4
    assert DigestDelivery.objects.filter(status="queued").count() == 6
    run()  # the rerun finishes the rest
    for subscriber in subscribers:
        assert len(digests_to(subscriber.email)) == 1, subscriber.email
        assert subscriber.deliveries.count() == 1
    assert DigestDelivery.objects.filter(status="sent").count() == 10
    run()  # and a third run sends nothing more
    assert len(mail.outbox) == 10


def test_crash_after_planning_before_sending(newsroom):
    subscribers = [make_subscriber(email=f"planned{n}@example.org") for n in range(3)]
    digests.plan_digests()
    assert run()[0] == 0  # planning again adds nothing
    assert sorted(m.to[0] for m in mail.outbox) == sorted(s.email for s in subscribers)


def test_soft_failure_is_retried_with_back_off(newsroom, scripted_mail, settings):
    settings.SUBSCRIPTION_RETRY_SECONDS = 60
    subscriber = make_subscriber()
    scripted_mail.reset(script={1: smtplib.SMTPServerDisconnected("gone")})
    now = timezone.now()
    _planned, counts = run(now)
    assert counts["retry"] == 1
    delivery = DigestDelivery.objects.get()
    assert delivery.status == "queued" and delivery.attempts == 1
    assert delivery.next_attempt_at == now + timedelta(seconds=60)
    assert "SMTPServerDisconnected" in delivery.error
    assert digests.send_queued_digests(now=now + timedelta(seconds=30))["sent"] == 0
    assert digests.send_queued_digests(now=now + timedelta(seconds=61))["sent"] == 1
    delivery.refresh_from_db()
    assert delivery.status == "sent" and delivery.attempts == 2
    assert len(digests_to(subscriber.email)) == 1


def test_soft_failures_stop_after_the_attempt_limit(newsroom, scripted_mail, settings):
    settings.SUBSCRIPTION_MAX_ATTEMPTS = 2
    make_subscriber()
    scripted_mail.reset(script={1: OSError("refused"), 2: OSError("refused")})
    now = timezone.now()
    run(now)
    digests.send_queued_digests(now=now + timedelta(days=1))
    delivery = DigestDelivery.objects.get()
    assert delivery.status == "failed" and delivery.attempts == 2


def test_repeated_hard_failures_mark_the_subscriber_bounced(newsroom, scripted_mail, settings):
    settings.SUBSCRIPTION_HARD_BOUNCE_LIMIT = 2
    subscriber = make_subscriber(email="gone@example.org")
    scripted_mail.reset(refuse={"gone@example.org"})
    now = timezone.now()
    run(now)
    subscriber.refresh_from_db()
    assert subscriber.hard_failures == 1 and subscriber.status == "active"
    assert DigestDelivery.objects.get().status == "failed"
    run(now + timedelta(days=1))
    subscriber.refresh_from_db()
    assert subscriber.status == "bounced"
    assert "hard delivery failures" in subscriber.status_reason
    run(now + timedelta(days=2))
    assert subscriber.deliveries.count() == 2  # bounced: not even planned


def test_send_digests_command(newsroom):
    make_subscriber()
    make_subscriber()
    out = call_command_output("send_digests")
    assert "planned 2" in out and "sent 2" in out
    assert "planned 0" in call_command_output("send_digests")
    assert len(mail.outbox) == 2


def call_command_output(*args):
    import io

    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_periodic_task_plans_and_sends(newsroom):
    from subscriptions.tasks import run_digests

    active = make_subscriber()
    result = run_digests.enqueue()
    assert result.return_value == {"planned": 1}
    assert len(digests_to(active.email)) == 1
    # The same tick again does nothing: two schedules collapse into one.
    assert run_digests.enqueue().return_value == "tick already taken"


def test_test_digest_goes_to_the_editor_and_records_nothing(newsroom):
    energy, _courts = newsroom
    subscriber = make_subscriber(categories=[energy])
    assert digests.send_test_digest(subscriber=subscriber, to="editor@example.org")
    [message] = mail.outbox
    assert message.to == ["editor@example.org"]
    assert message.subject.startswith("[Test]")
    assert sorted(titles(message)) == ["Story both", "Story energy"]
    assert DigestDelivery.objects.count() == 0


def test_digest_rendering_queries_do_not_grow_with_subscribers(
    newsroom, django_assert_max_num_queries
):
    for n in range(30):
        make_subscriber(email=f"many{n}@example.org")
    digests.plan_digests()
    # Per message: claim, update, and the transaction's savepoint and release (tests
    # run inside a transaction); plus one render of the shared variant.
    with django_assert_max_num_queries(30 * 4 + 12):
        counts = digests.send_queued_digests()
    assert counts["sent"] == 30


def test_smtp_sends_ready_made_bytes_identical_in_content(newsroom, settings, monkeypatch):
    """Over SMTP each digest is the variant's MIME bytes with this subscriber's marks
    replaced; the result must read exactly like the message built the slow way."""
    import email
    import email.policy

    from tests.subscriptions.factories import FakeSMTPConnection

    settings.MAILERS = {
        "default": {
            "BACKEND": "tests.subscriptions.factories.FakeSMTPBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 25},
        }
    }
    FakeSMTPConnection.sent = []
    first = make_subscriber(email="o'brien&co@example.org")
    second = make_subscriber(email="second@example.org")
    odd = make_subscriber(email="joerg@bücher.example")  # non-ASCII: built the slow way
    unusable = make_subscriber(email="jörg@example.org")  # no SMTP server takes this
    built_one_by_one = []
    original = digests.DigestRenderer.message

    def counting(self, delivery, subscriber, *args, **kwargs):
        built_one_by_one.append(subscriber.email)
        return original(self, delivery, subscriber, *args, **kwargs)

    monkeypatch.setattr(digests.DigestRenderer, "message", counting)
    run()
    # Only the non-ASCII addresses took the slow way.
    assert sorted(built_one_by_one) == sorted([odd.email, unusable.email])
    monkeypatch.setattr(digests.DigestRenderer, "message", original)
    sent = {recipients[0]: raw for _from, recipients, raw in FakeSMTPConnection.sent}
    assert set(sent) == {first.email, second.email, "joerg@xn--bcher-kva.example"}
    renderer = digests.DigestRenderer()
    for subscriber in (first, second):
        delivery = subscriber.deliveries.get()
        parsed = email.message_from_bytes(sent[subscriber.email], policy=email.policy.default)
        variant = renderer.variant(delivery)
        expected = email.message_from_bytes(
            renderer.message(delivery, subscriber, variant)
            .message(policy=email.policy.SMTP)
            .as_bytes(),
            policy=email.policy.default,
        )
        for header in ["To", "Subject", "List-Unsubscribe", "List-Unsubscribe-Post", "List-Id",
                       "Message-ID"]:  # fmt: skip
            assert parsed[header] == expected[header], header
        assert parsed["Message-ID"] == delivery.message_id
        text, html = (part.get_content() for part in parsed.iter_parts())
        expected_text, expected_html = (part.get_content() for part in expected.iter_parts())
        assert text == expected_text and html == expected_html
        assert parsed["List-Unsubscribe"].strip("<>") in text
        assert "MARK" not in text and "MARK" not in html
    html_of_first = next(
        part.get_content()
        for part in email.message_from_bytes(
            sent[first.email], policy=email.policy.default
        ).iter_parts()
        if part.get_content_type() == "text/html"
    )
    assert "o&#x27;brien&amp;co@example.org" in html_of_first
    assert odd.deliveries.get().status == "sent"
    failed = unusable.deliveries.get()
    assert failed.status == "failed" and failed.error.startswith("invalid:")
