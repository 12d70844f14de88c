import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from articles.models import Category


def new_secret():
    return secrets.token_urlsafe(16)


class Subscriber(models.Model):
    """One mailbox that asked for digests, with the record of its consent.

    `email` is stored normalised (truthsite.email_addresses), so one mailbox is one row.
    `secret` is bound into every manage and unsubscribe link: replacing it revokes
    them all. `digest_cursor` is where the next digest starts: articles published
    after it and up to the next digest's window end.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending confirmation")
        ACTIVE = "active", _("Active")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        BOUNCED = "bounced", _("Bounced")

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    class Source(models.TextChoices):
        PAGE = "page", _("Subscribe page")
        FOOTER = "footer", _("Footer form")
        ARTICLE = "article", _("Article page form")
        PETITION = "petition", _("Petition form")
        IMPORT = "import", _("CSV import")

    email = models.EmailField(_("email"), max_length=254, unique=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    frequency = models.CharField(
        _("frequency"), max_length=6, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    categories = models.ManyToManyField(
        Category, verbose_name=_("categories"), blank=True, related_name="+",
        help_text=_("None chosen means every category."),
    )  # fmt: skip

    consented_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_source = models.CharField(
        _("consent given on"), max_length=10, choices=Source.choices, default=Source.PAGE
    )
    consent_text = models.TextField(_("wording shown"), blank=True)
    ip_hash = models.CharField(_("hashed network"), max_length=64, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    confirm_nonce = models.CharField(max_length=32, blank=True, editable=False)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    secret = models.CharField(max_length=32, default=new_secret, editable=False)

    digest_cursor = models.DateTimeField(_("digest cursor"), null=True, blank=True)
    hard_failures = models.PositiveSmallIntegerField(_("hard delivery failures"), default=0)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    status_reason = models.CharField(_("status reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        indexes = [
            models.Index(fields=["status", "frequency"], name="subscriber_due_idx"),
            models.Index(fields=["status", "created_at"], name="subscriber_pending_idx"),
        ]
        permissions = [
            ("export_subscribers", _("Can export subscribers and a person's data")),
            ("import_subscribers", _("Can import subscribers from CSV")),
        ]

    def __str__(self):
        return self.email

    @property
    def is_mailable(self):
        return self.status == self.Status.ACTIVE


class DigestDelivery(models.Model):
    """One subscriber's digest for one period: at most one row, so never sent twice.

    Planned with its article window and category choice fixed, so a rerun after a
    crash sends exactly what the first run would have sent.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Nothing new")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled (no longer subscribed)")

    subscriber = models.ForeignKey(
        Subscriber, verbose_name=_("subscriber"), on_delete=models.CASCADE,
        related_name="deliveries",
    )  # fmt: skip
    period = models.CharField(
        _("period"), max_length=20, help_text=_("daily:2026-11-27 or weekly:2026-W48")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    window_start = models.DateTimeField(_("articles after"))
    window_end = models.DateTimeField(_("articles up to"))
    category_ids = models.CharField(
        _("categories"), max_length=500, blank=True, help_text=_("Empty means all.")
    )
    article_count = models.PositiveIntegerField(_("articles"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    message_id = models.CharField(_("Message-ID"), max_length=200, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("digest delivery")
        verbose_name_plural = _("digest deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "period"], name="one_digest_per_subscriber_and_period"
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at", "id"],
                name="delivery_queue_idx",
                condition=Q(status="queued"),
            ),  # fmt: skip
            models.Index(fields=["period", "status"], name="delivery_period_idx"),
        ]

    def __str__(self):
        return f"{self.period} → {self.subscriber_id}"

    @property
    def category_id_list(self):
        return [int(part) for part in self.category_ids.split(",") if part]
