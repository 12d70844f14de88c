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

    def ready(self):
        from django.db.models.signals import post_migrate

        from articles import signals  # noqa: F401 - connects the search index receivers

        post_migrate.connect(_index_after_migrate, sender=self)


def _index_after_migrate(using, apps=None, **kwargs):
    """Fill the search index for articles written before it existed (or in bulk)."""
    from django.core.exceptions import FieldDoesNotExist
    from django.db import DEFAULT_DB_ALIAS

    # `flush` (between transactional tests) sends the signal without `apps`.
    if using != DEFAULT_DB_ALIAS or apps is None:
        return
    try:
        apps.get_model("articles", "Article")._meta.get_field("search_vector")
    except (LookupError, FieldDoesNotExist):
        return  # migrated back to before the search index
    from articles.search import index_unindexed_articles

    index_unindexed_articles()
