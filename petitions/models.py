from functools import cache as memoise
from functools import partial

from babel import Locale
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Case, Q, Value, When
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _

from articles.models import unique_slug
from petitions.validators import reject_formula_start, validate_person_name, validate_postcode
from truthsite.page_cache import bump_version
from truthsite.text import render_markdown

# Bumped whenever a petition changes; cached petition lookups and pages key on it.
PETITIONS_VERSION_KEY = "petitions:version"

# Two-letter codes Babel knows that are not places people live in.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "AC", "CP", "DG", "EA", "IC", "TA"}


@memoise
def country_choices():
    """ISO 3166 alpha-2 codes with English names, sorted by name."""
    names = Locale("en").territories
    return sorted(
        ((code, name) for code, name in names.items()
         if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES),
        key=lambda item: item[1],
    )  # fmt: skip


def country_name(code):
    return dict(country_choices()).get(code, code)


def bump_petitions_version():
    """Now and again after the commit (see articles.models.bump_content_version)."""
    bump_version(PETITIONS_VERSION_KEY)
    transaction.on_commit(partial(bump_version, PETITIONS_VERSION_KEY))


def open_filter(prefix="", now=None):
    """The rule for a petition taking signatures: open, its opening time has come and
    its closing time (if any) has not. Closing needs no cron job: it happens at that time.
    """
    now = now or timezone.now()
    return Q(**{f"{prefix}status": Petition.Status.OPEN, f"{prefix}opens_at__lte": now}) & (
        Q(**{f"{prefix}closes_at__isnull": True}) | Q(**{f"{prefix}closes_at__gt": now})
    )


class PetitionQuerySet(models.QuerySet):
    def open(self, now=None):
        return self.filter(open_filter(now=now))

    def public(self, now=None):
        """What readers may see: open ones and those that have closed (never drafts)."""
        return self.exclude(status=Petition.Status.DRAFT).filter(
            opens_at__lte=now or timezone.now()
        )

    def featured(self, now=None):
        return self.open(now).filter(is_featured=True).order_by("-opens_at", "-id")

    def for_listing(self, now=None):
        """Open petitions first (featured, then newest), then the closed ones."""
        now = now or timezone.now()
        return (
            self.public(now)
            .annotate(
                open_now=Case(When(open_filter(now=now), then=Value(True)), default=Value(False)),
                featured_first=Case(
                    When(open_filter(now=now) & Q(is_featured=True), then=Value(True)),
                    default=Value(False),
                ),
            )
            .defer("body", "body_html")
            .order_by("-open_now", "-featured_first", "-opens_at", "-id")
        )


class Petition(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.TextField(
        _("summary"), max_length=600, help_text=_("One or two sentences: what you ask for.")
    )
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown."))
    body_html = models.TextField(editable=False, blank=True)
    recipient = models.CharField(
        _("addressed to"), max_length=200, help_text=_("For example: the U.S. Congress")
    )
    goal = models.PositiveIntegerField(_("goal"), default=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    opens_at = models.DateTimeField(
        _("opens at"), default=timezone.now, help_text=_("Signing starts at this time.")
    )
    closes_at = models.DateTimeField(
        _("closes at"), null=True, blank=True,
        help_text=_("Signing stops at this time, without anyone doing anything. Empty: no end."),
    )  # fmt: skip
    is_featured = models.BooleanField(
        _("featured"), default=False,
        help_text=_("Articles without a petition of their own link to the newest featured one."),
    )  # fmt: skip
    # Exact: changed only in the same transaction as the signature's own state.
    signature_count = models.PositiveIntegerField(_("signatures"), default=0, editable=False)
    anonymised_at = models.DateTimeField(_("signers anonymised"), null=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PetitionQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at", "-id"]
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        indexes = [models.Index(fields=["status", "opens_at"], name="petition_status_opens_idx")]
        permissions = [
            ("export_signatures", _("Can export confirmed signatures as CSV")),
            ("invalidate_signatures", _("Can invalidate signatures in bulk")),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Petition, self.title, instance_pk=self.pk)
        now = timezone.now()
        # A closed petition has a closing time in the past, so the open() rule and
        # anonymisation "some time after closing" both read one column.
        if self.status == self.Status.CLOSED and (self.closes_at is None or self.closes_at > now):
            self.closes_at = now
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)
        bump_petitions_version()

    def get_absolute_url(self):
        return reverse("petitions:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.closes_at and self.opens_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The closing time must be after the opening.")})

    @property
    def is_open(self):
        """open_filter() for one loaded petition."""
        now = timezone.now()
        return (
            self.status == self.Status.OPEN
            and self.opens_at <= now
            and (self.closes_at is None or self.closes_at > now)
        )

    @property
    def is_public(self):
        return self.status != self.Status.DRAFT and self.opens_at <= timezone.now()

    @property
    def progress_percent(self):
        """Share of the goal reached, capped at 100; one decimal below 10 so a start shows."""
        if not self.goal:
            return 100
        share = self.signature_count * 100 / self.goal
        if share >= 10:
            return min(100, int(share))
        return round(share, 1) if share else 0


