"""Sitemaps: a base class with absolute URLs from SITE_URL, the site's own pages, and
the index at /sitemap.xml listing every page of every section (truthsite/urls.py names
the sections; each app defines its own)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.template.response import TemplateResponse
from django.urls import reverse

from articles.services import last_updated


def w3c_datetime(value):
    """A lastmod: whole seconds (the W3C datetime profile the protocol asks for)."""
    return value.replace(microsecond=0) if value else None


class SiteSitemap(Sitemap):
    """Locations are absolute from SITE_URL, whichever host the request used."""

    limit = settings.SITEMAP_PAGE_SIZE

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class PagesSitemap(SiteSitemap):
    def items(self):
        return ["home", "articles:categories"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return w3c_datetime(last_updated())

    def get_latest_lastmod(self):
        return w3c_datetime(last_updated())


@x_robots_tag
def sitemap_index(request, sitemaps):
    """/sitemap.xml: each section's sitemap, one entry per page of it."""
    entries = []
    for section, sitemap_class in sitemaps.items():
        sitemap = sitemap_class()
        url = settings.SITE_URL + reverse("sitemap_section", kwargs={"section": section})
        lastmod = sitemap.get_latest_lastmod()
        entries.append(SitemapIndexItem(url, lastmod))
        for page in range(2, sitemap.paginator.num_pages + 1):
            entries.append(SitemapIndexItem(f"{url}?p={page}", lastmod))
    return TemplateResponse(
        request, "sitemaps/index.xml", {"sitemaps": entries}, content_type="application/xml"
    )
