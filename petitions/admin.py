from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from petitions import services
from petitions.models import Petition, Signature, country_name
from truthsite.exports import csv_rows

EXPORT_COLUMNS = [
    ("name", _("Name")), ("email", _("Email")), ("postcode", _("Postcode")),
    ("country", _("Country")), ("comment", _("Comment")), ("show_name", _("Name shown")),
    ("wants_newsletter", _("Newsletter")), ("created_at", _("Signed")),
    ("confirmed_at", _("Confirmed")),
]  # fmt: skip


def export_response(signatures):
    """The confirmed ones among these signatures as a streamed, formula-safe CSV."""
    rows = (
        signatures.filter(state=Signature.State.CONFIRMED)
        .select_related("petition")
        .order_by("petition_id", "confirmed_at", "id")
    )
    header = [_("Petition"), *(label for _name, label in EXPORT_COLUMNS)]
    records = (
        [row.petition.title, *(getattr(row, name) for name, _label in EXPORT_COLUMNS)]
        for row in rows.iterator(chunk_size=2000)
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(
        csv_rows(header, records), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="signatures-{stamp}.csv"'
    return response


class InvalidateForm(forms.Form):
    ip_hash = forms.CharField(
        label=_("Hashed network"), required=False, max_length=64,
        help_text=_("As shown on a signature; all signatures from that network."),
    )  # fmt: skip
    email_domain = forms.CharField(
        label=_("Email domain"), required=False, max_length=253,
        help_text=_("For example example.com: every address at that domain."),
    )  # fmt: skip
    created_from = forms.DateTimeField(
        label=_("Signed from"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )  # fmt: skip
    created_to = forms.DateTimeField(
        label=_("Signed before"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )  # fmt: skip
    reason = forms.CharField(label=_("Reason (kept on each signature)"), max_length=200)

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in ("ip_hash", "email_domain", "created_from",
                                                   "created_to")):  # fmt: skip
            raise ValidationError(
                _("Choose at least one of: hashed network, email domain, time range.")
            )
        return cleaned


class CountryFilter(admin.SimpleListFilter):
    """Only the countries signers came from, by name (not all 250)."""

    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = Signature.objects.order_by().values_list("country", flat=True).distinct()
        return sorted(((code, country_name(code)) for code in codes), key=lambda item: item[1])

    def queryset(self, request, queryset):
        return queryset.filter(country=self.value()) if self.value() else queryset


class SignaturePermissions:
    """The custom permissions behind the "export" and "invalidate" admin actions."""

    def has_export_permission(self, request):
        return request.user.has_perm("petitions.export_signatures")

    def has_invalidate_permission(self, request):
        return request.user.has_perm("petitions.invalidate_signatures")


@admin.register(Petition)
class PetitionAdmin(SignaturePermissions, admin.ModelAdmin):
    list_display = ["title", "status", "open_now", "signature_count", "awaiting", "goal",
                    "opens_at", "closes_at", "is_featured"]  # fmt: skip
    list_filter = ["status", "is_featured"]
    search_fields = ["title", "summary", "recipient"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["signature_count", "anonymised_at", "created_at", "updated_at",
                       "editor_links"]  # fmt: skip
    actions = ["close", "reopen", "export_signatures"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "recipient", "summary", "body"]}),
        (_("Signing"), {"fields": ["status", "opens_at", "closes_at", "goal", "is_featured"]}),
        (
            _("Signatures"),
            {"fields": ["signature_count", "editor_links", "anonymised_at"]},
        ),
        (_("History"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        # A subquery, not a join: only the petitions on the page are counted.
        pending = (
            Signature.objects.filter(petition=OuterRef("pk"), state=Signature.State.PENDING)
            .order_by()
            .values("petition")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return super().get_queryset(request).annotate(pending_count=Coalesce(Subquery(pending), 0))

    @admin.display(description=_("open now"), boolean=True)
    def open_now(self, petition):
        return petition.is_open

    @admin.display(description=_("awaiting confirmation"), ordering="pending_count")
    def awaiting(self, petition):
        return petition.pending_count

    @admin.display(description=_("tools"))
    def editor_links(self, petition):
        if not petition.pk:
            return "-"
        signatures = reverse("admin:petitions_signature_changelist")
        return format_html(
            '<a href="{}?petition__id__exact={}">{}</a> · <a href="{}">{}</a>',
            signatures, petition.pk, _("Signatures"),
            reverse("admin:petitions_petition_invalidate", args=[petition.pk]),
            _("Invalidate signatures in bulk…"),
        )  # fmt: skip

    @admin.action(description=_("Close the selected petitions now"), permissions=["change"])
    def close(self, request, queryset):
        closed = services.close_petitions(petitions=queryset)
        self.message_user(
            request,
            ngettext("%d petition closed.", "%d petitions closed.", closed) % closed,
            messages.SUCCESS,
        )

    @admin.action(description=_("Reopen the selected petitions (no closing time)"),
                  permissions=["change"])  # fmt: skip
    def reopen(self, request, queryset):
        reopened = services.reopen_petitions(petitions=queryset)
        self.message_user(
            request,
            ngettext("%d petition reopened.", "%d petitions reopened.", reopened) % reopened,
            messages.SUCCESS,
        )

    @admin.action(description=_("Export confirmed signatures (CSV)"), permissions=["export"])
    def export_signatures(self, request, queryset):
        return export_response(Signature.objects.filter(petition__in=queryset))

    def get_urls(self):
        return [
            path(
                "<int:petition_id>/invalidate/",
                self.admin_site.admin_view(self.invalidate_view),
                name="petitions_petition_invalidate",
            ),
            *super().get_urls(),
        ]

    def invalidate_view(self, request, petition_id):
        if not self.has_invalidate_permission(request):
            raise PermissionDenied
        petition = get_object_or_404(Petition, pk=petition_id)
        form = InvalidateForm(request.POST or None, initial={"ip_hash": request.GET.get("ip_hash")})
        if request.method == "POST" and form.is_valid():
            done = services.invalidate_signatures(petition=petition, **form.cleaned_data)
            self.message_user(
                request,
                _("%(confirmed)d confirmed and %(pending)d unconfirmed signatures invalidated; "
                  "the count is now %(count)d.") % {
                    "confirmed": done.confirmed, "pending": done.pending,
                    "count": Petition.objects.get(pk=petition.pk).signature_count,
                },
                messages.SUCCESS,
            )  # fmt: skip
            return redirect("admin:petitions_petition_change", petition.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Invalidate signatures: %(title)s") % {"title": petition.title},
            "petition": petition,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/petitions/invalidate.html", context)


@admin.register(Signature)
class SignatureAdmin(SignaturePermissions, admin.ModelAdmin):
    list_display = ["name", "email", "petition", "state", "country", "created_at",
                    "confirmed_at", "short_ip_hash"]  # fmt: skip
    list_filter = ["state", "petition", CountryFilter, "created_at", "confirmed_at"]
    list_select_related = ["petition"]
    search_fields = ["name", "email", "email_normalised", "=ip_hash"]
    date_hierarchy = "created_at"
    actions = ["invalidate_selected", "export_selected"]
    show_full_result_count = False

    # States and counts move only through services: nothing here is edited by hand.
    fields = readonly_fields = [
        "petition", "state", "name", "email", "email_normalised", "postcode", "country",
        "comment", "show_name", "wants_newsletter", "created_at", "confirmed_at",
        "withdrawn_at", "invalidated_at", "invalidation_reason", "ip_hash", "user_agent",
        "confirmation_emails", "email_failures", "last_emailed_at",
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # deleting a confirmed row would break the count: invalidate it

    @admin.display(description=_("hashed network"), ordering="ip_hash")
    def short_ip_hash(self, signature):
        return signature.ip_hash[:12]

    @admin.action(description=_("Invalidate the selected signatures"),
                  permissions=["invalidate"])  # fmt: skip
    def invalidate_selected(self, request, queryset):
        confirmed = pending = 0
        by_petition = {}
        for signature_id, petition_id in queryset.values_list("pk", "petition_id"):
            by_petition.setdefault(petition_id, []).append(signature_id)
        for petition in Petition.objects.filter(pk__in=by_petition):
            done = services.invalidate_signatures(
                petition=petition,
                signature_ids=by_petition[petition.pk],
                reason=_("Invalidated by %(user)s") % {"user": request.user.get_username()},
            )
            confirmed, pending = confirmed + done.confirmed, pending + done.pending
        self.message_user(
            request,
            _("%(confirmed)d confirmed and %(pending)d unconfirmed signatures invalidated.")
            % {"confirmed": confirmed, "pending": pending},
            messages.SUCCESS,
        )

    @admin.action(description=_("Export the selected confirmed signatures (CSV)"),
                  permissions=["export"])  # fmt: skip
    def export_selected(self, request, queryset):
        return export_response(queryset)
