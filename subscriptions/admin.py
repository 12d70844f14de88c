import io
import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from subscriptions import services
from subscriptions.digests import send_test_digest
from subscriptions.forms import CsvImportForm
from subscriptions.models import DigestDelivery, Subscriber


class DeliveryInline(admin.TabularInline):
    model = DigestDelivery
    extra = 0
    fields = ["period", "status", "article_count", "attempts", "sent_at", "error"]
    readonly_fields = fields
    ordering = ["-created_at"]
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = [
        "email", "status", "frequency", "category_list", "consent_source", "consented_at",
        "confirmed_at",
    ]  # fmt: skip
    list_filter = ["status", "frequency", "consent_source", "categories"]
    search_fields = ["email"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["categories"]
    readonly_fields = [
        "consented_at", "consent_source", "consent_text", "ip_hash", "confirmed_at",
        "status_changed_at", "status_reason", "hard_failures", "digest_cursor",
        "created_at", "updated_at",
    ]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["email", "status", "frequency", "categories"]}),
        (
            _("Consent record"),
            {
                "fields": [
                    "consented_at",
                    "consent_source",
                    "consent_text",
                    "ip_hash",
                    "confirmed_at",
                ]
            },
        ),  # fmt: skip
        (
            _("Delivery"),
            {
                "fields": [
                    "status_changed_at",
                    "status_reason",
                    "hard_failures",
                    "digest_cursor",
                    "created_at",
                    "updated_at",
                ]
            },
        ),  # fmt: skip
    ]
    inlines = [DeliveryInline]
    actions = [
        "send_me_test_digest", "mark_bounced", "export_csv", "export_person_data",
        "erase_person_data",
    ]  # fmt: skip

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("categories")

    @admin.display(description=_("categories"))
    def category_list(self, obj):
        names = [category.name for category in obj.categories.all()]
        return ", ".join(names) if names else _("all")

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name=f"{info[0]}_{info[1]}_import",
            ),
            *super().get_urls(),
        ]

    def has_import_permission(self, request):
        return request.user.has_perm("subscriptions.import_subscribers")

    def has_export_permission(self, request):
        return request.user.has_perm("subscriptions.export_subscribers")

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_import": self.has_import_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        """Upload a CSV; every line gets a row in the report: added, or why not."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        report = None
        form = CsvImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            report = services.import_subscribers_csv(data=form.cleaned_data["file"])
            added = sum(1 for row in report if row[2])
            self.message_user(
                request,
                _("%(added)d added, %(rejected)d rejected.")
                % {"added": added, "rejected": len(report) - added},
                messages.SUCCESS if added else messages.WARNING,
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import subscribers from CSV"),
            "form": form,
            "report": report,
        }
        return TemplateResponse(request, "admin/subscriptions/subscriber/import.html", context)

    @admin.action(description=_("Send me a test digest as these subscribers would get it"))
    def send_me_test_digest(self, request, queryset):
        if not request.user.email:
            self.message_user(
                request, _("Your account has no email address to send to."), messages.ERROR
            )
            return
        sent = empty = 0
        for subscriber in queryset[:5]:
            if send_test_digest(subscriber=subscriber, to=request.user.email):
                sent += 1
            else:
                empty += 1
        self.message_user(
            request,
            _("%(sent)d test digest(s) sent to %(email)s; %(empty)d would be empty.")
            % {"sent": sent, "email": request.user.email, "empty": empty},
            messages.SUCCESS,
        )

    @admin.action(description=_("Mark as bounced (never mail again)"), permissions=["change"])
    def mark_bounced(self, request, queryset):
        count = 0
        for subscriber in queryset.exclude(status=Subscriber.Status.BOUNCED):
            services.mark_bounced(subscriber=subscriber, reason=f"marked by {request.user}")
            count += 1
        self.message_user(
            request,
            ngettext("%d subscriber marked bounced.", "%d subscribers marked bounced.", count)
            % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Export as CSV"), permissions=["export"])
    def export_csv(self, request, queryset):
        out = io.StringIO()
        services.write_subscribers_csv(queryset.order_by("pk"), out)
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        stamp = timezone.now().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="subscribers-{stamp}.csv"'
        return response

    @admin.action(description=_("Export all data held about these people (JSON)"),
                  permissions=["export"])  # fmt: skip
    def export_person_data(self, request, queryset):
        data = [services.export_person(email=email) for email in queryset.values_list(
            "email", flat=True)]  # fmt: skip
        response = HttpResponse(
            json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
        )
        response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
        return response

    @admin.action(description=_("Erase all data held about these people"),
                  permissions=["delete"])  # fmt: skip
    def erase_person_data(self, request, queryset):
        emails = list(queryset.values_list("email", flat=True))
        if request.POST.get("confirm_erase") != "yes":
            return render(
                request,
                "admin/subscriptions/subscriber/erase_confirm.html",
                {
                    **self.admin_site.each_context(request),
                    "opts": self.opts,
                    "title": _("Erase personal data"),
                    "emails": emails,
                    "selected": queryset.values_list("pk", flat=True),
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        for email in emails:
            services.erase_person(email=email)
        self.message_user(
            request,
            ngettext("Erased the data of %d person.", "Erased the data of %d people.",
                     len(emails)) % len(emails),
            messages.SUCCESS,
        )  # fmt: skip


@admin.register(DigestDelivery)
class DigestDeliveryAdmin(admin.ModelAdmin):
    """The delivery log: read-only."""

    list_display = [
        "subscriber", "period", "status", "article_count", "attempts", "next_attempt_at",
        "sent_at", "short_error",
    ]  # fmt: skip
    list_filter = ["status", "period"]
    list_select_related = ["subscriber"]
    search_fields = ["subscriber__email", "period", "message_id"]
    date_hierarchy = "created_at"

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.opts.fields]

    @admin.display(description=_("error"))
    def short_error(self, obj):
        return obj.error[:80]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
