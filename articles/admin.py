from django.contrib import admin, messages
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.models import (
    Article,
    Category,
    CommentarySection,
    FeedSource,
    ImportRun,
    SlugRedirect,
    Source,
)
from articles.tasks import import_feed_source, start_feed_polling


def present_section_kinds(article):
    if article is None or article.pk is None:
        return set()
    return set(article.sections.values_list("kind", flat=True))


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "domain"]
    search_fields = ["name", "domain"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


class CommentarySectionInline(admin.StackedInline):
    model = CommentarySection
    extra = 0
    max_num = len(CommentarySection.Kind.choices)
    fields = ["kind", "body", "provenance", "reviewed_by", "reviewed_at"]
    verbose_name = _("commentary section")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "reviewed_by":
            kwargs["queryset"] = db_field.related_model.objects.filter(is_staff=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SlugRedirectInline(admin.TabularInline):
    model = SlugRedirect
    extra = 0
    fields = ["old_slug", "created_at"]
    readonly_fields = ["old_slug", "created_at"]
    can_delete = True
    verbose_name_plural = _("former slugs (they redirect here)")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title", "status", "publish_at", "source", "is_featured", "updated_at", "last_editor",
    ]  # fmt: skip
    list_filter = ["status", "is_featured", "categories", "source"]
    list_select_related = ["source", "last_editor"]
    search_fields = ["title", "summary", "source_url"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["source", "categories", "petition"]
    readonly_fields = ["created_at", "updated_at", "last_editor"]
    inlines = [CommentarySectionInline, SlugRedirectInline]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        (_("Source"), {"fields": ["source", "source_url", "original_published_at"]}),
        (_("Filing"), {"fields": ["categories", "tags", "is_featured", "petition"]}),
        (_("Publishing"), {"fields": ["status", "publish_at"]}),
        (
            _("History"),
            {"fields": ["created_at", "updated_at", "last_editor"], "classes": ["collapse"]},
        ),
    ]

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, CommentarySectionInline):
            # Offer one form for each missing section, in page order; on POST too, so a
            # form left empty is unchanged from it (skipped), not a section without a body.
            present = present_section_kinds(obj)
            kwargs["initial"] = [
                {"kind": kind} for kind in CommentarySection.Kind.values if kind not in present
            ]
        return kwargs

    def get_inline_instances(self, request, obj=None):
        instances = super().get_inline_instances(request, obj)
        for instance in instances:
            if isinstance(instance, CommentarySectionInline):
                missing = len(CommentarySection.Kind.choices) - len(present_section_kinds(obj))
                instance.extra = missing
        return instances

    def save_model(self, request, obj, form, change):
        obj.last_editor = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        sections = formset.save(commit=False)
        for section in sections:
            if (
                isinstance(section, CommentarySection)
                and section.provenance == CommentarySection.Provenance.AI_REVIEWED
                and section.reviewed_by_id is None
            ):
                section.reviewed_by = request.user
            section.save()
        for deleted in formset.deleted_objects:
            deleted.delete()
        formset.save_m2m()

    @admin.action(description=_("Publish the selected articles now"), permissions=["change"])
    def publish(self, request, queryset):
        count = 0
        for article in queryset.exclude(status=Article.Status.PUBLISHED):
            article.status = Article.Status.PUBLISHED
            if article.publish_at is None or article.publish_at > timezone.now():
                article.publish_at = timezone.now()
            article.last_editor = request.user
            article.save()
            count += 1
        self.message_user(
            request,
            ngettext("%d article published.", "%d articles published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish the selected articles (back to draft)"),
                  permissions=["change"])  # fmt: skip
    def unpublish(self, request, queryset):
        count = 0
        for article in queryset.exclude(status=Article.Status.DRAFT):
            article.status = Article.Status.DRAFT
            article.last_editor = request.user
            article.save()
            count += 1
        self.message_user(
            request,
            ngettext("%d article unpublished.", "%d articles unpublished.", count) % count,
            messages.SUCCESS,
        )


def run_result(run):
    """An ImportRun's outcome and counts, linked to its page."""
    if run is None:
        return "—"
    url = reverse("admin:articles_importrun_change", args=[run.pk])
    return format_html('<a href="{}">{}</a>', url, run.summary)


@admin.register(FeedSource)
class FeedSourceAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "source",
        "is_active",
        "last_fetched_at",
        "last_result",
        "next_fetch_at",
    ]
    list_filter = ["is_active", "publish_directly", "source"]
    list_select_related = ["source", "last_run"]
    search_fields = ["name", "feed_url", "source__name"]
    autocomplete_fields = ["source", "default_categories"]
    readonly_fields = ["last_fetched_at", "last_result", "recent_runs"]
    actions = ["fetch_now"]
    fieldsets = [
        (None, {"fields": ["name", "feed_url", "source", "default_categories"]}),
        (
            _("Polling"),
            {"fields": ["is_active", "publish_directly", "fetch_interval", "next_fetch_at"]},
        ),  # fmt: skip
        (_("Last fetch"), {"fields": ["last_fetched_at", "last_result", "recent_runs"]}),
    ]

    @admin.display(description=_("last result"), ordering="last_run__started_at")
    def last_result(self, obj):
        return run_result(obj.last_run)

    @admin.display(description=_("import runs"))
    def recent_runs(self, obj):
        if obj.pk is None:
            return "—"
        url = reverse("admin:articles_importrun_changelist") + f"?feed_source__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, _("All import runs of this feed"))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        start_feed_polling()

    @admin.action(description=_("Fetch the selected feeds now"), permissions=["change"])
    def fetch_now(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        for feed_source_id in ids:
            transaction.on_commit(lambda pk=feed_source_id: import_feed_source.enqueue(pk))
        self.message_user(
            request,
            ngettext(
                "%d feed is being fetched; its result appears under Import runs.",
                "%d feeds are being fetched; their results appear under Import runs.",
                len(ids),
            ) % len(ids),
            messages.SUCCESS,
        )  # fmt: skip


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """Read-only: what each feed fetch or JSON import did."""

    list_display = ["started_at", "feed_source", "location", "result"]
    list_filter = ["kind", "outcome", "feed_source"]
    list_select_related = ["feed_source"]
    search_fields = ["location", "error"]
    date_hierarchy = "started_at"
    fields = [
        "kind", "feed_source", "location", "started_at", "finished_at", "outcome", "error",
        "created", "updated", "unchanged", "rejected", "rejection_list", "warning_list",
    ]  # fmt: skip
    readonly_fields = fields

    @admin.display(description=_("result"))
    def result(self, obj):
        return obj.summary

    @admin.display(description=_("rejections"))
    def rejection_list(self, obj):
        return self._problems(obj.rejections)

    @admin.display(description=_("warnings"))
    def warning_list(self, obj):
        return self._problems(obj.warnings)

    @staticmethod
    def _problems(entries):
        if not entries:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>#{} {}: {}</li>",
                ((entry["index"] or "", entry["item"], entry["reason"]) for entry in entries),
            ),
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
