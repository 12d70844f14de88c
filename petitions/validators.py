"""Checks on what signers type, shared by the model and the form."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# Spreadsheets treat a cell starting with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@")

_URL = re.compile(
    r"[a-z][a-z0-9+.-]*://|www\.|\b[\w-]+\.(?:com|net|org|info|biz|io|ru|cn|xyz|top|site"
    r"|online|ly|me|co|uk|de|us|link|click)\b",
    re.IGNORECASE,
)
_NOT_IN_NAMES = re.compile(r"[<>{}\[\]\\|@#$%^*=_~`\x00-\x1f\x7f]")


def reject_formula_start(value):
    if value.lstrip()[:1] in FORMULA_PREFIXES:
        raise ValidationError(_("Please do not start with =, +, - or @."), code="formula")


def reject_links(value):
    if _URL.search(value):
        raise ValidationError(_("Please leave out web addresses."), code="link")


def validate_person_name(value):
    reject_formula_start(value)
    reject_links(value)
    if _NOT_IN_NAMES.search(value):
        raise ValidationError(
            _("Please use letters, spaces and ordinary punctuation (. ' -) only."),
            code="characters",
        )
    if len(value.strip()) < 2:
        raise ValidationError(_("Please enter your name."), code="short")


validate_postcode = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9 -]*$",
    _("Please enter letters, numbers, spaces or hyphens only."),
    code="postcode",
)
