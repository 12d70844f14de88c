import re

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.cache import cache
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from truthsite.text import render_markdown, split_html

# Bumped whenever published content changes; page fragments key on it.
CONTENT_VERSION_KEY = "articles:content-version"


def bump_content_version():
    try:
        cache.incr(CONTENT_VERSION_KEY)
    except ValueError:
        cache.set(CONTENT_VERSION_KEY, 1, None)


def slug_for(text):
    """'U.S.–Russia Relations' -> 'us-russia-relations'; dashes and '&' separate words."""
    text = re.sub(r"(?<=[^\W\d_])\.(?=[^\W\d_])", "", str(text))
    return slugify(re.sub(r"[^\w\s-]", " ", text))


def unique_slug(model, text, *, instance_pk=None, max_length=200):
    """A slug from text, suffixed -2, -3 ... until no other row of model has it."""
    base = (slug_for(text) or "item")[: max_length - 8].strip("-")
    slug, n = base, 1
    others = model._default_manager.exclude(pk=instance_pk)
    while others.filter(slug=slug).exists():
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
            models.Index(fields=["status", "-publish_at"], name="article_status_publish_idx"),
            models.Index(fields=["-publish_at", "-id"], name="article_publish_idx"),
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
            SlugRedirect.objects.filter(old_slug=self.slug).delete()
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
