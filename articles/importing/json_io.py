"""Articles to and from JSON, for the commentary pipeline and for moving a site.

The format is documented in README.md ("Importing articles") and in
`manage.py import_articles --help`. Rows are matched by source_url (or by slug when
they have none), so importing the same file again changes nothing.
"""

import json
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.importing.common import (
    CategoryMatcher,
    describe,
    find_or_create_source,
    import_item,
    set_changed,
)
from articles.models import Article, Category, CommentarySection, ImportRun, unique_slug

FORMAT_HELP = """\
The JSON is a list of articles, or what export_articles writes:
{"format": "truthsite-articles", "version": 1, "categories": [...], "articles": [...]}
where each category is {"name", "slug", "description", "order"}. Each article:

  title                  text (required)
  slug                   optional; made from the title for a new article
  source                 {"name": "Ukrinform", "domain": "ukrinform.net"}; created if new
  source_url             the original article, and the key: a row whose source_url
                         (or, without one, whose slug) is known updates that article
  original_published_at  ISO 8601 with an offset, e.g. "2025-08-17T11:57:16-04:00"
  categories, tags       lists of names; unknown categories are created
  summary                plain text
  body                   Markdown (raw HTML is sanitised when rendered)
  status                 "draft" (default), "scheduled" or "published"
  publish_at             ISO 8601 with an offset; null keeps the current time
  is_featured            true or false
  sections               {"opinion" | "action" | "todo": {"body": Markdown,
                          "provenance": "editor" | "ai" | "ai_reviewed",
                          "reviewed_by": a user name, "reviewed_at": ISO 8601}};
                         null removes a section, sections not named are kept

A field left out keeps the article's current value (a new article's default).
Rows are numbered from 1; a row that fails validation is reported with its
reason and saved not at all, and the other rows are imported.
"""
FORMAT = "truthsite-articles"
VERSION = 1
ARTICLE_FIELDS = {
    "title", "slug", "source", "source_url", "original_published_at", "categories", "tags",
    "summary", "body", "status", "publish_at", "is_featured", "sections",
}  # fmt: skip
SECTION_FIELDS = {"body", "provenance", "reviewed_by", "reviewed_at"}
CATEGORY_FIELDS = ("name", "slug", "description", "order")


def _invalid(field, message):
    return ValidationError({field: [message]})


def _text(row, name, *, field=None):
    value = row.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _invalid(field or name, _("must be a string"))
    return value.strip()


def _time(row, name, *, field=None):
    value = row.get(name)
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise _invalid(field or name, _("%(value)r is not an ISO 8601 time") % {"value": value})
    if parsed.tzinfo is None:
        raise _invalid(field or name, _("%(value)r has no time zone offset") % {"value": value})
    return parsed


def _names(row, name):
    value = row.get(name) or []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _invalid(name, _("must be a list of names"))
    return [" ".join(item.split()) for item in value if item.strip()]


