from django.core.management.base import BaseCommand, CommandError

from articles.importing import import_feed_location
from articles.management.commands._reporting import write_run


class Command(BaseCommand):
    help = (
        "Import one RSS or Atom feed by hand, from an http(s) URL or a file. Items become "
        "draft articles keyed by their link: running it again updates, never duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument("location", metavar="URL|FILE", help="The feed's address or file.")
        parser.add_argument(
            "--source", metavar="NAME",
            help="A feed source (its source, default categories and publishing apply) or "
                 "a source (created if new) to credit the articles to. Default: the feed "
                 "source with this URL, else the source with the feed's domain, else one "
                 "named after the feed's title.",
        )  # fmt: skip
        parser.add_argument(
            "--publish", action="store_true", help="Publish new articles now, not as drafts."
        )

    def handle(self, *args, **options):
        run = import_feed_location(
            options["location"], source_name=options["source"], publish=options["publish"]
        )
        write_run(self, run)
        if run.outcome == run.Outcome.FAILED:
            raise CommandError("The feed was not imported.")
