"""The subscriptions app's business rules: sign-up, consent, preferences, a person's data.

Digests (planning and sending) are in subscriptions.digests. Every function here
takes keyword arguments and does its writes in one transaction; emails go out
through tasks enqueued after the commit.
"""

import csv
import hashlib
import io
import secrets
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Category
from subscriptions import tokens
from subscriptions.models import Subscriber
from truthsite.abuse import over_limit
from truthsite.email_addresses import normalise_email
from truthsite.exports import formula_safe, from_formula_safe

# The wording every sign-up form shows next to its button; stored with the consent.
CONSENT_TEXT = gettext_lazy(
    "Email me a digest of new articles at the frequency I choose. I will confirm from "
    "the email we send, and can change my choices or unsubscribe at any time from a "
    "link in every email. We keep only my address, my choices and this consent."
)
PETITION_CONSENT_TEXT = gettext_lazy(
    "Also send me the newsletter (ticked on the petition form; confirmed by email)."
)
# Confirmation or "your links" emails to one address, at most this many a day.
EMAILS_PER_ADDRESS_PER_DAY = 3


def enqueue_after_commit(task, *args):
    transaction.on_commit(lambda: task.enqueue(*args))


def _email_key(email):
    return hashlib.sha256(email.encode()).hexdigest()[:32]


@transaction.atomic
def request_subscription(
    *, email, frequency=Subscriber.Frequency.WEEKLY, categories=(), source, consent_text,
    ip_hash="",
):  # fmt: skip
    """Start (or restart) double opt-in for an address; tells the caller nothing.

    New, pending, unsubscribed or bounced: (re)record the consent and send a
    confirmation link. Already active: nothing changes (a stranger must not alter
    someone's choices) and the owner is mailed their manage link instead. Either
    way the visitor sees the same "check your inbox" answer.
    """
    from subscriptions.tasks import send_subscription_email

    address = normalise_email(email)
    validate_email(address)
    if frequency not in Subscriber.Frequency.values:
        raise ValidationError(_("Choose daily or weekly."))
    if source not in Subscriber.Source.values:
        raise ValidationError(_("Unknown sign-up form."))
    now = timezone.now()
    subscriber, created = Subscriber.objects.select_for_update().get_or_create(
        email=address, defaults={"status": Subscriber.Status.PENDING}
    )
    if subscriber.status == Subscriber.Status.ACTIVE:
        kind = "manage"
    else:
        kind = "confirm"
        if subscriber.status != Subscriber.Status.PENDING or not subscriber.confirm_nonce:
            subscriber.confirm_nonce = secrets.token_urlsafe(12)
        subscriber.status = Subscriber.Status.PENDING
        subscriber.frequency = frequency
        subscriber.consented_at = now
        subscriber.consent_source = source
        subscriber.consent_text = str(consent_text)
        subscriber.ip_hash = ip_hash
        subscriber.status_changed_at = now
        subscriber.status_reason = ""
        subscriber.save()
        subscriber.categories.set(categories)
    if not over_limit(
        "subscription-email", _email_key(address), limit=EMAILS_PER_ADDRESS_PER_DAY, window=86400
    ):
        enqueue_after_commit(send_subscription_email, subscriber.pk, kind)
    return subscriber


def subscribe_from_petition(*, email, ip_hash="", **kwargs):
    """Receiver for petitions.signals.newsletter_requested: the same double opt-in."""
    try:
        request_subscription(
            email=email,
            source=Subscriber.Source.PETITION,
            consent_text=kwargs.get("consent_text") or PETITION_CONSENT_TEXT,
            ip_hash=ip_hash or "",
        )
    except ValidationError:
        # The petition form validated the address; a signal must not break signing.
        return


def _check_pending(subscriber, nonce):
    if (
        subscriber is None
        or subscriber.status != Subscriber.Status.PENDING
        or not nonce
        or not secrets.compare_digest(subscriber.confirm_nonce, str(nonce))
    ):
        raise tokens.InvalidToken
    return subscriber


def pending_for_confirm_token(token):
    """The pending subscriber a confirm link names; raises tokens.InvalidToken."""
    subscriber_id, nonce = tokens.read_confirm_token(token)
    return _check_pending(Subscriber.objects.filter(pk=subscriber_id).first(), nonce)


