from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _crud(app_label, *models):
    return [
        f"{app_label}.{action}_{model}"
        for model in models
        for action in ("add", "change", "delete", "view")
    ]


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")
    editor_permissions = [
        *_crud("articles", "article", "category", "source", "commentarysection", "slugredirect"),
        "articles.preview_article",
        *_crud("articles", "feedsource"),
        "articles.view_importrun",
        *_crud("taggit", "tag"),
    ]
