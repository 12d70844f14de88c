from django.contrib import admin

from truthsite.models import SiteSettings

admin.site.site_header = "truthsite editors"
admin.site.site_title = "truthsite"
admin.site.index_title = "Publication"


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    list_display = ["name", "tagline", "copyright_holder"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
