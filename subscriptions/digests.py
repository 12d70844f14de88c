"""Digests: plan one delivery per subscriber and period, then send each exactly once.

Planning writes a DigestDelivery row per due subscriber (unique per subscriber and
period) with its article window and category choice fixed, and moves the
subscriber's cursor to the window's end, in the same transaction. Sending takes
one queued row at a time under a row lock (`SELECT ... FOR UPDATE SKIP LOCKED` on
PostgreSQL), sends it, and marks it sent before the lock is released. So:

- any number of workers run at once and never take the same delivery;
- a worker that dies releases its lock with its transaction, and the row is still
  queued: a rerun finishes the rest and skips nobody;
- a sent row is never sent again. The one window left is a crash between the SMTP
  server's "250 accepted" and the commit (well under a millisecond); that message
  is sent again with the same Message-ID, which receiving systems use to drop
  duplicates. SIGINT and SIGTERM let the current message finish first.

SQLite has no row locks: there, run one sender at a time (writes are serialised
anyway); the rules above still hold.
"""

import email.policy
import logging
import random
import smtplib
import socket
import threading
from collections import Counter
from datetime import datetime, time, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core import mail
from django.core.mail.backends import smtp
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.models import Article
from subscriptions import tokens
from subscriptions.models import DigestDelivery, Subscriber
from truthsite.models import SiteSettings

logger = logging.getLogger(__name__)

PERIOD_LENGTH = {
    Subscriber.Frequency.DAILY: timedelta(days=1),
    Subscriber.Frequency.WEEKLY: timedelta(days=7),
}
PLAN_CHUNK = 2000
CANDIDATE_BATCH = 200
# Set by a signal handler: finish the message in hand, then stop.
STOP = threading.Event()
# Stand-ins rendered into the templates once per digest variant and replaced by
# each subscriber's own links (letters and dashes only, so escaping leaves them be).
MANAGE_MARK = "SUBSCRIBER-MANAGE-LINK-MARK"
UNSUBSCRIBE_MARK = "SUBSCRIBER-UNSUBSCRIBE-LINK-MARK"
EMAIL_MARK = "SUBSCRIBER-EMAIL-ADDRESS-MARK"
EMAIL_HTML_MARK = "SUBSCRIBER-EMAIL-ADDRESS-HTML-MARK"
# In the ready-made MIME message of a variant (see DigestRenderer.raw_message).
ADDRESS_MARK = "subscriber-address-mark@mark.invalid"
MESSAGE_ID_MARK = "<message-id-mark@mark.invalid>"


def period_for(frequency, now=None):
    """(key, start) of the period containing now, in the site's time zone."""
    local = timezone.localtime(now or timezone.now())
    day = local.date()
    if frequency == Subscriber.Frequency.WEEKLY:
        iso = day.isocalendar()
        key = f"weekly:{iso.year}-W{iso.week:02d}"
        day = day - timedelta(days=iso.weekday - 1)
    else:
        key = f"daily:{day.isoformat()}"
    return key, timezone.make_aware(datetime.combine(day, time.min))


