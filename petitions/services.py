"""Everything that changes signatures and counts, and the app's public functions.

The count rule: a petition's signature_count changes only inside the transaction
that moves a signature into or out of the confirmed state, by a conditional
UPDATE whose row count says whether the move happened. So the count always
equals the confirmed rows, however many requests race; recount() proves it.

Other apps call: petition_for_article(), featured_petition(), signatures_for_email(),
erase_signatures_for_email(); and may connect to petitions.signals.newsletter_requested.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache, partial

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from petitions.models import PETITIONS_VERSION_KEY, Petition, Signature, country_name
from petitions.signals import newsletter_requested
from petitions.tokens import CONFIRM, WITHDRAW, ExpiredLink, signature_for_token
from truthsite.email_addresses import normalise_email
from truthsite.page_cache import Dependency, bump_version

logger = logging.getLogger(__name__)

LIVE_STATES = [Signature.State.PENDING, Signature.State.CONFIRMED]
# What is left of a signer once their personal data goes: state, country, times.
PERSONAL_DATA_ERASED = {
    "name": "", "email": "", "email_normalised": "", "postcode": "", "comment": "",
    "show_name": False, "ip_hash": "", "user_agent": "",
}  # fmt: skip
# How long the cached petition lookups and count.json may lag behind.
LOOKUP_CACHE_SECONDS = 60


class PetitionNotOpen(ValidationError):
    pass


def count_cache_key(petition_id):
    return f"petitions:count-json:{petition_id}"


def count_version_key(petition_id):
    """Bumped when this petition's count or its list of recent signers changes."""
    return f"petitions:count-version:{petition_id}"


# Cached pages (truthsite.page_cache): what petitions pages show. A count changes often
# under signing load, so only pages that show counts depend on them: the petitions list
# on every count, a petition's page on its own.
PETITION_COUNTS_VERSION_KEY = "petitions:counts-version"


def next_scheduled_change(now=None):
    """When a petition next opens or closes by itself (None: no such time is set)."""
    now = now or timezone.now()
    times = Petition.objects.exclude(status=Petition.Status.DRAFT).aggregate(
        opens=Min("opens_at", filter=Q(opens_at__gt=now)),
        closes=Min("closes_at", filter=Q(closes_at__gt=now)),
    )
    return min((moment for moment in times.values() if moment), default=None)


PETITIONS = Dependency(PETITIONS_VERSION_KEY, next_change=next_scheduled_change)
PETITION_COUNTS = Dependency(PETITION_COUNTS_VERSION_KEY)


@lru_cache(maxsize=1024)
def _petition_id(slug, petitions_version):
    # Keyed by the version, which every save bumps (a slug can pass to another petition).
    return Petition.objects.filter(slug=slug).values_list("pk", flat=True).first()


def own_count_version(kwargs):
    """For reader_page(more_versions=...): the version of the count of the petition a
    URL names by its slug."""
    petition_id = _petition_id(kwargs["slug"], _petitions_version())
    return [count_version_key(petition_id)] if petition_id else []


def _counts_changed(*petition_ids):
    for petition_id in petition_ids:
        cache.delete(count_cache_key(petition_id))
        bump_version(count_version_key(petition_id))
    bump_version(PETITION_COUNTS_VERSION_KEY)


def _change_count(petition_id, delta):
    """Move the stored count by delta; call inside the transaction that moved the rows."""
    if delta:
        Petition.objects.filter(pk=petition_id).update(signature_count=F("signature_count") + delta)
        transaction.on_commit(partial(_counts_changed, petition_id))


# Signing and confirming -------------------------------------------------------------


def sign_petition(
    *, petition, name, email, country, postcode="", comment="", show_name=False,
    wants_newsletter=False, ip_hash="", user_agent="",
):  # fmt: skip
    """Record a signature awaiting confirmation and email its link.

    Signing again with the same (normalised) email changes nothing and re-sends the
    confirmation, at most PETITION_MAX_CONFIRMATION_EMAILS times in all; the caller
    cannot tell the cases apart, so nothing reveals whether an address has signed.
    """
    if not petition.is_open:
        raise PetitionNotOpen(_("This petition is not taking signatures."), code="closed")
    signature = Signature(
        petition=petition,
        name=" ".join(name.split()),
        email=email.strip(),
        email_normalised=normalise_email(email),
        postcode=" ".join(postcode.upper().split()),
        country=country,
        comment=comment.strip(),
        show_name=show_name,
        wants_newsletter=wants_newsletter,
        ip_hash=ip_hash,
        user_agent=user_agent[:300],
    )
    signature.clean_fields(exclude=["petition"])
    existing = _live_signature(petition, signature.email_normalised)
    if existing is None:
        try:
            with transaction.atomic():
                signature.save(force_insert=True)
        except IntegrityError:  # the same person, a moment earlier, in another request
            existing = _live_signature(petition, signature.email_normalised)
            if existing is None:
                raise
    if existing is not None:
        signature = existing
    request_confirmation_email(signature=signature)
    return signature