@transaction.atomic
def confirm_subscription(*, token):
    """Activate the subscription a confirm link names; the link then stops working."""
    subscriber_id, nonce = tokens.read_confirm_token(token)
    subscriber = _check_pending(
        Subscriber.objects.select_for_update().filter(pk=subscriber_id).first(), nonce
    )
    now = timezone.now()
    subscriber.status = Subscriber.Status.ACTIVE
    subscriber.confirmed_at = now
    subscriber.confirm_nonce = ""
    subscriber.status_changed_at = now
    subscriber.digest_cursor = None
    subscriber.hard_failures = 0
    subscriber.save()
    return subscriber


def _permanent_link_subscriber(subscriber_id, secret):
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or not secrets.compare_digest(subscriber.secret, str(secret)):
        raise tokens.InvalidToken
    return subscriber


def subscriber_for_manage_token(token):
    return _permanent_link_subscriber(*tokens.read_manage_token(token))


def subscriber_for_unsubscribe_token(token):
    return _permanent_link_subscriber(*tokens.read_unsubscribe_token(token))


@transaction.atomic
def update_preferences(*, subscriber, frequency, categories):
    if frequency not in Subscriber.Frequency.values:
        raise ValidationError(_("Choose daily or weekly."))
    subscriber.frequency = frequency
    subscriber.save(update_fields=["frequency", "updated_at"])
    subscriber.categories.set(categories)
    return subscriber


def _set_status(subscriber, status, reason):
    subscriber.status = status
    subscriber.status_changed_at = timezone.now()
    subscriber.status_reason = reason[:200]
    subscriber.save(update_fields=["status", "status_changed_at", "status_reason", "updated_at"])


@transaction.atomic
def unsubscribe(*, subscriber, reason="link"):
    """Stop every digest at once; queued ones are cancelled when their turn comes."""
    if subscriber.status != Subscriber.Status.UNSUBSCRIBED:
        _set_status(subscriber, Subscriber.Status.UNSUBSCRIBED, reason)
    return subscriber


@transaction.atomic
def resubscribe(*, subscriber):
    """From the manage link, which proves the mailbox is theirs: active again."""
    subscriber.hard_failures = 0
    subscriber.digest_cursor = None
    subscriber.confirmed_at = subscriber.confirmed_at or timezone.now()
    subscriber.save(update_fields=["hard_failures", "digest_cursor", "confirmed_at"])
    _set_status(subscriber, Subscriber.Status.ACTIVE, "resubscribed")
    return subscriber


@transaction.atomic
def mark_bounced(*, email=None, subscriber=None, reason):
    """A bounce, a complaint or an editor's word: never mail this address again."""
    if subscriber is None:
        subscriber = Subscriber.objects.filter(email=normalise_email(email)).first()
        if subscriber is None:
            return None
    _set_status(subscriber, Subscriber.Status.BOUNCED, reason)
    return subscriber