def plan_digests(*, now=None, frequencies=None):
    """A queued delivery for every active subscriber without one for this period.

    Returns how many were planned. Safe to run again or in parallel: subscribers
    already planned are skipped (their cursor has moved into the period and their
    row exists), and rows locked by another planner are left to it.
    """
    now = now or timezone.now()
    planned = 0
    for frequency in frequencies or Subscriber.Frequency.values:
        period, start = period_for(frequency, now)
        default_since = now - PERIOD_LENGTH[frequency]
        last_id = 0
        while True:
            with transaction.atomic():
                rows = list(
                    Subscriber.objects.select_for_update(skip_locked=True)
                    .filter(status=Subscriber.Status.ACTIVE, frequency=frequency, pk__gt=last_id)
                    .filter(Q(digest_cursor__isnull=True) | Q(digest_cursor__lt=start))
                    .exclude(deliveries__period=period)
                    .order_by("pk")
                    .values_list("pk", "digest_cursor")[:PLAN_CHUNK]
                )
                if not rows:
                    break
                ids = [pk for pk, _cursor in rows]
                chosen = {}
                for subscriber_id, category_id in (
                    Subscriber.categories.through.objects.filter(subscriber_id__in=ids)
                    .order_by("category_id")
                    .values_list("subscriber_id", "category_id")
                ):
                    chosen.setdefault(subscriber_id, []).append(str(category_id))
                DigestDelivery.objects.bulk_create(
                    [
                        DigestDelivery(
                            subscriber_id=pk,
                            period=period,
                            window_start=cursor or default_since,
                            window_end=now,
                            category_ids=",".join(chosen.get(pk, [])),
                            next_attempt_at=now,
                        )
                        for pk, cursor in rows
                    ],
                    ignore_conflicts=True,
                )
                Subscriber.objects.filter(pk__in=ids).update(digest_cursor=now)
                last_id = ids[-1]
                planned += len(ids)
    return planned


def queued_count(*, now=None):
    return DigestDelivery.objects.filter(
        status=DigestDelivery.Status.QUEUED, next_attempt_at__lte=now or timezone.now()
    ).count()


# Content -------------------------------------------------------------------------


def articles_for(*, window_start, window_end, category_ids):
    """Published articles in the window, newest first, in the chosen categories."""
    articles = (
        Article.objects.published(now=window_end).filter(publish_at__gt=window_start).for_listing()
    )
    if category_ids:
        articles = articles.filter(categories__in=category_ids).distinct()
    return list(articles[: settings.SUBSCRIPTION_DIGEST_MAX_ARTICLES])


def _site_host():
    return urlsplit(settings.SITE_URL).hostname or "localhost"


class DigestMessage(mail.EmailMultiAlternatives):
    """Lines up to SMTP's 998-octet limit travel as they are (7bit/8bit).

    With the usual 78-character policy, every HTML digest (long lines) would be
    quoted-printable encoded in pure Python, the most expensive step of a send.
    """

    def message(self, *, policy=email.policy.default):
        return super().message(policy=policy.clone(max_line_length=998))


def _period_label(period):
    kind, _sep, when = period.partition(":")
    if kind == Subscriber.Frequency.WEEKLY:
        return _("weekly digest, %(week)s") % {"week": when}
    return _("daily digest, %(day)s") % {"day": when}


