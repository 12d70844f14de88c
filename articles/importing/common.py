"""What feed and JSON imports share: text clean-up, dates, lookups, and saving
each item in its own transaction (whole or not at all)."""

import html
import re
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import nh3
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from articles.models import Category, Source, slug_for

SUMMARY_LENGTH = 300

# Zone abbreviations email.utils does not know, common in the feeds this site reads.
ZONE_ABBREVIATIONS = {
    "WET": 0, "WEST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3,
    "BST": 1, "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11,
}  # fmt: skip
_TRAILING_ZONE = re.compile(r"\s([A-Z]{3,4})$")


# Where one block of text ends and the next begins: a space in plain text.
_BLOCK_BREAK = re.compile(
    r"<(?:br|hr|/?(?:p|div|li|ul|ol|h[1-6]|blockquote|tr|td|th|table|pre|section|article))\b[^>]*>",
    re.IGNORECASE,
)


def plain_text(markup):
    """HTML (a title, a description) to one line of plain text: no tags, no entities."""
    text = html.unescape(nh3.clean(_BLOCK_BREAK.sub(" ", markup or ""), tags=set()))
    return " ".join(text.split())


def summary_from(markup, length=SUMMARY_LENGTH):
    """A plain-text summary of at most `length` characters, cut at a word."""
    text = plain_text(markup)
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def parse_datetime(raw):
    """An RFC 822 or ISO 8601 time as an aware datetime, keeping its offset.

    Returns (datetime or None, has_zone). A time without a zone is read as UTC.
    """
    raw = (raw or "").strip()
    if not raw:
        return None, False
    parsed = None
    try:
        parsed = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        try:
            parsed = datetime.fromisoformat(raw)
        except ValueError:
            return None, False
    if parsed.tzinfo is None:
        zone = _TRAILING_ZONE.search(raw)
        if zone and zone.group(1) in ZONE_ABBREVIATIONS:
            offset = timedelta(hours=ZONE_ABBREVIATIONS[zone.group(1)])
            return parsed.replace(tzinfo=timezone(offset, zone.group(1))), True
        return parsed.replace(tzinfo=UTC), False
    return parsed, True


def host_of(url):
    host = (urlsplit(url or "").hostname or "").lower()
    return host.removeprefix("www.")


def find_or_create_source(*, name, domain="", url=""):
    """The Source called `name` (any case), created with `domain` (or url's host) if new."""
    found = Source.objects.filter(name__iexact=name).first()
    if found:
        return found
    source = Source(name=name, domain=domain or host_of(url))
    source.full_clean()
    source.save()
    return source


class CategoryMatcher:
    """Site categories by name, case-insensitively, or by slug ("U.S.-Russia" = "U.S.–Russia")."""

    def __init__(self):
        self.by_key = {}
        for category in Category.objects.all():
            self.by_key[category.name.casefold()] = category
            self.by_key.setdefault(category.slug, category)

    def find(self, name):
        name = " ".join(str(name).split())
        return self.by_key.get(name.casefold()) or self.by_key.get(slug_for(name))

    def find_or_create(self, name):
        """Created categories are not remembered: the item's transaction may roll back."""
        name = " ".join(str(name).split())
        found = self.find(name) or Category.objects.filter(name__iexact=name).first()
        if found is None:
            found = Category(name=name)
            found.full_clean(exclude=["slug"])
            found.save()
        return found


def describe(error):
    """A ValidationError as one line: "title: This field cannot be blank."."""
    if hasattr(error, "error_dict"):
        parts = []
        for field, errors in error.message_dict.items():
            text = " ".join(errors)
            parts.append(text if field == NON_FIELD_ERRORS else f"{field}: {text}")
        return "; ".join(parts)
    return " ".join(error.messages)


def import_item(run, index, label, save, *args):
    """Run save(*args) in its own transaction and count what it returns ("created",
    "updated" or "unchanged"); if it fails validation, nothing of it is kept and
    the run records why. True if the item was saved."""
    try:
        with transaction.atomic():
            run.count(save(*args))
    except ValidationError as error:
        run.reject(index, label, describe(error))
    except DatabaseError as error:
        run.reject(index, label, _("could not be saved: %(error)s") % {"error": error})
    else:
        return True
    return False


def set_changed(instance, values):
    """Set the fields whose values differ; True if any did."""
    changed = False
    for field, value in values.items():
        if getattr(instance, field) != value:
            setattr(instance, field, value)
            changed = True
    return changed
