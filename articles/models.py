import re
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from truthsite.page_cache import bump_version
from truthsite.text import render_markdown, split_html

# Bumped whenever published content changes; cached pages and fragments key on it.
CONTENT_VERSION_KEY = "articles:content-version"


def bump_content_version():
    """Now, so this process reads fresh at once, and again after the commit, so a page
    another process built from the rows before the commit is stored under a dead key."""
    bump_version(CONTENT_VERSION_KEY)
    transaction.on_commit(partial(bump_version, CONTENT_VERSION_KEY))


def slug_for(text):
    """'U.S.–Russia Relations' -> 'us-russia-relations'; dashes and '&' separate words."""
    text = re.sub(r"(?<=[^\W\d_])\.(?=[^\W\d_])", "", str(text))
    return slugify(re.sub(r"[^\w\s-]", " ", text))


def unique_slug(model, text, *, instance_pk=None, max_length=200):
    """A slug from text, suffixed -2, -3 ... until no other row of model has it."""
    base = (slug_for(text) or "item")[: max_length - 8].strip("-")
    slug, n = base, 1
    others = model._default_manager.exclude(pk=instance_pk)

    def taken(candidate):
        # An article's former slug stays reserved: its old links must keep redirecting.
        if (
            model is Article
            and SlugRedirect.objects.filter(old_slug=candidate)
            .exclude(article_id=instance_pk)
            .exists()
        ):
            return True
        return others.filter(slug=candidate).exists()

    while taken(slug):
        n += 1
        slug = f"{base}-{n}"
    return slug


