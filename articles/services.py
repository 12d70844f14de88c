"""The articles app's public functions for the rest of the project."""

from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import timezone

from articles.models import CONTENT_VERSION_KEY, Article, published_filter
from truthsite.page_cache import Dependency, remember

# 'Last updated' may lag a scheduled article's appearance by at most this long.
LAST_UPDATED_TTL = 60


def last_updated():
    """When the published site last changed (newest publication or edit)."""
    version = cache.get(CONTENT_VERSION_KEY, 0)
    key = f"articles:last-updated:{version}"
    found = cache.get(key)
    if found is None:
        stamps = Article.objects.published().aggregate(
            published=Max("publish_at"), updated=Max("updated_at")
        )
        values = [stamp for stamp in stamps.values() if stamp]
        found = max(values) if values else ""
        cache.set(key, found, LAST_UPDATED_TTL)
    return found or None


def next_scheduled_publication(now=None):
    """When the next scheduled article appears by itself (None: none is scheduled).

    Not only status "scheduled": published_filter() shows any non-draft article once its
    time has come, whatever wrote it."""
    return (
        Article.objects.filter(
            status__in=[Article.Status.SCHEDULED, Article.Status.PUBLISHED],
            publish_at__gt=now or timezone.now(),
        )
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )


# Cached pages (truthsite.page_cache) that show published articles, or anything every
# page shows (the site's name, "last updated"), depend on this: bumped by every change
# to articles, their sections, categories, tags, sources and the site settings, and
# due to change by itself when the next scheduled article appears.
ARTICLES = Dependency(CONTENT_VERSION_KEY, next_change=next_scheduled_publication)


def published_count(name, queryset):
    """queryset.count() of published articles, cached until the articles change: list
    pages show "page 3 of 5,000", and counting 100,000 rows on every request is slow."""
    return remember(f"articles:count:{name}", [ARTICLES], queryset.count)


def published_counts_by_category():
    """{category id: its published articles}: one pass over the category links, so
    cached until the articles change (the categories page shows every count)."""

    def count():
        filed = Article.categories.through.objects.filter(published_filter("article__"))
        return dict(
            filed.values("category_id").annotate(n=Count("id")).values_list("category_id", "n")
        )

    return remember("articles:category-counts", [ARTICLES], count)
