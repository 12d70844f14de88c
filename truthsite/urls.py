from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles.services import ARTICLES
from articles.sitemaps import ArticleSitemap, CategorySitemap, NewsSitemap, TagSitemap
from petitions.services import PETITIONS
from petitions.sitemaps import PetitionSitemap
from truthsite import views
from truthsite.page_cache import reader_page
from truthsite.sitemaps import PagesSitemap, sitemap_index

# The sections of /sitemap.xml: another app's sitemap is one more line here.
SITEMAPS = {
    "pages": PagesSitemap,
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
    "petitions": PetitionSitemap,
}

# Reader pages from the page cache (truthsite/page_cache.py); sitemaps list petitions too.
sitemap_page = reader_page(ARTICLES, PETITIONS, query=("p",))

urlpatterns = [
    path("", reader_page(ARTICLES)(views.HomeView.as_view()), name="home"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("healthz", views.healthz, name="healthz"),
    path("privacy/", views.privacy, name="privacy"),
    path("admin/login/", views.admin_login, name="admin-login"),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap_page(sitemap_index), {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-news.xml",
        sitemap_page(sitemap),
        {"sitemaps": {"news": NewsSitemap}, "template_name": "sitemaps/news.xml"},
        name="sitemap_news",
    ),  # fmt: skip
    path(
        "sitemap-<slug:section>.xml",
        sitemap_page(sitemap),
        {"sitemaps": SITEMAPS, "template_name": "sitemaps/sitemap.xml"},
        name="sitemap_section",
    ),  # fmt: skip
    path("", include("articles.urls")),
    path("", include("petitions.urls")),
    path("", include("subscriptions.urls")),
]

handler404 = "truthsite.views.page_not_found"
handler500 = "truthsite.views.server_error"
