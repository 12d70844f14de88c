from django.urls import path

from articles import feeds, views

app_name = "articles"

urlpatterns = [
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("categories/", views.CategoryListView.as_view(), name="categories"),
    path("categories/<slug:slug>/", views.CategoryArticlesView.as_view(), name="category"),
    path("tags/<slug:slug>/", views.TagArticlesView.as_view(), name="tag"),
    path("search/", views.search, name="search"),
    path("feed/", feeds.ArticlesFeed(), name="feed"),
    path("feed/atom/", feeds.AtomArticlesFeed(), name="feed_atom"),
    path("categories/<slug:slug>/feed/", feeds.CategoryFeed(), name="category_feed"),
    path(
        "categories/<slug:slug>/feed/atom/", feeds.CategoryAtomFeed(), name="category_feed_atom"
    ),  # fmt: skip
    path("tags/<slug:slug>/feed/", feeds.TagFeed(), name="tag_feed"),
    path("tags/<slug:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag_feed_atom"),
]
