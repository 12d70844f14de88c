from django.core.management.base import BaseCommand

from articles.models import Article
from articles.search import index_unindexed_articles, refresh_search_index


class Command(BaseCommand):
    help = "Recompute the full-text search index of every article (or only missing ones)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--missing", action="store_true", help="Only index articles not yet indexed."
        )

    def handle(self, *args, missing=False, **options):
        if missing:
            index_unindexed_articles()
            self.stdout.write("Indexed the articles that were missing from the search index.")
            return
        refresh_search_index()
        self.stdout.write(f"Re-indexed {Article.objects.count()} articles.")
