from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

EDITORS_GROUP = "Editors"


class TruthsiteConfig(AppConfig):
    name = "truthsite"
    verbose_name = _("Site")
    # Each app lists what its editors may do as "app_label.codename" in an
    # `editor_permissions` attribute of its AppConfig.
    editor_permissions = ["truthsite.view_sitesettings", "truthsite.change_sitesettings"]

    def ready(self):
        post_migrate.connect(ensure_editors_group, sender=self)


def ensure_editors_group(using="default", apps=None, **kwargs):
    """After every migrate: the Editors group exists with exactly what editors need."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    # Permissions of apps migrated after this one may not exist yet.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    wanted = [
        name
        for app_config in global_apps.get_app_configs()
        for name in getattr(app_config, "editor_permissions", [])
    ]
    permissions = []
    for name in wanted:
        app_label, codename = name.split(".")
        permissions.append(
            Permission.objects.using(using).get(
                content_type__app_label=app_label, codename=codename
            )
        )
    group, _created = Group.objects.using(using).get_or_create(name=EDITORS_GROUP)
    group.permissions.set(permissions)
