from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _

SITE_SETTINGS_CACHE_KEY = "truthsite:site-settings"


class SiteSettings(models.Model):
    """The publication's identity, editable in the admin without a code change.

    One row only (pk=1); read through SiteSettings.current(), which is cached.
    """

    name = models.CharField(_("publication name"), max_length=100, default="Truth and Resistance")
    tagline = models.CharField(
        _("tagline"), max_length=200, blank=True, default="Know what you should know!"
    )
    copyright_holder = models.CharField(
        _("copyright holder"), max_length=200, default="TruthAndResistance.com"
    )
    copyright_notice = models.CharField(
        _("copyright line"), max_length=300, blank=True,
        default="All Opinions and Actions are (C)opyright {year} - {holder}",
        help_text=_("{year} and {holder} are filled in."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self):
        return str(self.name)

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(SITE_SETTINGS_CACHE_KEY)

    def copyright_line(self, year):
        template = self.copyright_notice or "(C) {year} {holder}"
        return template.replace("{year}", str(year)).replace("{holder}", self.copyright_holder)

    @classmethod
    def current(cls):
        found = cache.get(SITE_SETTINGS_CACHE_KEY)
        if found is None:
            found, _created = cls.objects.get_or_create(pk=1)
            cache.set(SITE_SETTINGS_CACHE_KEY, found, 60 * 60)
        return found
