"""Builders for subscription test data."""

import itertools
import re
import smtplib
import time

from django.core import mail, signing
from django.core.mail.backends import smtp
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from subscriptions.models import Subscriber

_counter = itertools.count(1)


def make_subscriber(*, categories=(), **fields):
    """An active, confirmed subscriber unless told otherwise."""
    n = next(_counter)
    now = timezone.now()
    fields.setdefault("email", f"reader{n}@example.org")
    fields.setdefault("status", Subscriber.Status.ACTIVE)
    fields.setdefault("frequency", Subscriber.Frequency.DAILY)
    fields.setdefault("consented_at", now)
    fields.setdefault("consent_text", "I agree.")
    if fields["status"] == Subscriber.Status.ACTIVE:
        fields.setdefault("confirmed_at", now)
    subscriber = Subscriber.objects.create(**fields)
    if categories:
        subscriber.categories.set(categories)
    return subscriber


def signup_data(**overrides):
    """A valid POST for the sign-up form, shown long enough ago to pass the time check."""
    data = {
        "email": "Reader.One@Example.org",
        "frequency": "daily",
        "source": "page",
        "website": "",
        "form_started": signing.dumps(time.time() - 10, salt="form-started"),
    }
    data.update(overrides)
    return data


def links_in(message):
    """Every http(s) link in a message's plain-text body."""
    return re.findall(r"https?://\S+", message.body)


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


def digests_to(address):
    return [m for m in mail.outbox if address in m.to and "List-Unsubscribe" in m.extra_headers]


class Crash(BaseException):
    """Stands for the process dying: not an error the sender handles."""


class ScriptedBackend(BaseEmailBackend):
    """Delivers to mail.outbox, but can crash, refuse or fail on chosen calls.

    `script` maps the call number (1-based) to an exception to raise instead of
    delivering; calls are counted across instances through the class attribute.
    """

    script = {}
    calls = 0
    refuse = set()  # addresses answered with 550

    def send_messages(self, messages):
        for message in messages:
            type(self).calls += 1
            error = self.script.get(type(self).calls)
            if error is not None:
                raise error
            for address in message.to:
                if address in self.refuse:
                    raise smtplib.SMTPRecipientsRefused({address: (550, b"no such user")})
            mail.outbox.append(message)
        return len(messages)

    @classmethod
    def reset(cls, *, script=None, refuse=()):
        cls.script = script or {}
        cls.calls = 0
        cls.refuse = set(refuse)


class FakeSMTPConnection:
    """Stands in for smtplib.SMTP: keeps what sendmail() was given."""

    sent = []

    def sendmail(self, from_address, recipients, raw):
        type(self).sent.append((from_address, list(recipients), raw))
        return {}

    def quit(self):
        pass

    def close(self):
        pass


class FakeSMTPBackend(smtp.EmailBackend):
    """Django's SMTP backend, with the network connection replaced by FakeSMTPConnection."""

    def open(self):
        if self.connection is not None:
            return False
        self.connection = FakeSMTPConnection()
        return True

    def close(self):
        self.connection = None
