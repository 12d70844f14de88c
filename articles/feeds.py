"""RSS 2.0 and Atom 1.0 feeds of published articles: the whole site, a category, a tag.

Each item names the original source the way each format provides for it: RSS 2.0's
<source url="..."> element and Atom's <link rel="via">. Links are absolute from
SITE_URL; a feed costs the same few queries whatever its length.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, rfc3339_date
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from taggit.models import Tag

from articles.models import Article, Category
from articles.search import plain_text
from truthsite.models import SiteSettings

DCTERMS = "http://purl.org/dc/terms/"


def absolute(path):
    return settings.SITE_URL + path


class SourcedRssFeed(Rss201rev2Feed):
    """RSS 2.0 with each item's original source and its last modification time."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dcterms": DCTERMS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("updateddate"):
            handler.addQuickElement("dcterms:modified", rfc3339_date(item["updateddate"]))
        if item.get("source_url"):
            handler.addQuickElement("source", item["source_name"], {"url": item["source_url"]})


class SourcedAtomFeed(Atom1Feed):
    """Atom 1.0 with each entry's original source as <link rel="via"> (RFC 4287 4.2.7.2)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("source_url"):
            handler.addQuickElement(
                "link", "", {"rel": "via", "href": item["source_url"], "title": item["source_name"]}
            )


class ArticlesFeed(Feed):
    """The latest published articles of the whole site (RSS 2.0)."""

    feed_type = SourcedRssFeed
    url_name = "articles:feed"
    language = settings.LANGUAGE_CODE.split("-")[0]
    item_guid_is_permalink = False

    # The feed itself -------------------------------------------------------
    def feed_kwargs(self, obj):
        return {}

    def title(self, obj):
        return SiteSettings.current().name

    def link(self, obj):
        return absolute(reverse("home"))

    def feed_url(self, obj):
        return absolute(reverse(self.url_name, kwargs=self.feed_kwargs(obj)))

    def description(self, obj):
        site = SiteSettings.current()
        return site.tagline or site.name

    def author_name(self, obj):
        return SiteSettings.current().name

    def feed_copyright(self, obj):
        return SiteSettings.current().copyright_line(timezone.localtime().year)

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj):
        return (
            self.articles(obj)
            .select_related("source")
            .prefetch_related("categories", "tags")
            .only(
                "id",
                "title",
                "slug",
                "summary",
                "body_html",
                "publish_at",
                "created_at",
                "updated_at",
                "source_url",
                "source__name",
                "source__domain",
            )  # fmt: skip
            .order_by("-publish_at", "-id")[: settings.FEED_ITEMS]
        )

    # Each item -------------------------------------------------------------
    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_description(self, item):
        # Both formats carry the summary as HTML: escaped, so it reads as written.
        text = item.summary or Truncator(plain_text(item.body_html)).words(60)
        return escape(text)

    def item_guid(self, item):
        # A tag: URI (RFC 4151) survives a change of slug, unlike the link.
        host = urlsplit(settings.SITE_URL).hostname or "localhost"
        return f"tag:{host},{item.created_at:%Y-%m-%d}:article:{item.pk}"

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.last_modified

    def item_categories(self, item):
        return [category.name for category in item.categories.all()] + sorted(
            (tag.name for tag in item.tags.all()), key=str.lower
        )

    def item_extra_kwargs(self, item):
        if not item.source and not item.source_url:
            return {}
        url = item.source_url or f"https://{item.source.domain}/"
        name = item.source.name if item.source else urlsplit(url).hostname
        return {"source_url": url, "source_name": name}


class AtomFeedMixin:
    feed_type = SourcedAtomFeed

    def subtitle(self, obj):
        return self.description(obj)


class AtomArticlesFeed(AtomFeedMixin, ArticlesFeed):
    url_name = "articles:feed_atom"


class NamedGroupFeed(ArticlesFeed):
    """The articles of one category or tag, found by its slug."""

    model = None

    def get_object(self, request, slug):
        return get_object_or_404(self.model, slug=slug)

    def feed_kwargs(self, obj):
        return {"slug": obj.slug}

    def title(self, obj):
        return f"{SiteSettings.current().name}: {obj.name}"


class CategoryFeed(NamedGroupFeed):
    model = Category
    url_name = "articles:category_feed"

    def link(self, obj):
        return absolute(obj.get_absolute_url())

    def description(self, obj):
        return obj.description or _("Articles in %(category)s") % {"category": obj.name}

    def articles(self, obj):
        return Article.objects.published().filter(categories=obj)


class CategoryAtomFeed(AtomFeedMixin, CategoryFeed):
    url_name = "articles:category_feed_atom"


class TagFeed(NamedGroupFeed):
    model = Tag
    url_name = "articles:tag_feed"

    def link(self, obj):
        return absolute(reverse("articles:tag", kwargs={"slug": obj.slug}))

    def description(self, obj):
        return _("Articles tagged “%(tag)s”") % {"tag": obj.name}

    def articles(self, obj):
        return Article.objects.published().filter(tags=obj)


class TagAtomFeed(AtomFeedMixin, TagFeed):
    url_name = "articles:tag_feed_atom"
