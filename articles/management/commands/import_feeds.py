from django.core.management.base import BaseCommand

from articles.importing import import_due_feeds
from articles.management.commands._reporting import write_run
from articles.tasks import start_feed_polling


class Command(BaseCommand):
    help = (
        "Import every active feed source that is due (its fetch interval has passed), "
        "printing created/updated/unchanged/rejected counts for each. Safe to run from cron; "
        "it also (re)starts the periodic background poll when a task worker is configured."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Fetch every active source now, due or not."
        )

    def handle(self, *args, **options):
        runs = import_due_feeds(everything=options["all"])
        if not runs:
            self.stdout.write("No feed source is due.")
        for run in runs:
            write_run(self, run)
        start_feed_polling()
