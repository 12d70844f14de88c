"""`manage.py seed_demo`: a believable demo publication; idempotent; large on request.

Articles are keyed by their source URL, so a second run adds only what is missing and
changes nothing that exists (editors' changes to demo content survive). Text and
choices come from articles.demo_content.
"""

import time
from itertools import batched

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import reset_queries, transaction
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles.demo_content import CATEGORIES, SOURCES, TAGS, ArticlePlan, Vocabulary, category_specs
from articles.models import (
    Article,
    Category,
    CommentarySection,
    Source,
    bump_content_version,
    slug_for,
)
from articles.search import refresh_search_index
from truthsite.apps import EDITORS_GROUP
from truthsite.models import SiteSettings
from truthsite.text import render_markdown

EDITOR_LOGIN = ("editor", "truthsite-editor")
ADMIN_LOGIN = ("admin", "truthsite-admin")
# Up to this many new articles go through Article.save() one by one, exactly as the
# admin would write them; beyond it, rows are bulk-inserted with what save() fills in.
ONE_BY_ONE_UP_TO = 200
# Bulk progress is reported every this many batches at the default verbosity.
PROGRESS_EVERY = 10


class Command(BaseCommand):
    help = (
        "Create demo content: site settings, an editor and an admin login, sources, "
        "categories, tags and articles with Opinion, Action and To Do commentary. "
        "Idempotent: only what is missing is added."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles", type=int, default=50, help="How many demo articles (default 50)."
        )
        parser.add_argument(
            "--categories",
            type=int,
            default=len(CATEGORIES),
            help=f"How many categories (default and minimum {len(CATEGORIES)}, the "
            "hand-written set; more adds generated ones).",
        )
        parser.add_argument(
            "--tags",
            type=int,
            default=len(TAGS),
            help=f"Size of the tag vocabulary articles draw on (default {len(TAGS)}; more "
            "adds generated tags).",
        )
        parser.add_argument(
            "--demo-logins",
            action="store_true",
            help="Give the demo users their published passwords even when DEBUG is off "
            "(by default they only get them in development, never on a production site).",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=2000,
            help="Articles per bulk insert and transaction (default 2000).",
        )

    def handle(self, *args, articles, categories, tags, batch_size, **options):
        if min(articles, tags) < 0 or batch_size < 1:
            raise CommandError("--articles and --tags must be >= 0, --batch-size >= 1.")
        self.verbosity = options["verbosity"]
        started = time.monotonic()
        categories = max(categories, len(CATEGORIES))

        SiteSettings.current()
        logins = self.ensure_logins(known_passwords=settings.DEBUG or options["demo_logins"])
        editor = logins[0][0]
        sources, sources_created = ensure_sources()
        category_by_name, categories_created = ensure_categories(categories)
        vocabulary = Vocabulary.sized(categories=categories, tags=tags)

        missing = missing_numbers(articles)
        writer_class = BulkWriter if len(missing) > ONE_BY_ONE_UP_TO else OneByOneWriter
        writer = writer_class(editor=editor, sources=sources, categories=category_by_name)
        feature_first = not Article.objects.filter(is_featured=True).exists()
        now = timezone.now()
        statuses = dict.fromkeys(Article.Status.values, 0)
        report_every = {0: 0, 1: PROGRESS_EVERY}.get(self.verbosity, 1)
        batches = batched(missing, batch_size, strict=False)
        for batch_number, numbers in enumerate(batches, start=1):
            plans = [ArticlePlan(number).fill(now=now, vocabulary=vocabulary) for number in numbers]
            for plan in plans:
                # Exactly one featured article: never a second beside one that exists.
                plan.is_featured = plan.is_featured and feature_first
                statuses[plan.status] += 1
            writer.write(plans)
            # Under DEBUG, Django keeps the SQL of every statement, and a bulk insert's SQL
            # holds every text in the batch: gigabytes by the end of a large run.
            reset_queries()
            if writer_class is BulkWriter and report_every and batch_number % report_every == 0:
                done = min(batch_number * batch_size, len(missing))
                self.stdout.write(f"  {done:,} of {len(missing):,} new articles written")
        if missing:
            # Bulk rows skip save(), which is what normally tells cached pages to refresh.
            bump_content_version()

        self.report(
            seconds=time.monotonic() - started,
            rows=[
                ("Sources", sources_created, len(sources) - sources_created),
                ("Categories", categories_created, len(category_by_name) - categories_created),
                ("Tags", writer.tags.created, None),
                ("Articles", len(missing), articles - len(missing)),
                ("Sections", writer.sections_created, None),
            ],
            statuses=statuses,
            logins=logins,
        )

    def ensure_logins(self, *, known_passwords):
        """The demo editor and admin, created once; existing users are left as they are.

        Outside development they get no usable password: a published password on a
        production database would be an open door.
        """
        group = Group.objects.filter(name=EDITORS_GROUP).first()
        if group is None:
            raise CommandError(f"No {EDITORS_GROUP!r} group: run `manage.py migrate` first.")
        users = get_user_model()._default_manager
        logins = []
        for (username, password), superuser in ((EDITOR_LOGIN, False), (ADMIN_LOGIN, True)):
            user = users.filter(username=username).first()
            created = user is None
            given = password if known_passwords else None
            if created and superuser:
                user = users.create_superuser(username=username, email="", password=given)
            elif created:
                user = users.create_user(username=username, password=given, is_staff=True)
                user.groups.add(group)
            logins.append((user, password if user.has_usable_password() else None, created))
        return logins

    def report(self, *, seconds, rows, statuses, logins):
        if not self.verbosity:
            return
        self.stdout.write(self.style.SUCCESS(f"Demo content ready ({seconds:.1f} s)."))
        for label, created, existing in rows:
            line = f"  {label + ':':<12}{created:>8,} created"
            if existing is not None:
                line += f", {existing:,} already there"
            if label == "Articles" and created:
                line += (
                    f" ({statuses['published']:,} published, {statuses['scheduled']:,}"
                    f" scheduled, {statuses['draft']:,} drafts)"
                )
            self.stdout.write(line)
        self.stdout.write(f"Log in at {settings.SITE_URL}/admin/ with:")
        for user, password, created in logins:
            if password is None:
                self.stdout.write(
                    f"  {user.get_username()}: no password (set one with changepassword)"
                )
                continue
            role = "superuser" if user.is_superuser else "editor"
            note = "" if created else "  (user already existed; password left unchanged)"
            self.stdout.write(f"  {user.get_username()} / {password}  [{role}]{note}")


