import json

from django.core.management.base import BaseCommand

from subscriptions.services import erase_person


class Command(BaseCommand):
    help = "Erase everything held about one email address; prints what was deleted."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, **options):
        result = erase_person(email=options["email"])
        self.stdout.write(json.dumps(result, indent=2))