class DigestRenderer:
    """Renders each distinct digest once and fills in each subscriber's links.

    Subscribers planned in the same run with the same categories get the same
    articles, so a run renders a handful of variants, not one per subscriber.
    """

    def __init__(self, max_variants=256):
        self.variants = {}
        self.max_variants = max_variants
        self.site = SiteSettings.current()
        host = _site_host()
        name = " ".join(str(self.site.name).replace("<", "").replace(">", "").split())
        self.list_id = f"{name} <digest.{host}>"
        self.message_domain = host

    def variant(self, delivery):
        key = (delivery.category_ids, delivery.window_start, delivery.window_end, delivery.period)
        found = self.variants.get(key)
        if found is None:
            if len(self.variants) >= self.max_variants:
                self.variants.clear()
            found = self.variants[key] = self._render(delivery)
        return found

    def _render(self, delivery):
        articles = articles_for(
            window_start=delivery.window_start,
            window_end=delivery.window_end,
            category_ids=delivery.category_id_list,
        )
        if not articles:
            return None
        context = {
            "site": self.site,
            "site_url": settings.SITE_URL,
            "articles": articles,
            "period_label": _period_label(delivery.period),
            "manage_url": MANAGE_MARK,
            "unsubscribe_url": UNSUBSCRIBE_MARK,
        }
        subject = ngettext(
            "%(site)s: %(count)d new article — %(period)s",
            "%(site)s: %(count)d new articles — %(period)s",
            len(articles),
        ) % {
            "site": self.site.name,
            "count": len(articles),
            "period": context["period_label"],
        }
        return {
            "subject": " ".join(subject.split()),
            "text": render_to_string("emails/digest.txt", {**context, "email": EMAIL_MARK}),
            "html": render_to_string("emails/digest.html", {**context, "email": EMAIL_HTML_MARK}),
            "count": len(articles),
        }

    @staticmethod
    def links(subscriber):
        """(manage URL, unsubscribe URL): only URL-safe characters, nothing to escape."""
        return (
            settings.SITE_URL
            + reverse("subscriptions:manage", args=[tokens.manage_token(subscriber)]),
            settings.SITE_URL
            + reverse("subscriptions:unsubscribe", args=[tokens.unsubscribe_token(subscriber)]),
        )

    def _build(self, variant, *, to, text, html, unsubscribe_url, message_id):
        message = DigestMessage(
            subject=variant["subject"],
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[to],
            headers={
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "List-Id": self.list_id,
                "Message-ID": message_id,
            },
        )
        message.attach_alternative(html, "text/html")
        return message

    def message(self, delivery, subscriber, variant, *, to=None, message_id=None):
        """One subscriber's digest as an email message object (any mail backend)."""
        manage_url, unsubscribe_url = self.links(subscriber)

        def fill(body, address):
            return (
                body.replace(MANAGE_MARK, manage_url)
                .replace(UNSUBSCRIBE_MARK, unsubscribe_url)
                .replace(EMAIL_MARK, address)
                .replace(EMAIL_HTML_MARK, escape(address))
            )

        return self._build(
            variant,
            to=to or subscriber.email,
            text=fill(variant["text"], subscriber.email),
            html=fill(variant["html"], subscriber.email),
            unsubscribe_url=unsubscribe_url,
            message_id=message_id or self.message_id(delivery),
        )

    def raw_message(self, delivery, subscriber, variant):
        """The same digest as ready SMTP bytes, or None where that shortcut does not apply.

        The variant's whole MIME message is built once, with marks in place of the
        address, links and Message-ID; each subscriber's copy is those bytes with
        the marks replaced, which skips Python's slow email generator per message.
        Used only when every mark survived encoding verbatim (8bit, unfolded
        headers) and the address is ASCII; otherwise `message()` is used.
        """
        if not subscriber.email.isascii():
            return None
        if "raw" not in variant:
            variant["raw"] = self._raw_template(variant)
        raw = variant["raw"]
        if raw is None:
            return None
        manage_url, unsubscribe_url = self.links(subscriber)
        address = subscriber.email.encode()
        return (
            raw.replace(ADDRESS_MARK.encode(), address)
            .replace(MESSAGE_ID_MARK.encode(), self.message_id(delivery).encode())
            .replace(MANAGE_MARK.encode(), manage_url.encode())
            .replace(UNSUBSCRIBE_MARK.encode(), unsubscribe_url.encode())
            .replace(EMAIL_MARK.encode(), address)
            .replace(EMAIL_HTML_MARK.encode(), escape(subscriber.email).encode())
        )

    def _raw_template(self, variant):
        message = self._build(
            variant,
            to=ADDRESS_MARK,
            text=variant["text"],
            html=variant["html"],
            unsubscribe_url=UNSUBSCRIBE_MARK,
            message_id=MESSAGE_ID_MARK,
        )
        raw = message.message(policy=email.policy.SMTP).as_bytes()
        bodies = variant["text"] + variant["html"]
        expected = {
            ADDRESS_MARK: 1,
            MESSAGE_ID_MARK: 1,
            UNSUBSCRIBE_MARK: bodies.count(UNSUBSCRIBE_MARK) + 1,
            MANAGE_MARK: bodies.count(MANAGE_MARK),
            EMAIL_MARK: bodies.count(EMAIL_MARK),
            EMAIL_HTML_MARK: bodies.count(EMAIL_HTML_MARK),
        }
        if all(raw.count(mark.encode()) == n for mark, n in expected.items()):
            return raw
        return None

    def message_id(self, delivery):
        # The same on every attempt, so a resend after a crash is a recognisable duplicate.
        return f"<digest.{delivery.pk}.{delivery.period.replace(':', '.')}@{self.message_domain}>"