def purge_pending(*, now=None):
    """Delete sign-ups never confirmed within SUBSCRIPTION_PENDING_DAYS; returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.SUBSCRIPTION_PENDING_DAYS)
    _total, per_model = Subscriber.objects.filter(
        status=Subscriber.Status.PENDING, created_at__lt=cutoff
    ).delete()
    return per_model.get("subscriptions.Subscriber", 0)


# A person's data ---------------------------------------------------------------


def _petitions_call(name, email):
    if not apps.is_installed("petitions"):
        return []
    from petitions import services as petition_services

    return getattr(petition_services, name)(email)


def _iso(value):
    return value.isoformat() if value else None


def export_person(*, email):
    """Everything held about one address, as plain data ready for JSON."""
    address = normalise_email(email)
    subscriber = Subscriber.objects.filter(email=address).prefetch_related("categories").first()
    record = None
    if subscriber is not None:
        record = {
            "email": subscriber.email,
            "status": subscriber.status,
            "frequency": subscriber.frequency,
            "categories": [category.name for category in subscriber.categories.all()],
            "consent": {
                "given_at": _iso(subscriber.consented_at),
                "source": subscriber.consent_source,
                "wording": subscriber.consent_text,
                "hashed_network": subscriber.ip_hash,
            },
            "confirmed_at": _iso(subscriber.confirmed_at),
            "status_changed_at": _iso(subscriber.status_changed_at),
            "status_reason": subscriber.status_reason,
            "created_at": _iso(subscriber.created_at),
            "digests": [
                {"period": period, "status": status, "sent_at": _iso(sent_at)}
                for period, status, sent_at in subscriber.deliveries.order_by(
                    "created_at"
                ).values_list("period", "status", "sent_at")
            ],
        }
    return {
        "email": address,
        "exported_at": timezone.now().isoformat(),
        "subscriber": record,
        "petition_signatures": list(_petitions_call("signatures_for_email", address)),
    }


@transaction.atomic
def erase_person(*, email):
    """Delete the subscriber (with its delivery log) and petition signatures."""
    address = normalise_email(email)
    _total, per_model = Subscriber.objects.filter(email=address).delete()
    signatures = _petitions_call("erase_signatures_for_email", address)
    return {
        "email": address,
        "subscribers_deleted": per_model.get("subscriptions.Subscriber", 0),
        "deliveries_deleted": per_model.get("subscriptions.DigestDelivery", 0),
        "petition_signatures_erased": signatures
        if isinstance(signatures, int)
        else len(signatures or []),
    }


# CSV ---------------------------------------------------------------------------

CSV_COLUMNS = [
    "email", "status", "frequency", "categories", "consented_at", "consent_source",
    "consent_text", "confirmed_at",
]  # fmt: skip


def write_subscribers_csv(queryset, out):
    """The columns import reads back; categories are slugs separated by '|'."""
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for subscriber in queryset.prefetch_related("categories").iterator(chunk_size=2000):
        writer.writerow(
            formula_safe(cell)
            for cell in [
                subscriber.email,
                subscriber.status,
                subscriber.frequency,
                "|".join(category.slug for category in subscriber.categories.all()),
                _iso(subscriber.consented_at) or "",
                subscriber.consent_source,
                subscriber.consent_text,
                _iso(subscriber.confirmed_at) or "",
            ]
        )


def import_subscribers_csv(*, data):
    """Add subscribers from CSV text; one report row per line: (line, email, ok, reason).

    Only rows that carry the earlier consent (consented_at) become active, since
    nobody may be mailed without it; existing addresses are left alone.
    """
    reader = csv.DictReader(io.StringIO(data))
    if not reader.fieldnames or "email" not in [name.strip() for name in reader.fieldnames]:
        return [(1, "", False, _("The first line must name the columns, including “email”."))]
    categories = {category.slug: category for category in Category.objects.all()}
    report = []
    for row in reader:
        line = reader.line_num
        row = {(key or "").strip(): from_formula_safe(value) for key, value in row.items()}
        address = normalise_email(row.get("email"))
        ok, reason = _import_row(row, address, categories)
        report.append((line, row.get("email", ""), ok, reason))
    return report


def _import_row(row, address, categories):
    try:
        validate_email(address)
    except ValidationError:
        return False, _("not a valid email address")
    frequency = row.get("frequency") or Subscriber.Frequency.WEEKLY
    if frequency not in Subscriber.Frequency.values:
        return False, _("frequency must be daily or weekly")
    slugs = [slug for slug in row.get("categories", "").replace(";", "|").split("|") if slug]
    unknown = [slug for slug in slugs if slug not in categories]
    if unknown:
        return False, _("unknown category: %(slugs)s") % {"slugs": ", ".join(unknown)}
    consented_at = parse_datetime(row.get("consented_at", "")) if row.get("consented_at") else None
    if consented_at is None:
        return False, _("no consent record (consented_at)")
    if timezone.is_naive(consented_at):
        consented_at = timezone.make_aware(consented_at)
    status = row.get("status") or Subscriber.Status.ACTIVE
    if status not in {Subscriber.Status.ACTIVE, Subscriber.Status.UNSUBSCRIBED}:
        return False, _("status must be active or unsubscribed")
    with transaction.atomic():
        subscriber, created = Subscriber.objects.get_or_create(
            email=address,
            defaults={
                "status": status,
                "frequency": frequency,
                "consented_at": consented_at,
                "consent_source": Subscriber.Source.IMPORT,
                "consent_text": row.get("consent_text") or _("Imported from an earlier list."),
                "confirmed_at": consented_at,
                "status_changed_at": timezone.now(),
                "status_reason": "imported",
            },
        )
        if not created:
            return False, _("already on the list (left unchanged)")
        subscriber.categories.set([categories[slug] for slug in slugs])
    return True, _("added")
