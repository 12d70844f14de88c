from django.core.management.base import BaseCommand, CommandError

from articles.importing import export_articles_json


class Command(BaseCommand):
    help = (
        "Write every article, with its categories, tags, source and commentary sections, "
        "as JSON that import_articles reads back (see import_articles --help)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output", metavar="FILE", help="Write to FILE instead of standard output."
        )

    def handle(self, *args, **options):
        text = export_articles_json()
        if not options["output"]:
            self.stdout.write(text)
            return
        try:
            with open(options["output"], "w", encoding="utf-8") as stream:
                stream.write(text + "\n")
        except OSError as error:
            raise CommandError(f"Cannot write {options['output']}: {error.strerror}") from error
        self.stderr.write(f"Exported the articles to {options['output']}.")