def new_nonce():
    return get_random_string(24)


class Signature(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        INVALIDATED = "invalidated", _("Invalidated")

    petition = models.ForeignKey(
        Petition, verbose_name=_("petition"), on_delete=models.CASCADE, related_name="signatures"
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.PENDING
    )
    name = models.CharField(_("name"), max_length=100, validators=[validate_person_name])
    email = models.EmailField(_("email"), max_length=254, help_text=_("As typed; mail goes here."))
    email_normalised = models.CharField(
        _("normalised email"), max_length=254, db_index=True, editable=False
    )
    postcode = models.CharField(
        _("postcode"), max_length=12, blank=True, validators=[validate_postcode]
    )
    country = models.CharField(_("country"), max_length=2, choices=country_choices)
    comment = models.TextField(
        _("comment"), max_length=500, blank=True, validators=[reject_formula_start]
    )
    show_name = models.BooleanField(_("show first name publicly"), default=False)
    wants_newsletter = models.BooleanField(_("asked for the newsletter"), default=False)
    created_at = models.DateTimeField(_("signed"), default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    invalidated_at = models.DateTimeField(_("invalidated"), null=True, blank=True)
    invalidation_reason = models.CharField(_("invalidation reason"), max_length=200, blank=True)
    # Abuse control, kept until the signers' data is anonymised.
    ip_hash = models.CharField(_("hashed network"), max_length=64, blank=True, db_index=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    # Binds emailed links to this signature; cleared (so links die) on anonymisation.
    nonce = models.CharField(max_length=32, default=new_nonce, editable=False)
    confirmation_emails = models.PositiveSmallIntegerField(
        _("confirmation emails requested"), default=0, editable=False
    )
    email_failures = models.PositiveSmallIntegerField(
        _("failed sending attempts in a row"), default=0, editable=False
    )
    last_emailed_at = models.DateTimeField(_("last emailed"), null=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            # One live signature (awaiting confirmation or confirmed) per person per
            # petition, hence at most one confirmed. Anonymised rows have no email.
            models.UniqueConstraint(
                fields=["petition", "email_normalised"],
                condition=Q(state__in=["pending", "confirmed"]) & ~Q(email_normalised=""),
                name="one_live_signature_per_email",
            ),
            models.CheckConstraint(
                condition=~Q(state="confirmed") | Q(confirmed_at__isnull=False),
                name="confirmed_signatures_have_confirmed_at",
            ),
        ]
        indexes = [
            models.Index(
                fields=["petition", "state", "-confirmed_at"], name="signature_recent_idx"
            ),
        ]

    def __str__(self):
        return f"{self.name or _('(anonymised)')} — {self.petition_id}"

    @property
    def first_name(self):
        parts = self.name.split()
        return parts[0] if parts else ""

    @property
    def country_name(self):
        return country_name(self.country)


@receiver(post_delete, sender=Petition)
def petition_deleted(sender, **kwargs):
    # Saving bumps in save(); deleting (one or many, as the admin does) arrives here.
    bump_petitions_version()