# Sending -------------------------------------------------------------------------


def _classify(error):
    """'hard' (the address is refused for good) or 'soft' (try again later)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return "hard" if codes and all(code >= 500 for code in codes) else "soft"
    if isinstance(error, smtplib.SMTPDataError) and error.smtp_code >= 500:
        return "hard"
    return "soft"


SEND_ERRORS = (smtplib.SMTPException, OSError, socket.timeout)


class DigestSender:
    """Sends queued deliveries over one mail connection, one locked row at a time."""

    def __init__(self, *, now=None):
        self.now = now
        self.renderer = DigestRenderer()
        self.mailer = mail.mailers["default"]
        self.counts = Counter()
        self.candidates, self.after_id, self.claimed_in_pass = [], 0, False
        # Django's SMTP backend takes ready-made bytes through its connection.
        self.raw_sending = isinstance(self.mailer, smtp.EmailBackend)
        if self.raw_sending:
            self.from_address = self.mailer.prep_address(settings.DEFAULT_FROM_EMAIL)

    def __enter__(self):
        self._open()
        return self

    def __exit__(self, *exc_info):
        try:
            self.mailer.close()
        except SEND_ERRORS:
            pass

    def _open(self):
        try:
            self.mailer.open()
        except SEND_ERRORS as error:
            # Every message will fail softly and be retried; note it once.
            logger.warning("digests: could not connect to the mail server: %s", error)

    def run(self, *, limit=None):
        while (limit is None or sum(self.counts.values()) < limit) and not STOP.is_set():
            if not self.send_next():
                break
        return self.counts

    def send_next(self):
        """Send (or settle) one due delivery; False when none is left for this worker."""
        now = self.now or timezone.now()
        while (pk := self._next_candidate(now)) is not None:
            with transaction.atomic():
                delivery = (
                    DigestDelivery.objects.select_for_update(skip_locked=True, of=("self",))
                    .select_related("subscriber")
                    .filter(pk=pk, status=DigestDelivery.Status.QUEUED, next_attempt_at__lte=now)
                    .first()
                )
                if delivery is None:  # another worker has it, or has settled it
                    continue
                self.claimed_in_pass = True
                self.counts[self._settle(delivery, now)] += 1
                return True
        return False

    def _next_candidate(self, now):
        """The id of a queued delivery to try next, or None when a pass finds no work.

        Candidates come in batches by id (a short index range, not a scan of the
        whole queue per message, which grows slow as sent rows pile up) and are
        tried in shuffled order, so parallel workers seldom reach for the same row;
        the row lock taken in send_next() is what makes that safe either way.
        """
        if not self.candidates:
            batch = list(
                DigestDelivery.objects.filter(
                    status=DigestDelivery.Status.QUEUED,
                    next_attempt_at__lte=now,
                    pk__gt=self.after_id,
                )
                .order_by("pk")
                .values_list("pk", flat=True)[:CANDIDATE_BATCH]
            )
            if not batch:
                if self.after_id == 0 or not self.claimed_in_pass:
                    return None
                # Go round once more for rows released or come due meanwhile.
                self.after_id, self.claimed_in_pass = 0, False
                return self._next_candidate(now)
            self.after_id = batch[-1]
            random.shuffle(batch)
            self.candidates = batch
        return self.candidates.pop()

    def _settle(self, delivery, now):
        subscriber = delivery.subscriber
        fields = ["status", "updated_at"]
        if not subscriber.is_mailable:
            delivery.status = DigestDelivery.Status.CANCELLED
            delivery.save(update_fields=fields)
            return "cancelled"
        variant = self.renderer.variant(delivery)
        if variant is None:
            delivery.status = DigestDelivery.Status.SKIPPED
            delivery.save(update_fields=fields)
            return "skipped"
        delivery.attempts += 1
        fields += ["attempts", "article_count", "message_id"]
        delivery.article_count = variant["count"]
        delivery.message_id = self.renderer.message_id(delivery)
        try:
            self._send(delivery, subscriber, variant)
        except SEND_ERRORS as error:
            return self._failed(delivery, subscriber, error, now, fields)
        except ValueError as error:  # an address or header no mail can carry: never retried
            delivery.status = DigestDelivery.Status.FAILED
            delivery.error = f"invalid: {error}"[:2000]
            delivery.save(update_fields=[*fields, "error"])
            return "failed"
        delivery.status = DigestDelivery.Status.SENT
        delivery.sent_at = timezone.now()
        delivery.error = ""
        delivery.save(update_fields=[*fields, "sent_at", "error"])
        if subscriber.hard_failures:
            Subscriber.objects.filter(pk=subscriber.pk).update(hard_failures=0)
        return "sent"

    def _send(self, delivery, subscriber, variant):
        raw = self.raw_sending and self.renderer.raw_message(delivery, subscriber, variant)
        if not raw:
            self.mailer.send_messages([self.renderer.message(delivery, subscriber, variant)])
            return
        if self.mailer.connection is None:
            self.mailer.open()
        self.mailer.connection.sendmail(self.from_address, [subscriber.email], raw)

    def _failed(self, delivery, subscriber, error, now, fields):
        kind = _classify(error)
        delivery.error = f"{kind}: {type(error).__name__}: {error}"[:2000]
        fields.append("error")
        if kind == "hard":
            delivery.status = DigestDelivery.Status.FAILED
            failures = subscriber.hard_failures + 1
            Subscriber.objects.filter(pk=subscriber.pk).update(hard_failures=failures)
            if failures >= settings.SUBSCRIPTION_HARD_BOUNCE_LIMIT:
                from subscriptions.services import mark_bounced

                subscriber.refresh_from_db()
                mark_bounced(subscriber=subscriber, reason="repeated hard delivery failures")
            outcome = "failed"
        elif delivery.attempts >= settings.SUBSCRIPTION_MAX_ATTEMPTS:
            delivery.status = DigestDelivery.Status.FAILED
            outcome = "failed"
        else:
            delay = settings.SUBSCRIPTION_RETRY_SECONDS * 2 ** (delivery.attempts - 1)
            delivery.next_attempt_at = now + timedelta(seconds=delay)
            fields.append("next_attempt_at")
            outcome = "retry"
        delivery.save(update_fields=fields)
        # The connection may be broken; start a fresh one for the next message.
        try:
            self.mailer.close()
        except SEND_ERRORS:
            pass
        self._open()
        return outcome


def send_queued_digests(*, limit=None, now=None):
    """Send due deliveries until none is left (or `limit` are settled); returns counts."""
    with DigestSender(now=now) as sender:
        return sender.run(limit=limit)


def next_retry_at():
    """When the earliest queued delivery waiting for a retry becomes due, if any."""
    return (
        DigestDelivery.objects.filter(status=DigestDelivery.Status.QUEUED)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )


def send_test_digest(*, subscriber, to):
    """What this subscriber would get now, mailed to an editor; records nothing."""
    frequency = subscriber.frequency
    now = timezone.now()
    delivery = DigestDelivery(
        subscriber=subscriber,
        period=period_for(frequency, now)[0],
        window_start=subscriber.digest_cursor or now - PERIOD_LENGTH[frequency],
        window_end=now,
        category_ids=",".join(
            str(pk) for pk in sorted(subscriber.categories.values_list("pk", flat=True))
        ),
        next_attempt_at=now,
    )
    renderer = DigestRenderer()
    variant = renderer.variant(delivery)
    if variant is None:
        return False
    variant = {**variant, "subject": _("[Test] %(subject)s") % {"subject": variant["subject"]}}
    message = renderer.message(
        delivery, subscriber, variant, to=to, message_id=mail.make_msgid(domain=_site_host())
    )
    message.send()
    return True
