"""The articles app's public functions for the rest of the project."""

from django.core.cache import cache
from django.db.models import Max

from articles.models import CONTENT_VERSION_KEY, Article

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
