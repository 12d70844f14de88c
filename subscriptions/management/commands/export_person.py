import json

from django.core.management.base import BaseCommand

from subscriptions.services import export_person


class Command(BaseCommand):
    help = "Print, as JSON, everything held about one email address (subscriber, consent, "
    help += "digests, petition signatures)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, **options):
        data = export_person(email=options["email"])
        self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
