from django.conf import settings
from django.core.management.base import BaseCommand

from subscriptions.services import purge_pending


class Command(BaseCommand):
    help = "Delete sign-ups never confirmed within SUBSCRIPTION_PENDING_DAYS."

    def handle(self, *args, **options):
        count = purge_pending()
        self.stdout.write(
            f"deleted {count} unconfirmed sign-ups older than "
            f"{settings.SUBSCRIPTION_PENDING_DAYS} days"
        )