def _live_signature(petition, email_normalised):
    return Signature.objects.filter(
        petition=petition, email_normalised=email_normalised, state__in=LIVE_STATES
    ).first()


def request_confirmation_email(*, signature):
    """Queue the confirmation email unless this signature has had its share of them."""
    from petitions.tasks import send_signature_email

    with transaction.atomic():
        allowed = Signature.objects.filter(
            pk=signature.pk,
            state__in=LIVE_STATES,
            confirmation_emails__lt=settings.PETITION_MAX_CONFIRMATION_EMAILS,
        ).update(confirmation_emails=F("confirmation_emails") + 1, email_failures=0)
        if allowed:
            transaction.on_commit(partial(send_signature_email.enqueue, signature.pk))
    return bool(allowed)


def resend_confirmation(*, token):
    """A fresh email for the signature an expired (but genuine) link was for."""
    try:
        signature = signature_for_token(token, purpose=CONFIRM)
    except ExpiredLink as expired:
        signature = expired.signature
    if signature.state == Signature.State.PENDING:
        request_confirmation_email(signature=signature)
    return signature


@dataclass
class Confirmation:
    signature: Signature
    counted_now: bool


def confirm_signature(*, token):
    """Confirm the signature a link is for and count it, exactly once.

    Raises tokens.InvalidLink or tokens.ExpiredLink. Confirming twice, or in two
    requests at once, counts once: only the UPDATE that finds the row still pending
    changes it, and only that transaction adds one to the petition's count.
    """
    signature = signature_for_token(token, purpose=CONFIRM)
    if signature.state != Signature.State.PENDING:  # a second click: nothing to lock
        return Confirmation(signature=signature, counted_now=False)
    now = timezone.now()
    with transaction.atomic():
        counted = Signature.objects.filter(
            pk=signature.pk, state=Signature.State.PENDING, confirmed_at__isnull=True
        ).update(state=Signature.State.CONFIRMED, confirmed_at=now)
        if counted:
            _change_count(signature.petition_id, +1)
            if signature.wants_newsletter:
                transaction.on_commit(partial(_send_newsletter_request, signature))
    if counted:
        signature.state, signature.confirmed_at = Signature.State.CONFIRMED, now
    else:
        signature.refresh_from_db(fields=["state", "confirmed_at"])
    return Confirmation(signature=signature, counted_now=bool(counted))


def _send_newsletter_request(signature):
    # A failing receiver must not turn a counted signature into an error page.
    results = newsletter_requested.send_robust(
        sender=Signature, email=signature.email, name=signature.name, ip_hash=signature.ip_hash
    )
    for receiver, outcome in results:
        if isinstance(outcome, Exception):
            logger.error("newsletter_requested receiver %r failed: %r", receiver, outcome)


def withdraw_signature(*, token):
    """The signer takes their signature back: no longer counted, personal data erased."""
    signature = signature_for_token(token, purpose=WITHDRAW)
    now = timezone.now()
    with transaction.atomic():
        was_counted = Signature.objects.filter(
            pk=signature.pk, state=Signature.State.CONFIRMED
        ).update(state=Signature.State.WITHDRAWN, withdrawn_at=now, **PERSONAL_DATA_ERASED)
        if was_counted:
            _change_count(signature.petition_id, -1)
        else:
            Signature.objects.filter(pk=signature.pk, state=Signature.State.PENDING).update(
                state=Signature.State.WITHDRAWN, withdrawn_at=now, **PERSONAL_DATA_ERASED
            )
    signature.refresh_from_db()
    return signature


# Editors' tools ---------------------------------------------------------------------


@dataclass
class Invalidation:
    confirmed: int  # were counted, are no longer
    pending: int


