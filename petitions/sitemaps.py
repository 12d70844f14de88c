from django.db.models import Max

from petitions.models import Petition
from truthsite.sitemaps import SiteSitemap, w3c_datetime


class PetitionSitemap(SiteSitemap):
    def items(self):
        return Petition.objects.public().only("slug", "updated_at").order_by("id")

    def lastmod(self, petition):
        return w3c_datetime(petition.updated_at)

    def get_latest_lastmod(self):
        return w3c_datetime(
            Petition.objects.public().aggregate(Max("updated_at"))["updated_at__max"]
        )
