"""Signed links in signers' emails: bound to one signature and its nonce, and dated.

django.core.signing (HMAC with SECRET_KEY, a salt per purpose, a timestamp) makes
them unforgeable; the nonce lets a link be killed without touching SECRET_KEY
(it is cleared when the signer's data is anonymised).
"""

from django.conf import settings
from django.core import signing

CONFIRM = "petitions.confirm"
WITHDRAW = "petitions.withdraw"


class InvalidLink(Exception):
    """Tampered, for another purpose, or for a signature that no longer exists."""


class ExpiredLink(Exception):
    """Genuine but too old; carries the signature so a fresh email can be offered."""

    def __init__(self, signature):
        super().__init__("link expired")
        self.signature = signature


def make_token(signature, *, purpose):
    return signing.dumps([signature.pk, signature.nonce], salt=purpose)


def max_age_for(purpose):
    # Confirmation links expire; a withdrawal link works for as long as the
    # signature keeps its personal data.
    return settings.PETITION_CONFIRM_MAX_AGE if purpose == CONFIRM else None


def signature_for_token(token, *, purpose):
    """The signature a link is for (with its petition); raises InvalidLink or ExpiredLink."""
    from petitions.models import Signature

    expired = False
    try:
        payload = signing.loads(token, salt=purpose, max_age=max_age_for(purpose))
    except signing.SignatureExpired:
        expired = True
        payload = signing.loads(token, salt=purpose)
    except signing.BadSignature:
        raise InvalidLink from None
    try:
        signature_id, nonce = payload
    except (TypeError, ValueError):
        raise InvalidLink from None
    if not nonce or not isinstance(signature_id, int):
        raise InvalidLink
    signature = (
        Signature.objects.select_related("petition")
        .defer("petition__body", "petition__body_html")
        .filter(pk=signature_id, nonce=nonce)
        .first()
    )
    if signature is None:
        raise InvalidLink
    if expired:
        raise ExpiredLink(signature)
    return signature
