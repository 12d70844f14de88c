from django.core.management.base import BaseCommand

from petitions.models import Petition
from petitions.services import recount


class Command(BaseCommand):
    help = "Recompute every petition's signature count from its confirmed signatures."

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="Only these petitions (default: all).")

    def handle(self, *args, slugs, **options):
        petitions = Petition.objects.filter(slug__in=slugs) if slugs else Petition.objects.all()
        drifted = recount(petitions=petitions)
        for drift in drifted:
            self.stdout.write(
                self.style.WARNING(
                    f"{drift.petition.slug}: stored {drift.stored}, actual {drift.actual} (fixed)"
                )
            )
        checked = petitions.count()
        self.stdout.write(f"Checked {checked} petitions; {len(drifted)} had drifted.")
