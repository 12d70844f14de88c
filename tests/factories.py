"""Small builders for test data: each returns a saved object with sane defaults."""

import itertools
from datetime import timedelta

from django.contrib.auth.models import Group, User
from django.utils import timezone

from articles.models import Article, Category, CommentarySection, Source

_counter = itertools.count(1)


def make_source(**fields):
    n = next(_counter)
    fields.setdefault("name", f"Source {n}")
    fields.setdefault("domain", f"source{n}.example")
    return Source.objects.create(**fields)


def make_category(**fields):
    n = next(_counter)
    fields.setdefault("name", f"Category {n}")
    return Category.objects.create(**fields)


def make_article(*, categories=(), tags=(), sections=(), **fields):
    """A published article (an hour ago) unless status/publish_at say otherwise.

    sections: kinds to add ("opinion", "action", "todo"), each with a short body.
    """
    n = next(_counter)
    fields.setdefault("title", f"Article number {n}")
    fields.setdefault("summary", f"Summary of article {n}.")
    fields.setdefault("body", f"First paragraph of article {n}.\n\nSecond paragraph.")
    fields.setdefault("status", Article.Status.PUBLISHED)
    if fields["status"] != Article.Status.DRAFT:
        fields.setdefault("publish_at", timezone.now() - timedelta(hours=1))
    if "source" not in fields:
        fields["source"] = make_source()
    article = Article.objects.create(**fields)
    if categories:
        article.categories.set(categories)
    if tags:
        article.tags.set(list(tags))
    for kind in sections:
        make_section(article, kind)
    return article


def make_section(article, kind, **fields):
    fields.setdefault("body", f"Some **{kind}** commentary.\n\n1. First\n2. Second")
    return CommentarySection.objects.create(article=article, kind=kind, **fields)


def make_editor(username="editor", password="editor-pass-123"):
    """A staff user who is not a superuser, in the Editors group."""
    user = User.objects.create_user(username=username, password=password, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user
