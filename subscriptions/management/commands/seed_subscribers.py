from django.core.management.base import BaseCommand
from django.utils import timezone

from subscriptions.models import Subscriber
from subscriptions.services import CONSENT_TEXT

DEMO_DOMAIN = "subscribers.example"


class Command(BaseCommand):
    help = "Demo subscribers (active, confirmed), idempotent: reader1@subscribers.example ..."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=20)

    def handle(self, *args, **options):
        now = timezone.now()
        frequencies = Subscriber.Frequency.values
        Subscriber.objects.bulk_create(
            [
                Subscriber(
                    email=f"reader{n}@{DEMO_DOMAIN}",
                    status=Subscriber.Status.ACTIVE,
                    frequency=frequencies[n % len(frequencies)],
                    consented_at=now,
                    consent_source=Subscriber.Source.PAGE,
                    consent_text=str(CONSENT_TEXT),
                    confirmed_at=now,
                    status_changed_at=now,
                )
                for n in range(1, options["count"] + 1)
            ],
            ignore_conflicts=True,
            batch_size=2000,
        )
        total = Subscriber.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").count()
        self.stdout.write(f"{total} demo subscribers (@{DEMO_DOMAIN})")
