"""Signed links for subscribers: confirm (expiring, single use), manage, unsubscribe.

Each kind has its own salt, so one kind of token never works as another. Manage
and unsubscribe links do not expire but carry the subscriber's secret: replacing
the secret revokes every link sent so far. The confirm link carries a nonce that
confirming clears, so it works once.
"""

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "subscriptions.confirm"
MANAGE_SALT = "subscriptions.manage"
UNSUBSCRIBE_SALT = "subscriptions.unsubscribe"


class InvalidToken(Exception):
    """Tampered, expired, revoked or already used; `expired` tells which kind."""

    def __init__(self, *, expired=False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def confirm_token(subscriber):
    return signing.dumps([subscriber.pk, subscriber.confirm_nonce], salt=CONFIRM_SALT)


def manage_token(subscriber):
    return signing.Signer(salt=MANAGE_SALT).sign_object([subscriber.pk, subscriber.secret])


def unsubscribe_token(subscriber):
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object([subscriber.pk, subscriber.secret])


def _pair(value):
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int)):
        raise InvalidToken
    return value


def read_confirm_token(token):
    """(subscriber id, nonce) from a confirm link younger than the configured age."""
    max_age = settings.SUBSCRIPTION_CONFIRM_DAYS * 24 * 60 * 60
    try:
        return _pair(signing.loads(token, salt=CONFIRM_SALT, max_age=max_age))
    except signing.SignatureExpired:
        raise InvalidToken(expired=True) from None
    except (signing.BadSignature, ValueError):
        raise InvalidToken from None


def _read_permanent(token, salt):
    try:
        return _pair(signing.Signer(salt=salt).unsign_object(token))
    except (signing.BadSignature, ValueError):
        raise InvalidToken from None


def read_manage_token(token):
    return _read_permanent(token, MANAGE_SALT)


def read_unsubscribe_token(token):
    return _read_permanent(token, UNSUBSCRIBE_SALT)
