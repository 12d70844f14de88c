from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles.models import Article, Category, published_filter
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
        published = published_filter("articles__")
        return Category.objects.annotate(
            latest_update=Max("articles__updated_at", filter=published),
            latest_publication=Max("articles__publish_at", filter=published),
        ).order_by("order", "name")

    def lastmod(self, category):
        return _latest(category.latest_update, category.latest_publication)

    def get_latest_lastmod(self):
        return ArticleSitemap().get_latest_lastmod()


class TagSitemap(SiteSitemap):
    def items(self):
        tagged = TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(Article),
            object_id__in=Article.objects.published().values("pk"),
        )
        return Tag.objects.filter(pk__in=tagged.values("tag_id")).order_by("pk")

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
