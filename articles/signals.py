"""Keep the search index (and an article's modified time) in step with edits.

Edits through save(), delete(), m2m .add()/.set()/.clear() and the admin arrive here.
Bulk writes bypass signals: their callers run articles.search.refresh_search_index.
"""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles.models import Article, Category, CommentarySection, Source, bump_content_version
from articles.search import refresh_search_index, refresh_search_index_task
from truthsite.models import SiteSettings

# Renaming a category, tag or source can touch every article; beyond this many the
# refresh runs as a background task after the rename commits.
REFRESH_INLINE_LIMIT = 200


def refresh_soon(article_ids):
    article_ids = list(article_ids)
    if len(article_ids) <= REFRESH_INLINE_LIMIT:
        refresh_search_index(article_ids)
    else:
        transaction.on_commit(lambda: refresh_search_index_task.enqueue(article_ids))


@receiver(post_save, sender=Article)
@receiver(post_delete, sender=Article)
def article_changed(sender, instance, **kwargs):
    refresh_search_index([instance.pk])


@receiver(post_save, sender=CommentarySection)
@receiver(post_delete, sender=CommentarySection)
def section_changed(sender, instance, **kwargs):
    # The commentary is part of the article: its modified time (sitemaps, feeds,
    # sharing metadata) and its search entry follow the sections.
    Article.objects.filter(pk=instance.article_id).update(updated_at=timezone.now())
    bump_content_version()  # save() does this; a deleted section must too
    refresh_search_index([instance.article_id])


# Cached pages show all of these (the site's name on every page, a reviewer's name under
# commentary): any change makes them build afresh. Saves of articles, sections and
# categories bump in their save(); deletions, renames and the rest arrive here.
@receiver(post_delete, sender=Article)
@receiver(post_delete, sender=Category)
@receiver(post_save, sender=Source)
@receiver(post_delete, sender=Source)
@receiver(post_save, sender=Tag)
@receiver(post_delete, sender=Tag)
def shown_content_changed(sender, **kwargs):
    bump_content_version()


@receiver(post_save, sender=SiteSettings)
def site_settings_changed(sender, created, **kwargs):
    # The row is created (with the defaults) by the first page that reads it: only
    # changes to it change what pages show.
    if not created:
        bump_content_version()


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def reviewer_may_have_changed(sender, update_fields=None, **kwargs):
    # Signing in saves last_login alone: no page shows that.
    if update_fields is None or not set(update_fields) <= {"last_login", "password"}:
        bump_content_version()


@receiver(m2m_changed, sender=Article.categories.through)
@receiver(m2m_changed, sender=TaggedItem)
def filing_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        bump_content_version()
    if not reverse:
        if isinstance(instance, Article) and action in {"post_add", "post_remove", "post_clear"}:
            refresh_search_index([instance.pk])
        return
    # category.articles.add/remove/clear: pk_set holds article ids (none for clear).
    if action == "pre_clear" and isinstance(instance, Category):
        instance._search_article_ids = list(instance.articles.values_list("pk", flat=True))
    elif action == "post_clear" and isinstance(instance, Category):
        refresh_soon(getattr(instance, "_search_article_ids", []))
    elif action in {"post_add", "post_remove"} and sender is Article.categories.through:
        refresh_soon(pk_set or [])


def _articles_named_by(instance):
    if isinstance(instance, Category):
        return Article.objects.filter(categories=instance)
    if isinstance(instance, Tag):
        return Article.objects.filter(tags=instance)
    return Article.objects.filter(source=instance)


@receiver(pre_save, sender=Category)
@receiver(pre_save, sender=Tag)
@receiver(pre_save, sender=Source)
def name_may_change(sender, instance, **kwargs):
    fields = ["name", "domain"] if sender is Source else ["name"]
    before = sender.objects.filter(pk=instance.pk).values(*fields).first() if instance.pk else None
    instance._search_names_changed = bool(before) and any(
        before[field] != getattr(instance, field) for field in fields
    )


@receiver(post_save, sender=Category)
@receiver(post_save, sender=Tag)
@receiver(post_save, sender=Source)
def name_saved(sender, instance, created, **kwargs):
    if getattr(instance, "_search_names_changed", False):
        refresh_soon(_articles_named_by(instance).values_list("pk", flat=True))


@receiver(pre_delete, sender=Category)
@receiver(pre_delete, sender=Tag)
def name_deleting(sender, instance, **kwargs):
    instance._search_article_ids = list(_articles_named_by(instance).values_list("pk", flat=True))


@receiver(post_delete, sender=Category)
@receiver(post_delete, sender=Tag)
def name_deleted(sender, instance, **kwargs):
    refresh_soon(getattr(instance, "_search_article_ids", []))
