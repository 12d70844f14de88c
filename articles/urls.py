from django.urls import path, register_converter

from articles import feeds, views
from articles.services import ARTICLES
from petitions.services import PETITIONS
from truthsite.page_cache import reader_page

app_name = "articles"


class TagSlugConverter:
    """Tag slugs keep their letters (taggit's slugify allows Unicode: "türkiye"), which
    the built-in slug converter would refuse, failing every page that links the tag."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TagSlugConverter, "tag_slug")

# reader_page(...): served whole from the cache to anonymous readers, rebuilt when what
# the page shows changes (truthsite/page_cache.py). Search is not: every query differs.
articles_page = reader_page(ARTICLES)

urlpatterns = [
    path(
        "articles/<slug:slug>/",
        reader_page(ARTICLES, PETITIONS)(views.article_detail),  # its "Sign Our Petition"
        name="detail",
    ),
    path("categories/", articles_page(views.CategoryListView.as_view()), name="categories"),
    path(
        "categories/<slug:slug>/",
        articles_page(views.CategoryArticlesView.as_view()),
        name="category",
    ),
    path("tags/<tag_slug:slug>/", articles_page(views.TagArticlesView.as_view()), name="tag"),
    path("search/", views.search, name="search"),
    path("feed/", articles_page(feeds.ArticlesFeed()), name="feed"),
    path("feed/atom/", articles_page(feeds.AtomArticlesFeed()), name="feed_atom"),
    path("categories/<slug:slug>/feed/", articles_page(feeds.CategoryFeed()), name="category_feed"),
    path(
        "categories/<slug:slug>/feed/atom/",
        articles_page(feeds.CategoryAtomFeed()),
        name="category_feed_atom",
    ),
    path("tags/<tag_slug:slug>/feed/", articles_page(feeds.TagFeed()), name="tag_feed"),
    path(
        "tags/<tag_slug:slug>/feed/atom/", articles_page(feeds.TagAtomFeed()), name="tag_feed_atom"
    ),
]
