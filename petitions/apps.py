from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = _("Petitions")
    # See truthsite.apps.ensure_editors_group. Signatures are read-only to editors:
    # their states change only through the admin actions, which keep counts exact.
    editor_permissions = [
        "petitions.view_petition",
        "petitions.add_petition",
        "petitions.change_petition",
        "petitions.view_signature",
        "petitions.change_signature",
        "petitions.export_signatures",
        "petitions.invalidate_signatures",
    ]