class _JsonImport:
    """State shared by the rows of one import: the run, category and user lookups."""

    def __init__(self, run):
        self.run = run
        self.categories = CategoryMatcher()
        self.users = {}

    def user(self, username, index, label):
        if username not in self.users:
            model = get_user_model()
            found = model._default_manager.filter(**{model.USERNAME_FIELD: username}).first()
            self.users[username] = found
        if self.users[username] is None:
            self.run.warn(index, label, _("no user %(name)r; reviewer left empty")
                          % {"name": username})  # fmt: skip
        return self.users[username]

    def import_categories(self, rows):
        """Top-level category definitions (name, slug, description, order)."""
        for index, row in enumerate(rows, start=1):
            try:
                with transaction.atomic():
                    self._save_category(row)
            except ValidationError as error:
                name = row.get("name") if isinstance(row, dict) else row
                self.run.warn(index, _("category %(name)r") % {"name": name}, describe(error))
        self.categories = CategoryMatcher()

    def _save_category(self, row):
        if not isinstance(row, dict):
            raise ValidationError(_("a category must be an object"))
        values = {name: row[name] for name in CATEGORY_FIELDS if row.get(name) is not None}
        # The same name in any case, or else the same slug, is the same category.
        category = (
            Category.objects.filter(name__iexact=str(values.get("name", ""))).first()
            or Category.objects.filter(slug=str(values.get("slug", ""))).first()
            or Category()
        )
        if category.pk:
            values.pop("slug", None)  # a category's URL is not changed by an import
        if set_changed(category, values) or not category.pk:
            category.full_clean(exclude=["slug"] if not category.slug else None)
            category.save()

    def save_row(self, index, label, row):
        if not isinstance(row, dict):
            raise ValidationError(_("an article must be an object"))
        unknown = sorted(set(row) - ARTICLE_FIELDS)
        if unknown:
            self.run.warn(index, label, _("ignored unknown fields: %(fields)s")
                          % {"fields": ", ".join(unknown)})  # fmt: skip
        source_url, slug = _text(row, "source_url"), _text(row, "slug")
        if source_url:
            article = Article.objects.filter(source_url=source_url).first()
        elif slug:
            article = Article.objects.filter(slug=slug).first()
        else:
            raise ValidationError(_("needs a source_url or a slug"))
        created = article is None
        article = article or Article()

        changed = set_changed(article, self._article_values(row, article))
        if not article.slug:
            article.slug = unique_slug(Article, article.title)
        if changed or created:
            article.full_clean()
            article.save()
        if "categories" in row:
            wanted = {self.categories.find_or_create(name) for name in _names(row, "categories")}
            if created or wanted != set(article.categories.all()):
                article.categories.set(wanted)
                changed = True
        if "tags" in row:
            tags = _names(row, "tags")
            current = {name.casefold() for name in article.tags.names()}
            if {name.casefold() for name in tags} != current:
                article.tags.set(tags)
                changed = True
        if "sections" in row:
            changed = self._save_sections(article, row["sections"], index, label) or changed
        if created:
            return "created"
        return "updated" if changed else "unchanged"

    def _article_values(self, row, article):
        values = {name: _text(row, name) for name in ("title", "summary", "body") if name in row}
        if "source_url" in row:
            values["source_url"] = _text(row, "source_url") or None
        if row.get("slug"):
            values["slug"] = _text(row, "slug")
        if "original_published_at" in row:
            values["original_published_at"] = _time(row, "original_published_at")
        if "status" in row:
            values["status"] = _text(row, "status")
        # No publish time keeps the current one (Article.save sets now when publishing).
        if row.get("publish_at") is not None:
            values["publish_at"] = _time(row, "publish_at")
        if (
            values.get("status", article.status) == Article.Status.PUBLISHED
            and values.get("publish_at", article.publish_at) is not None
            and values.get("publish_at", article.publish_at) > timezone.now()
        ):
            values["status"] = Article.Status.SCHEDULED  # what Article.save would store
        if "is_featured" in row:
            if not isinstance(row["is_featured"], bool):
                raise _invalid("is_featured", _("must be true or false"))
            values["is_featured"] = row["is_featured"]
        if "source" in row:
            values["source"] = self._source(row["source"], values.get("source_url") or "")
        return values

    def _source(self, value, url):
        if value is None:
            return None
        if not isinstance(value, dict) or not isinstance(value.get("name"), str):
            raise _invalid("source", _('must be an object with a "name"'))
        try:
            return find_or_create_source(
                name=value["name"].strip(), domain=_text(value, "domain"), url=url
            )
        except ValidationError as error:
            raise _invalid("source", describe(error)) from error

    def _save_sections(self, article, sections, index, label):
        if not isinstance(sections, dict):
            raise _invalid("sections", _("must be an object keyed by section kind"))
        existing = {section.kind: section for section in article.sections.all()}
        changed = False
        for kind, spec in sections.items():
            field = f"sections.{kind}"
            if kind not in CommentarySection.Kind.values:
                raise _invalid(field, _("unknown section kind; use one of %(kinds)s")
                               % {"kinds": ", ".join(CommentarySection.Kind.values)})  # fmt: skip
            if spec is None:  # null removes the section
                if kind in existing:
                    existing[kind].delete()
                    changed = True
                continue
            if not isinstance(spec, dict):
                raise _invalid(field, _("must be an object"))
            unknown = sorted(set(spec) - SECTION_FIELDS)
            if unknown:
                self.run.warn(index, label, _("ignored unknown fields in %(section)s: %(fields)s")
                              % {"section": field, "fields": ", ".join(unknown)})  # fmt: skip
            section = existing.get(kind) or CommentarySection(article=article, kind=kind)
            values = {"body": _text(spec, "body", field=field + ".body")}
            values["provenance"] = spec.get("provenance") or CommentarySection.Provenance.EDITOR
            if spec.get("reviewed_at") is not None:
                values["reviewed_at"] = _time(spec, "reviewed_at", field=field + ".reviewed_at")
            if "reviewed_by" in spec:
                reviewer = spec["reviewed_by"]
                if reviewer is not None and not isinstance(reviewer, str):
                    raise _invalid(field + ".reviewed_by", _("must be a user name"))
                values["reviewed_by"] = self.user(reviewer, index, label) if reviewer else None
            if set_changed(section, values) or section.pk is None:
                try:
                    section.full_clean()
                except ValidationError as error:
                    raise _invalid(field, describe(error)) from error
                section.save()
                changed = True
        return changed