def ensure_sources():
    sources, created = {}, 0
    for demo in SOURCES:
        source, was_created = Source.objects.get_or_create(
            name=demo.name, defaults={"domain": demo.domain}
        )
        sources[demo.name] = source
        created += was_created
    return sources, created


def ensure_categories(total):
    """Category rows by name; Category.save() gives each its slug as the admin would."""
    specs = category_specs(total)
    by_name = {
        category.name: category
        for category in Category.objects.filter(name__in=[name for name, _d, _o in specs])
    }
    created = 0
    for name, description, order in specs:
        if name not in by_name:
            by_name[name] = Category.objects.create(name=name, description=description, order=order)
            created += 1
    return by_name, created


def missing_numbers(count):
    """Numbers of the demo articles 0..count-1 whose source URL is not stored yet."""
    stored = set(
        Article.objects.filter(source_url__isnull=False).values_list("source_url", flat=True)
    )
    if not stored:
        return range(count)
    return [number for number in range(count) if ArticlePlan(number).source_url not in stored]


class TagRegistry:
    """Tags by name (case-insensitively, as TAGGIT_CASE_INSENSITIVE has it), creating
    missing ones in bulk with the slugs taggit's own Tag.save() would give them."""

    def __init__(self):
        self._by_name = {}
        self._slugs = set()
        for tag in Tag.objects.all():
            self._by_name[tag.name.lower()] = tag
            self._slugs.add(tag.slug)
        self.created = 0

    def __getitem__(self, name):
        return self._by_name[name.lower()]

    def ensure(self, names):
        new = []
        for name in dict.fromkeys(names):
            if name.lower() not in self._by_name:
                tag = Tag(name=name)
                tag.slug, suffix = tag.slugify(name), 0
                while tag.slug in self._slugs:
                    suffix += 1
                    tag.slug = tag.slugify(name, suffix)
                self._slugs.add(tag.slug)
                self._by_name[name.lower()] = tag
                new.append(tag)
        if new:
            Tag.objects.bulk_create(new)
            self.created += len(new)


class ArticleWriter:
    def __init__(self, *, editor, sources, categories):
        self.editor, self.sources, self.categories = editor, sources, categories
        self.tags = TagRegistry()
        self.sections_created = 0