def invalidate_signatures(
    *, petition, ip_hash="", email_domain="", created_from=None, created_to=None,
    signature_ids=None, reason="",
):  # fmt: skip
    """Invalidate a petition's live signatures matching every criterion given.

    At least one criterion is required, so a slip cannot wipe a whole petition.
    The count drops by exactly the confirmed signatures that were invalidated.
    """
    criteria = Q()
    if ip_hash:
        criteria &= Q(ip_hash=ip_hash.strip())
    if email_domain:
        criteria &= Q(email_normalised__endswith="@" + email_domain.strip().lower().lstrip("@"))
    if created_from:
        criteria &= Q(created_at__gte=created_from)
    if created_to:
        criteria &= Q(created_at__lt=created_to)
    if signature_ids is not None:
        criteria &= Q(pk__in=list(signature_ids))
    if not criteria:
        raise ValidationError(
            _("Choose at least one of: hashed network, email domain, time range, signatures."),
            code="no_criteria",
        )
    changes = {
        "state": Signature.State.INVALIDATED,
        "invalidated_at": timezone.now(),
        "invalidation_reason": reason[:200],
    }
    with transaction.atomic():
        # Lock the rows in id order first, so two invalidations never deadlock, and no
        # confirmation can change a row between counting it and invalidating it.
        matching = Signature.objects.filter(criteria, petition=petition, state__in=LIVE_STATES)
        for _locked in matching.order_by("pk").select_for_update().values_list("pk").iterator():
            pass
        confirmed = matching.filter(state=Signature.State.CONFIRMED).update(**changes)
        pending = matching.filter(state=Signature.State.PENDING).update(**changes)
        _change_count(petition.pk, -confirmed)
    return Invalidation(confirmed=confirmed, pending=pending)


@dataclass
class Drift:
    petition: Petition
    stored: int
    actual: int


def recount(*, petitions=None):
    """Recompute every count from the rows; return the petitions whose count had drifted.

    The petition row is locked first: a confirmation in flight either committed
    before (and is counted here) or adds its one after (to the corrected count).
    """
    drifted = []
    ids = list((petitions or Petition.objects.all()).values_list("pk", flat=True))
    for petition_id in ids:
        with transaction.atomic():
            petition = Petition.objects.select_for_update().filter(pk=petition_id).first()
            if petition is None:
                continue
            actual = Signature.objects.filter(
                petition_id=petition_id, state=Signature.State.CONFIRMED
            ).count()
            if actual != petition.signature_count:
                drifted.append(Drift(petition, petition.signature_count, actual))
                Petition.objects.filter(pk=petition_id).update(signature_count=actual)
                transaction.on_commit(partial(_counts_changed, petition_id))
    return drifted


def close_petitions(*, petitions):
    """Close now (keeping an earlier closing time); returns how many were open."""
    closed = 0
    for petition in petitions.exclude(status=Petition.Status.CLOSED):
        petition.status = Petition.Status.CLOSED
        petition.save()
        closed += 1
    return closed


def reopen_petitions(*, petitions):
    """Open again with no closing time; the editor may set a new one afterwards."""
    reopened = 0
    for petition in petitions.exclude(status=Petition.Status.OPEN, closes_at__isnull=True):
        if petition.anonymised_at:  # the signers are gone; their links are dead
            continue
        petition.status = Petition.Status.OPEN
        petition.closes_at = None
        petition.save()
        reopened += 1
    return reopened


# Privacy ----------------------------------------------------------------------------


def purge_unconfirmed(*, older_than_days=None, now=None):
    """Delete signatures never confirmed within the retention period; returns how many."""
    days = (
        settings.PETITION_UNCONFIRMED_RETENTION_DAYS if older_than_days is None else older_than_days
    )
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted, _by_model = Signature.objects.filter(
        state=Signature.State.PENDING, created_at__lt=cutoff
    ).delete()
    return deleted


def anonymise_closed(*, after_days=None, now=None):
    """Erase signers' personal data on petitions closed more than after_days ago.

    Counts, states, countries and times stay, so results and statistics survive.
    Returns the petitions anonymised.
    """
    days = settings.PETITION_ANONYMISE_AFTER_DAYS if after_days is None else after_days
    now = now or timezone.now()
    due = Petition.objects.filter(
        anonymised_at__isnull=True, closes_at__lte=now - timedelta(days=days)
    ).exclude(status=Petition.Status.DRAFT)
    done = []
    for petition in due:
        with transaction.atomic():
            petition.signatures.update(**PERSONAL_DATA_ERASED, nonce="")
            Petition.objects.filter(pk=petition.pk).update(anonymised_at=now)
            # Its page named recent signers.
            transaction.on_commit(partial(_counts_changed, petition.pk))
        done.append(petition)
    return done