def import_articles_json(data, *, location=""):
    """Create or update articles from JSON text (or the parsed document): a list of
    articles, or an object with "articles" (and optionally "categories"). Each row is
    saved whole or rejected with its reason. Returns the ImportRun."""
    run = ImportRun.objects.create(kind=ImportRun.Kind.JSON, location=location[:1000])
    try:
        document = json.loads(data) if isinstance(data, str | bytes) else data
    except ValueError as error:
        return run.finish(
            ImportRun.Outcome.FAILED, _("not valid JSON: %(error)s") % {"error": error}
        )
    categories = []
    if isinstance(document, dict):
        categories, document = document.get("categories") or [], document.get("articles")
    if not isinstance(document, list) or not isinstance(categories, list):
        return run.finish(
            ImportRun.Outcome.FAILED,
            _('expected a list of articles, or an object with an "articles" list'),
        )
    importer = _JsonImport(run)
    importer.import_categories(categories)
    seen = {}
    for index, row in enumerate(document, start=1):
        row_dict = row if isinstance(row, dict) else {}
        label = row_dict.get("source_url") or row_dict.get("slug") or row_dict.get("title") or ""
        key = next(
            ((name, value) for name in ("source_url", "slug")
             if isinstance(value := row_dict.get(name), str) and value),
            None,
        )  # fmt: skip
        if key and key in seen:
            run.reject(index, label, _("same source_url or slug as #%(index)d")
                       % {"index": seen[key]})  # fmt: skip
            continue
        if import_item(run, index, label, importer.save_row, index, label, row) and key:
            seen[key] = index
    return run.finish()


def _time_text(value):
    return timezone.localtime(value).isoformat() if value else None


def _article_document(article):
    source = article.source
    return {
        "title": article.title,
        "slug": article.slug,
        "source": {"name": source.name, "domain": source.domain} if source else None,
        "source_url": article.source_url,
        "original_published_at": _time_text(article.original_published_at),
        "categories": [category.name for category in article.categories.all()],
        "tags": sorted(tag.name for tag in article.tags.all()),
        "summary": article.summary,
        "body": article.body,
        "status": article.status,
        "publish_at": _time_text(article.publish_at),
        "is_featured": article.is_featured,
        "sections": {
            section.kind: {
                "body": section.body,
                "provenance": section.provenance,
                "reviewed_by": section.reviewed_by.get_username() if section.reviewed_by else None,
                "reviewed_at": _time_text(section.reviewed_at),
            }
            for section in article.sections_in_order()
        },
    }


def export_articles_json(articles=None):
    """Every article (or the given queryset) as JSON text that import_articles_json
    reads back, with the site's categories, in a constant number of queries."""
    articles = (articles if articles is not None else Article.objects.all()).select_related(
        "source"
    ).prefetch_related(
        "categories",
        "tags",
        Prefetch("sections", queryset=CommentarySection.objects.select_related("reviewed_by")),
    ).order_by("pk")  # fmt: skip
    document = {
        "format": FORMAT,
        "version": VERSION,
        "categories": [
            {name: getattr(category, name) for name in CATEGORY_FIELDS}
            for category in Category.objects.all()
        ],
        "articles": [_article_document(article) for article in articles],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)
