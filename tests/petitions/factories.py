"""Builders for petitions test data; each returns a saved object."""

import itertools
import re
import time
from datetime import timedelta

from django.core import signing
from django.utils import timezone

from petitions.models import Petition, Signature
from truthsite.email_addresses import normalise_email

_counter = itertools.count(1)


def make_petition(**fields):
    """An open petition (opened yesterday, no closing time) unless fields say otherwise."""
    n = next(_counter)
    fields.setdefault("title", f"Petition number {n}")
    fields.setdefault("summary", f"What petition {n} asks for.")
    fields.setdefault("body", f"Why petition {n} matters.")
    fields.setdefault("recipient", "the U.S. Congress")
    fields.setdefault("status", Petition.Status.OPEN)
    fields.setdefault("opens_at", timezone.now() - timedelta(days=1))
    return Petition.objects.create(**fields)


def make_signature(petition, *, confirmed=False, **fields):
    """A signature row as sign_petition would store it (no email sent, count untouched
    unless confirmed=True, which also adds one to the petition's count)."""
    n = next(_counter)
    fields.setdefault("name", f"Signer Number{n}")
    fields.setdefault("email", f"signer{n}@example.org")
    fields.setdefault("email_normalised", normalise_email(fields["email"]))
    fields.setdefault("country", "US")
    if confirmed:
        fields["state"] = Signature.State.CONFIRMED
        fields.setdefault("confirmed_at", timezone.now())
    signature = Signature.objects.create(petition=petition, **fields)
    if confirmed:
        Petition.objects.filter(pk=petition.pk).update(
            signature_count=Petition.objects.get(pk=petition.pk).signature_count + 1
        )
    return signature


def sign_form_data(**overrides):
    """A valid POST for the sign form, shown long enough ago to pass the time check."""
    data = {
        "name": "Jane Public",
        "email": "jane.public@example.org",
        "postcode": "10001",
        "country": "US",
        "comment": "",
        "show_name": "on",
        "website": "",
        "form_started": signing.dumps(time.time() - 30, salt="form-started"),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def committed():
    """Runs what the code under test deferred with transaction.on_commit (emails, cache
    invalidation, signals) when the block ends, as the real commit would; the test's
    own wrapping transaction otherwise holds them back."""
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


_LINK = re.compile(r"https?://[^/\s]+(/petitions/(confirm|withdraw)/([^/\s]+)/)")


def email_links(message):
    """{"confirm": path, "withdraw": path} from a sent email's plain text."""
    return {kind: path for path, kind, _token in _LINK.findall(message.body)}


def email_tokens(message):
    """{"confirm": token, "withdraw": token}: the signed part of each link."""
    return {kind: path.split("/")[3] for kind, path in email_links(message).items()}


def token_in(message, kind="confirm"):
    return email_tokens(message)[kind]


def count_of(petition):
    """The stored count, read afresh."""
    return Petition.objects.get(pk=petition.pk).signature_count


def confirmed_rows(petition):
    """What the count must equal."""
    return Signature.objects.filter(petition=petition, state=Signature.State.CONFIRMED).count()
