"""Abuse control shared by every public form: hashed IPs, per-IP limits, honeypots.

No CAPTCHAs. Counters live in the cache (Redis in production), so every web
process on every host shares them. IP addresses are never stored in clear: only
salted hashes, so abuse can be traced by network without keeping who people are.
"""

import hashlib
import hmac
import ipaddress
import re
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _


def client_ip(request):
    """The visitor's address; trusts X-Forwarded-For only behind a known proxy."""
    address = request.META.get("REMOTE_ADDR", "")
    if getattr(settings, "TRUSTED_PROXY_COUNT", 0):
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= settings.TRUSTED_PROXY_COUNT:
            address = forwarded[-settings.TRUSTED_PROXY_COUNT]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        # A placeholder to hash for an unparseable address; nothing binds to it.
        return "0.0.0.0"  # nosec B104


_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]+")


def user_agent(request, *, max_length=300):
    """The browser's name for itself, fit to store: control characters (NUL among
    them, which PostgreSQL refuses in text) become spaces; cut to max_length."""
    raw = request.META.get("HTTP_USER_AGENT", "")
    return " ".join(_CONTROL_CHARACTERS.sub(" ", raw).split())[:max_length]


def network_of(ip):
    """IPv4 as is; IPv6 by its /64, since one household or phone owns a whole /64."""
    parsed = ipaddress.ip_address(ip)
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(parsed)


def hash_ip(ip):
    """A salted, keyed hash of the visitor's network; stable, not reversible."""
    salt = getattr(settings, "IP_HASH_SALT", "") or settings.SECRET_KEY
    digest = hmac.new(salt.encode(), network_of(ip).encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def over_limit(scope, key, *, limit, window):
    """Count one attempt for (scope, key) in a fixed window; True once past limit."""
    bucket = int(time.time() // window)
    cache_key = f"ratelimit:{scope}:{key}:{bucket}"
    cache.add(cache_key, 0, window + 5)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, window + 5)
        count = 1
    return count > limit


def too_many_requests(request, message=None):
    """The clear "slow down" page, HTTP 429, with when to try again."""
    response = render(
        request,
        "429.html",
        {"message": message or _("Too many attempts from your network. Please try again later.")},
        status=429,
    )
    response["Retry-After"] = "3600"
    return response


class HumanCheckFormMixin(forms.Form):
    """A honeypot field people never see and a signed time the form was shown.

    Bots fill every field and post at once; people leave the hidden one empty and
    take a few seconds. Both checks fail with one neutral form error.
    """

    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form_started = forms.CharField(required=False, widget=forms.HiddenInput)

    min_fill_seconds = 2
    max_form_age = 60 * 60 * 24

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form_started"].initial = signing.dumps(time.time(), salt="form-started")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(_("Your submission could not be accepted."))
        try:
            started = signing.loads(
                cleaned.get("form_started") or "", salt="form-started", max_age=self.max_form_age
            )
        except signing.BadSignature:
            raise forms.ValidationError(
                _("This form has expired. Please check your details and send it again.")
            ) from None
        if time.time() - float(started) < self.min_fill_seconds:
            raise forms.ValidationError(
                _("That was quicker than we expected. Please check your details and send again.")
            )
        return cleaned