class Source(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    domain = models.CharField(
        _("homepage domain"), max_length=253, help_text=_("For example ukrinform.net")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.domain = self.domain.strip().lower().removeprefix("www.")
        super().save(*args, **kwargs)


class Category(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Category, self.name, instance_pk=self.pk)
        super().save(*args, **kwargs)
        bump_content_version()

    def get_absolute_url(self):
        return reverse("articles:category", kwargs={"slug": self.slug})


def published_filter(prefix="", now=None):
    """The rule for what readers may see: not a draft, and its publish time has come.

    A scheduled article needs no cron job: it appears once now passes its time.
    `prefix` applies the rule across a relation, e.g. "articles__" from Category.
    """
    return Q(
        **{
            f"{prefix}status__in": [Article.Status.SCHEDULED, Article.Status.PUBLISHED],
            f"{prefix}publish_at__lte": now or timezone.now(),
        }
    )


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        return self.filter(published_filter(now=now))

    def in_any_category(self, category_ids):
        """Articles filed under any of these categories, each once. A semi-join (EXISTS),
        not a JOIN with DISTINCT: newest-first, it walks the publication-time index and
        stops after the few it needs instead of sorting every article of the categories."""
        filed = Article.categories.through.objects.filter(
            article_id=OuterRef("pk"), category_id__in=category_ids
        )
        return self.filter(Exists(filed))

    def for_listing(self):
        """What list pages show of each article, in a constant number of queries."""
        return (
            self.select_related("source")
            .prefetch_related("categories")
            .only(
                "id",
                "title",
                "slug",
                "summary",
                "publish_at",
                "original_published_at",
                "source_url",
                "source__name",
                "source__domain",
            )  # fmt: skip
            .order_by("-publish_at", "-id")
        )


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_queryset(self):
        # Only SQL reads the search vector; loading it would cost kilobytes per row,
        # and saving a loaded copy back could overwrite a fresher one.
        return super().get_queryset().defer("search_vector", "search_title_vector")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="articles",
    )  # fmt: skip
    source_url = models.URLField(
        _("source URL"), max_length=1000, unique=True, null=True, blank=True,
        help_text=_("The original article. Unique: importing it again updates this article."),
    )  # fmt: skip
    original_published_at = models.DateTimeField(
        _("original publication time"), null=True, blank=True
    )
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown."))
    body_html = models.TextField(editable=False, blank=True)
    categories = models.ManyToManyField(
        Category, verbose_name=_("categories"), blank=True, related_name="articles"
    )
    tags = TaggableManager(_("tags"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(
        _("publish time"), null=True, blank=True,
        help_text=_("When readers first see it. Empty when published means now."),
    )  # fmt: skip
    is_featured = models.BooleanField(_("featured"), default=False)
    petition = models.ForeignKey(
        "petitions.Petition", verbose_name=_("petition"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="articles",
        help_text=_("“Sign Our Petition” leads here while it is open, else to the featured one."),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    last_editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("last editor"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    # PostgreSQL only (NULL on SQLite, which searches an FTS5 table instead); written
    # by articles.search.refresh_search_index, GIN-indexed by migration 0002 (not in
    # Meta.indexes: SQLite could not rebuild a GIN index when it remakes this table).
    # The full weighted text finds matches; title and summary alone rank them.
    search_vector = SearchVectorField(null=True, editable=False)
    search_title_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleManager()

    class Meta:
        ordering = ["-publish_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            # Published ids without reading the table: counts, and joins to categories
            # and tags, come from the index alone.
            models.Index(fields=["status", "-publish_at", "id"], name="article_published_ids_idx"),
            models.Index(fields=["-publish_at", "-id"], name="article_publish_idx"),
            # The newest edit (sitemaps' and feeds' lastmod, "last updated").
            models.Index(fields=["-updated_at"], name="article_updated_idx"),
        ]
        permissions = [("preview_article", _("Can preview unpublished articles"))]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Article, self.title, instance_pk=self.pk)
        if self.status != self.Status.DRAFT and self.publish_at is None:
            self.publish_at = timezone.now()
        if self.status == self.Status.PUBLISHED and self.publish_at > timezone.now():
            self.status = self.Status.SCHEDULED
        self.source_url = self.source_url or None
        self.body_html = render_markdown(self.body)
        with transaction.atomic():
            if self.pk:
                old_slug = Article.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
                if old_slug and old_slug != self.slug:
                    SlugRedirect.objects.update_or_create(
                        old_slug=old_slug, defaults={"article": self}
                    )
            super().save(*args, **kwargs)
            # A slug given back to this article must not redirect away from it.
            SlugRedirect.objects.filter(old_slug=self.slug, article=self).delete()
        bump_content_version()

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    @property
    def last_modified(self):
        """When readers last saw it change: its publication or a later edit (sections
        included: saving one touches updated_at). For feeds, sitemaps, metadata."""
        return max(stamp for stamp in (self.updated_at, self.publish_at) if stamp)

    @property
    def is_published(self):
        return (
            self.status != self.Status.DRAFT
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    def sharing_metadata(self):
        """Canonical URL, description, Open Graph, Twitter card and NewsArticle JSON-LD
        for this article's page (articles/seo.py; rendered by articles/_metadata.html)."""
        from articles.seo import article_metadata

        return article_metadata(self)

    def body_parts(self, threshold):
        """The body as (lead, rest): rest is what an "Expand" control reveals."""
        return split_html(self.body_html, threshold)

    def sections_in_order(self):
        """Opinion, Action, To Do (whichever exist), from prefetched rows if present."""
        order = {kind: i for i, kind in enumerate(CommentarySection.Kind.values)}
        return sorted(self.sections.all(), key=lambda section: order[section.kind])


class SlugRedirect(models.Model):
    """An article's former slug, so old links answer 301 to the current URL."""

    old_slug = models.SlugField(max_length=200, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_slugs")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("former slug")
        verbose_name_plural = _("former slugs")

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"


class CommentarySection(models.Model):
    class Kind(models.TextChoices):
        OPINION = "opinion", _("Opinion")
        ACTION = "action", _("Action")
        TODO = "todo", _("To Do")

    class Provenance(models.TextChoices):
        EDITOR = "editor", _("Written by an editor")
        AI_GENERATED = "ai", _("AI-generated")
        AI_REVIEWED = "ai_reviewed", _("AI-assisted, reviewed by an editor")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="sections"
    )
    kind = models.CharField(_("section"), max_length=10, choices=Kind.choices)
    body = models.TextField(_("body"), help_text=_("Markdown: headings, lists, bold, links."))
    body_html = models.TextField(editable=False, blank=True)
    provenance = models.CharField(
        _("provenance"), max_length=12, choices=Provenance.choices, default=Provenance.EDITOR
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("commentary section")
        verbose_name_plural = _("commentary sections")
        constraints = [
            models.UniqueConstraint(fields=["article", "kind"], name="one_section_of_each_kind"),
            models.CheckConstraint(
                condition=~Q(provenance="ai_reviewed") | Q(reviewed_at__isnull=False),
                name="reviewed_sections_have_review_time",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.article}"

    def save(self, *args, **kwargs):
        self.clean()
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)
        bump_content_version()

    def clean(self):
        # Marking a section reviewed records when, before constraints are checked.
        if self.provenance == self.Provenance.AI_REVIEWED and self.reviewed_at is None:
            self.reviewed_at = timezone.now()


# Importing: feed sources, what each feed item last said, and a record of every run.


class FeedSourceQuerySet(models.QuerySet):
    def due(self, now=None):
        """Active sources whose next fetch time has come (or was never set)."""
        return self.filter(
            Q(next_fetch_at__isnull=True) | Q(next_fetch_at__lte=now or timezone.now()),
            is_active=True,
        )


class FeedSource(models.Model):
    """An RSS or Atom feed polled for new articles (see articles.importing)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    feed_url = models.URLField(_("feed URL"), max_length=1000, unique=True)
    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.PROTECT, related_name="feeds",
        help_text=_("The publication its articles are credited to."),
    )  # fmt: skip
    default_categories = models.ManyToManyField(
        Category, verbose_name=_("default categories"), blank=True, related_name="+",
        help_text=_("Given to every article from this feed, besides the feed's own categories "
                    "that match a site category by name."),
    )  # fmt: skip
    publish_directly = models.BooleanField(
        _("publish directly"), default=False,
        help_text=_("Publish new articles at once instead of saving them as drafts."),
    )  # fmt: skip
    is_active = models.BooleanField(_("active"), default=True)
    fetch_interval = models.PositiveIntegerField(
        _("fetch interval (minutes)"), default=60, validators=[MinValueValidator(5)]
    )
    next_fetch_at = models.DateTimeField(
        _("next fetch"), null=True, blank=True, help_text=_("Empty means as soon as possible.")
    )
    last_fetched_at = models.DateTimeField(_("last fetched"), null=True, blank=True)
    last_run = models.ForeignKey(
        "ImportRun", verbose_name=_("last result"), on_delete=models.SET_NULL, null=True,
        blank=True, editable=False, related_name="+",
    )  # fmt: skip
    # HTTP validators from the last full response, sent back for a conditional GET.
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)

    objects = FeedSourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("feed source")
        verbose_name_plural = _("feed sources")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self.pk and (update_fields is None or "feed_url" in update_fields):
            old_url = FeedSource.objects.filter(pk=self.pk).values_list("feed_url", flat=True)
            if old_url and old_url[0] != self.feed_url:
                # Validators belong to the old address.
                self.etag = self.last_modified = ""
        super().save(*args, **kwargs)

    def schedule_next_fetch(self, now):
        self.last_fetched_at = now
        self.next_fetch_at = now + timedelta(minutes=self.fetch_interval)


class FeedItem(models.Model):
    """What a feed last said about an article, by source URL.

    Polling compares the item with this fingerprint, not with the article, so an
    editor's later changes survive until the source itself changes the item, and
    an imported article an editor deleted is not imported again.
    """

    source_url = models.URLField(max_length=1000, unique=True)
    feed_source = models.ForeignKey(
        FeedSource, on_delete=models.SET_NULL, null=True, blank=True, related_name="items"
    )
    fingerprint = models.CharField(max_length=64)
    first_seen_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("imported feed item")
        verbose_name_plural = _("imported feed items")

    def __str__(self):
        return self.source_url


class ImportRun(models.Model):
    """One import (a feed fetch or a JSON file) and what it did, for the admin."""

    class Kind(models.TextChoices):
        FEED = "feed", _("Feed")
        JSON = "json", _("JSON")

    class Outcome(models.TextChoices):
        RUNNING = "running", _("Running")
        OK = "ok", _("Imported")
        NOT_MODIFIED = "not_modified", _("Not modified")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices)
    feed_source = models.ForeignKey(
        FeedSource, verbose_name=_("feed source"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="runs",
    )  # fmt: skip
    location = models.CharField(_("from"), max_length=1000, blank=True)
    started_at = models.DateTimeField(_("started"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.RUNNING
    )
    error = models.TextField(_("error"), blank=True)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    # [{"index": 3, "item": "<title or URL>", "reason": "..."}], numbered from 1.
    rejections = models.JSONField(_("rejections"), default=list, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")

    def __str__(self):
        started = timezone.localtime(self.started_at)
        return f"{self.get_kind_display()} {self.location} ({started:%Y-%m-%d %H:%M})"

    def count(self, result):
        """Count one item: result is "created", "updated" or "unchanged"."""
        setattr(self, result, getattr(self, result) + 1)

    def reject(self, index, item, reason):
        self.rejected += 1
        self.rejections.append({"index": index, "item": str(item)[:200], "reason": reason})

    def warn(self, index, item, message):
        self.warnings.append({"index": index, "item": str(item)[:200], "reason": message})

    def finish(self, outcome=Outcome.OK, error=""):
        self.outcome, self.error, self.finished_at = outcome, error, timezone.now()
        self.save()
        return self

    @property
    def summary(self):
        if self.outcome == self.Outcome.FAILED:
            return _("failed: %(error)s") % {"error": self.error}
        if self.outcome == self.Outcome.NOT_MODIFIED:
            return _("not modified since the last fetch")
        return _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
                 "%(rejected)d rejected") % {  # fmt: skip
            "created": self.created, "updated": self.updated,
            "unchanged": self.unchanged, "rejected": self.rejected,
        }  # fmt: skip

    def report_lines(self):
        """The run as lines of text: summary, then each rejection and warning."""
        lines = [f"{self.location or self.get_kind_display()}: {self.summary}"]
        for label, entries in (("rejected", self.rejections), ("warning", self.warnings)):
            for entry in entries:
                where = " ".join(
                    part
                    for part in (entry["index"] and f"#{entry['index']}", entry["item"])
                    if part
                )
                lines.append(f"  {label} {where}: {entry['reason']}" if where else
                             f"  {label}: {entry['reason']}")  # fmt: skip
        return lines
