"""Background work: the confirmation email, retried with back-off when sending fails."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.tasks import task, task_backends
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from petitions.models import Signature
from petitions.tokens import CONFIRM, WITHDRAW, make_token
from truthsite.emails import send_email

logger = logging.getLogger(__name__)


def retry_delay(failures):
    """1, 2, 4, 8 ... minutes after the first, second, third ... failure; at most a day."""
    return timedelta(minutes=min(2 ** (failures - 1), 24 * 60))


def confirmation_email(signature):
    """The arguments for truthsite.emails.send_email for this signature's email."""
    petition = signature.petition
    confirm_path = reverse(
        "petitions:confirm", kwargs={"token": make_token(signature, purpose=CONFIRM)}
    )
    withdraw_path = reverse(
        "petitions:withdraw", kwargs={"token": make_token(signature, purpose=WITHDRAW)}
    )
    already = signature.state == Signature.State.CONFIRMED
    return {
        "to": signature.email,
        "template": "petition_confirm",
        "subject": (
            _("Your signature is already counted: %(title)s")
            if already
            else _("Please confirm your signature: %(title)s")
        )
        % {"title": petition.title},
        "context": {
            "name": signature.name,
            "petition": petition,
            "petition_url": settings.SITE_URL + petition.get_absolute_url(),
            "confirm_url": settings.SITE_URL + confirm_path,
            "withdraw_url": settings.SITE_URL + withdraw_path,
            "already_confirmed": already,
            "valid_days": max(1, settings.PETITION_CONFIRM_MAX_AGE // 86400),
        },
    }


@task()
def send_signature_email(signature_id):
    """Send the confirmation (or "already counted") email; on failure queue a retry,
    up to PETITION_EMAIL_MAX_ATTEMPTS attempts in a row, recorded on the signature."""
    signature = Signature.objects.select_related("petition").filter(pk=signature_id).first()
    live = [Signature.State.PENDING, Signature.State.CONFIRMED]
    if signature is None or signature.state not in live or not signature.email:
        return "skipped"
    try:
        send_email(**confirmation_email(signature))
    except Exception as error:  # any transport failure: count it and try again later
        Signature.objects.filter(pk=signature_id).update(email_failures=F("email_failures") + 1)
        signature.refresh_from_db(fields=["email_failures"])
        failures = signature.email_failures
        if failures >= settings.PETITION_EMAIL_MAX_ATTEMPTS:
            logger.error("Giving up emailing signature %s after %s attempts: %r",
                         signature_id, failures, error)  # fmt: skip
            raise
        logger.warning("Emailing signature %s failed (attempt %s): %r; retrying",
                       signature_id, failures, error)  # fmt: skip
        retry = send_signature_email
        if task_backends[retry.backend].supports_defer:
            retry = retry.using(run_after=timezone.now() + retry_delay(failures))
        retry.enqueue(signature_id)
        return "retrying"
    Signature.objects.filter(pk=signature_id).update(
        email_failures=0, last_emailed_at=timezone.now()
    )
    return "sent"
