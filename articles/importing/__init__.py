"""Bringing articles in from news feeds and JSON, and out to JSON.

Every import is safe to run again: articles are keyed by their source URL, only
real changes are saved, each item is saved whole or not at all, and each run is
recorded as an ImportRun (counts, rejections with their reasons) for the admin.
"""

from articles.importing.feeds import import_due_feeds, import_feed, import_feed_location
from articles.importing.json_io import export_articles_json, import_articles_json

__all__ = [
    "export_articles_json",
    "import_articles_json",
    "import_due_feeds",
    "import_feed",
    "import_feed_location",
]
