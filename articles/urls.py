from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("categories/", views.CategoryListView.as_view(), name="categories"),
    path("categories/<slug:slug>/", views.CategoryArticlesView.as_view(), name="category"),
    path("tags/<slug:slug>/", views.TagArticlesView.as_view(), name="tag"),
]
