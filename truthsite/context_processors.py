from django.conf import settings
from django.utils import timezone

from articles.services import last_updated
from truthsite.models import SiteSettings


def site(request):
    """Identity, copyright and 'last updated' for every page: cached, so no query."""
    site_settings = SiteSettings.current()
    now = timezone.localtime()
    return {
        "site": site_settings,
        "site_url": settings.SITE_URL,
        "copyright_line": site_settings.copyright_line(now.year),
        "site_last_updated": last_updated(),
    }
