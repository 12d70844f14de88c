import argparse
import sys

from django.core.management.base import BaseCommand, CommandError, DjangoHelpFormatter

from articles.importing import import_articles_json
from articles.importing.json_io import FORMAT_HELP
from articles.management.commands._reporting import write_run


class _HelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    pass


class Command(BaseCommand):
    help = (
        "Create or update articles, with their categories, tags and commentary sections, "
        "from a JSON file ('-' reads standard input). Safe to run again."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        return super().create_parser(
            prog_name, subcommand, epilog=FORMAT_HELP, formatter_class=_HelpFormatter, **kwargs
        )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE.json", help="The articles to import.")

    def handle(self, *args, **options):
        path = options["file"]
        try:
            if path == "-":
                data = sys.stdin.buffer.read()
            else:
                with open(path, "rb") as stream:
                    data = stream.read()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}") from error
        run = import_articles_json(data, location=path)
        write_run(self, run)
        if run.outcome == run.Outcome.FAILED:
            raise CommandError("Nothing was imported.")
