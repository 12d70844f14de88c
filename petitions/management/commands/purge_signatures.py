from django.conf import settings
from django.core.management.base import BaseCommand

from petitions.services import anonymise_closed, purge_unconfirmed


class Command(BaseCommand):
    help = (
        "Privacy housekeeping, to run daily: delete signatures never confirmed, and "
        "anonymise the signers of petitions closed long enough ago (counts are kept)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--unconfirmed-days", type=int, default=settings.PETITION_UNCONFIRMED_RETENTION_DAYS,
            help="Delete unconfirmed signatures older than this (default %(default)s).",
        )  # fmt: skip
        parser.add_argument(
            "--anonymise-after-days", type=int, default=settings.PETITION_ANONYMISE_AFTER_DAYS,
            help="Anonymise signers this long after a petition closes (default %(default)s).",
        )  # fmt: skip
        parser.add_argument(
            "--no-anonymise", action="store_true", help="Only delete unconfirmed signatures."
        )

    def handle(self, *args, unconfirmed_days, anonymise_after_days, no_anonymise, **options):
        deleted = purge_unconfirmed(older_than_days=unconfirmed_days)
        self.stdout.write(
            f"Deleted {deleted} unconfirmed signatures older than {unconfirmed_days} days."
        )
        if no_anonymise:
            return
        done = anonymise_closed(after_days=anonymise_after_days)
        for petition in done:
            self.stdout.write(f"Anonymised the signers of {petition.slug}.")
        self.stdout.write(f"Anonymised {len(done)} closed petitions.")
