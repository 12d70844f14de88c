from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"
    verbose_name = _("Subscriptions")
    editor_permissions = [
        "subscriptions.view_subscriber",
        "subscriptions.add_subscriber",
        "subscriptions.change_subscriber",
        "subscriptions.delete_subscriber",
        "subscriptions.export_subscribers",
        "subscriptions.import_subscribers",
        "subscriptions.view_digestdelivery",
    ]

    def ready(self):
        # The petitions app (built separately) asks for newsletter sign-ups with a
        # signal; this app works alone when it is absent.
        try:
            from petitions.signals import newsletter_requested
        except ImportError:
            return
        from subscriptions.services import subscribe_from_petition

        newsletter_requested.connect(
            subscribe_from_petition, dispatch_uid="subscriptions.subscribe_from_petition"
        )