def signatures_for_email(email):
    """A person's signatures, for their data export: plain, JSON-ready dicts."""
    found = Signature.objects.filter(email_normalised=normalise_email(email)).select_related(
        "petition"
    )
    return [
        {
            "petition": signature.petition.title,
            "petition_url": settings.SITE_URL + signature.petition.get_absolute_url(),
            "name": signature.name,
            "email": signature.email,
            "postcode": signature.postcode,
            "country": signature.country,
            "comment": signature.comment,
            "show_name": signature.show_name,
            "wants_newsletter": signature.wants_newsletter,
            "state": signature.state,
            "signed_at": signature.created_at.isoformat(),
            "confirmed_at": signature.confirmed_at.isoformat() if signature.confirmed_at else None,
        }
        for signature in found.order_by("created_at")
    ]


def erase_signatures_for_email(email):
    """Erase a person's signatures on request; returns how many were touched.

    Unconfirmed ones are deleted; confirmed ones on open petitions are withdrawn
    (no longer counted); on closed petitions the count stands, anonymously.
    """
    normalised = normalise_email(email)
    if not normalised:
        return 0
    mine = Signature.objects.filter(email_normalised=normalised)
    now = timezone.now()
    with transaction.atomic():
        deleted, _by_model = mine.filter(state=Signature.State.PENDING).delete()
        open_ids = set(
            mine.filter(state=Signature.State.CONFIRMED, petition__in=Petition.objects.open())
            .values_list("petition_id", flat=True)
        )  # fmt: skip
        for petition_id in sorted(open_ids):  # one lock order, so two erasures cannot deadlock
            withdrawn = mine.filter(
                petition_id=petition_id, state=Signature.State.CONFIRMED
            ).update(state=Signature.State.WITHDRAWN, withdrawn_at=now)
            _change_count(petition_id, -withdrawn)
        shown_on = set(mine.filter(show_name=True).values_list("petition_id", flat=True))
        erased = mine.update(**PERSONAL_DATA_ERASED, nonce="")
        # Their first name may be among a petition page's recent signers.
        transaction.on_commit(partial(_counts_changed, *sorted(shown_on)))
    return deleted + erased


# Reading ----------------------------------------------------------------------------


def _petitions_version():
    return cache.get(PETITIONS_VERSION_KEY, 0)


def featured_petition():
    """The newest featured open petition, or None; cached briefly."""
    key = f"petitions:featured:{_petitions_version()}"
    found = cache.get(key)
    if found is None:
        found = Petition.objects.featured().defer("body", "body_html").first() or False
        cache.set(key, found, LOOKUP_CACHE_SECONDS)
    # Re-checked on every read: closing happens at its time, not at cache expiry.
    return found if found and found.is_open else None


def petition_for_article(article):
    """The petition an article's "Sign Our Petition" leads to: its own while open,
    otherwise the featured one; None when there is neither. No query when warm."""
    if article.petition_id:
        key = f"petitions:petition:{article.petition_id}:{_petitions_version()}"
        own = cache.get(key)
        if own is None:
            own = (
                Petition.objects.defer("body", "body_html").filter(pk=article.petition_id).first()
                or False
            )
            cache.set(key, own, LOOKUP_CACHE_SECONDS)
        if own and own.is_open:
            return own
    return featured_petition()


def recent_signers(petition, *, limit=None):
    """(first name, country) of the latest confirmed signers who chose to be shown."""
    limit = limit or settings.PETITION_RECENT_SIGNERS
    rows = (
        petition.signatures.filter(state=Signature.State.CONFIRMED, show_name=True)
        .exclude(name="")
        .only("name", "country", "confirmed_at")
        .order_by("-confirmed_at", "-id")[:limit]
    )
    return [(row.first_name, row.country_name, row.confirmed_at) for row in rows]


def count_summary(petition):
    """count.json: the exact count and goal, and confirmed signatures by country; cached
    for PETITION_COUNT_CACHE_SECONDS and dropped whenever the count changes."""
    key = count_cache_key(petition.pk)
    summary = cache.get(key)
    if summary is None:
        by_country = (
            petition.signatures.filter(state=Signature.State.CONFIRMED)
            .values("country")
            .annotate(count=Count("id"))
            .order_by("-count", "country")
        )
        countries = [
            {"code": row["country"], "name": country_name(row["country"]), "count": row["count"]}
            for row in by_country
        ]
        summary = {
            "petition": petition.slug,
            "title": petition.title,
            # The rows themselves, in one snapshot: equal to signature_count, and to
            # the sum of the countries below even while confirmations pour in.
            "count": sum(row["count"] for row in countries),
            "goal": petition.goal,
            "open": petition.is_open,
            "by_country": countries,
        }
        cache.set(key, summary, settings.PETITION_COUNT_CACHE_SECONDS)
    return summary
