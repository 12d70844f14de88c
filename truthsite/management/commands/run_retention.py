from django.core.management.base import BaseCommand

from truthsite.tasks import apply_retention, run_retention


class Command(BaseCommand):
    help = (
        "Apply every retention rule now (unconfirmed signatures and sign-ups deleted, "
        "signers of long-closed petitions anonymised); --schedule starts the periodic run."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule", action="store_true",
            help="Start the periodic background run (needs a worker backend with run_after).",
        )  # fmt: skip

    def handle(self, *args, schedule, **options):
        if schedule:
            result = run_retention.enqueue()
            self.stdout.write(f"periodic retention run enqueued ({result.id})")
            return
        done = apply_retention()
        self.stdout.write(", ".join(f"{key.replace('_', ' ')}: {n}" for key, n in done.items()))