class OneByOneWriter(ArticleWriter):
    """Saves each article and section through the models, as an editor's would be."""

    def write(self, plans):
        for plan in plans:
            with transaction.atomic():
                article = Article(**article_fields(plan, self.sources, self.editor))
                article.save()
                article.categories.set([self.categories[name] for name in plan.categories])
                self.tags.ensure(plan.tags)
                article.tags.set([self.tags[name] for name in plan.tags])
                for section in plan.sections:
                    CommentarySection(
                        article=article, **section_fields(section, self.editor)
                    ).save()
                    self.sections_created += 1


class BulkWriter(ArticleWriter):
    """Inserts a batch of articles with their sections, categories and tags in a few
    queries, filling in what Article.save() and CommentarySection.save() would."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.slug_for = SlugAllocator(Article)
        self.html_for = BlockRenderer()
        self.article_type = ContentType.objects.get_for_model(Article)

    def write(self, plans):
        with transaction.atomic():
            self.tags.ensure(name for plan in plans for name in plan.tags)
            articles = Article.objects.bulk_create(
                [
                    Article(
                        slug=self.slug_for(plan.title),
                        body_html=self.html_for(plan.body),
                        **article_fields(plan, self.sources, self.editor),
                    )
                    for plan in plans
                ]
            )
            sections = CommentarySection.objects.bulk_create(
                [
                    CommentarySection(
                        article=article,
                        body_html=self.html_for(section.blocks),
                        **section_fields(section, self.editor),
                    )
                    for plan, article in zip(plans, articles, strict=True)
                    for section in plan.sections
                ]
            )
            self.sections_created += len(sections)
            through = Article.categories.through
            through.objects.bulk_create(
                [
                    through(article_id=article.pk, category_id=self.categories[name].pk)
                    for plan, article in zip(plans, articles, strict=True)
                    for name in plan.categories
                ]
            )
            TaggedItem.objects.bulk_create(
                [
                    TaggedItem(
                        content_type=self.article_type, object_id=article.pk, tag=self.tags[name]
                    )
                    for plan, article in zip(plans, articles, strict=True)
                    for name in plan.tags
                ]
            )
            # bulk_create sends no signals, so the search index is filled here.
            refresh_search_index([article.pk for article in articles])


def article_fields(plan, sources, editor):
    """What both writers store from a plan; the bulk writer adds slug and body_html."""
    return {
        "title": plan.title,
        "summary": plan.summary,
        "body": plan.body_markdown,
        "source": sources[plan.source.name],
        "source_url": plan.source_url,
        "original_published_at": plan.original_published_at,
        "status": plan.status,
        "publish_at": plan.publish_at,
        "is_featured": plan.is_featured,
        "last_editor": editor,
    }


def section_fields(section, editor):
    return {
        "kind": section.kind,
        "body": section.markdown,
        "provenance": section.provenance,
        "reviewed_at": section.reviewed_at,
        "reviewed_by": editor if section.reviewed_at else None,
    }


class SlugAllocator:
    """The slug unique_slug() would give each new row, without a query per row."""

    def __init__(self, model, max_length=200):
        self.max_length = max_length
        self.taken = set(model._default_manager.values_list("slug", flat=True))
        # Many demo articles share a title; remembering the last suffix used keeps
        # allocation constant-time instead of rescanning -2, -3, ... for each one.
        self.next_suffix = {}

    def __call__(self, text):
        base = (slug_for(text) or "item")[: self.max_length - 8].strip("-")
        slug = base
        if slug in self.taken:
            suffix = self.next_suffix.get(base, 2)
            while f"{base}-{suffix}" in self.taken:
                suffix += 1
            slug = f"{base}-{suffix}"
            self.next_suffix[base] = suffix + 1
        self.taken.add(slug)
        return slug


class BlockRenderer:
    """render_markdown() for a text given as its Markdown blocks, each distinct block
    rendered once.

    Rendering costs about a millisecond per paragraph, and a large run has hundreds of
    thousands of texts but only a few thousand distinct blocks. Markdown renders
    top-level blocks independently and render_markdown() joins them with a newline, so
    a text's HTML is its blocks' HTML joined (tests/articles/test_seed_demo.py checks).
    """

    def __init__(self):
        self._html = {}

    def __call__(self, blocks):
        html = self._html
        for block in blocks:
            if block not in html:
                html[block] = render_markdown(block)
        return "\n".join(html[block] for block in blocks)
