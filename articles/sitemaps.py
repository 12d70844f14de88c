from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, Max, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles.models import Article, Category
from truthsite.models import SiteSettings
from truthsite.sitemaps import SiteSitemap, w3c_datetime

NEWS_WINDOW = timedelta(days=2)  # Google News takes articles of the last two days,
NEWS_LIMIT = 1000  # at most this many per sitemap


def _latest(*stamps):
    return w3c_datetime(max((stamp for stamp in stamps if stamp), default=None))


class ArticleSitemap(SiteSitemap):
    def items(self):
        # In id order, so new articles land on the last page and earlier pages stay put.
        return Article.objects.published().only("slug", "publish_at", "updated_at").order_by("id")

    def lastmod(self, article):
        return w3c_datetime(article.last_modified)

    def get_latest_lastmod(self):
        stamps = Article.objects.published().aggregate(Max("updated_at"), Max("publish_at"))
        return _latest(*stamps.values())


class CategorySitemap(SiteSitemap):
    def items(self):
        # Per category, the newest of its articles by each time: a LIMIT 1 walk down that
        # time's index, not a pass over every article of every category.
        newest = Article.objects.published().filter(categories=OuterRef("pk"))
        return Category.objects.annotate(
            latest_update=Subquery(newest.order_by("-updated_at").values("updated_at")[:1]),
            latest_publication=Subquery(newest.order_by("-publish_at").values("publish_at")[:1]),
        ).order_by("order", "name")

    def lastmod(self, category):
        return _latest(category.latest_update, category.latest_publication)

    def get_latest_lastmod(self):
        return ArticleSitemap().get_latest_lastmod()


class TagSitemap(SiteSitemap):
    def items(self):
        # Tags with a published article. A LIMIT 1 subquery per tag: it stops at the tag's
        # first published article (an index probe or two), where EXISTS would be planned
        # as a pass over every tagged item.
        published = Article.objects.published().filter(pk=OuterRef("object_id"))
        first_published = (
            TaggedItem.objects.filter(
                tag_id=OuterRef("pk"), content_type=ContentType.objects.get_for_model(Article)
            )
            .filter(Exists(published))
            .values("pk")[:1]
        )
        return (
            Tag.objects.annotate(first_published=Subquery(first_published))
            .filter(first_published__isnull=False)
            .order_by("pk")
        )

    def location(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})


class NewsSitemap(SiteSitemap):
    """Google News: articles published in the last two days, newest first."""

    limit = NEWS_LIMIT

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return (
            Article.objects.published()
            .filter(publish_at__gte=since)
            .only("title", "slug", "publish_at", "updated_at")
            .order_by("-publish_at", "-id")[:NEWS_LIMIT]
        )

    def lastmod(self, article):
        return w3c_datetime(article.last_modified)

    def get_urls(self, page=1, site=None, protocol=None):
        publication = {
            "name": SiteSettings.current().name,
            "language": settings.LANGUAGE_CODE.split("-")[0],
        }
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            url["publication"] = publication
            url["publication_date"] = w3c_datetime(url["item"].publish_at)
        return urls
