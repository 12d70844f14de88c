"""Full-text search structures: a weighted tsvector with GIN indexes on PostgreSQL,
an FTS5 table on SQLite. Each database gets only its own; the other's steps are no-ops.
Filling them is articles.search.refresh_search_index's job (run after every migrate for
articles not yet indexed), so this migration stays independent of the models' code.
"""

import django.contrib.postgres.search
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

POSTGRESQL_FORWARDS = [
    "CREATE INDEX article_search_vector_gin ON articles_article USING gin (search_vector)",
    "CREATE INDEX article_search_title_gin ON articles_article USING gin (search_title_vector)",
    "CREATE INDEX article_title_trgm ON articles_article USING gin (title gin_trgm_ops)",
]
POSTGRESQL_BACKWARDS = [
    "DROP INDEX IF EXISTS article_title_trgm",
    "DROP INDEX IF EXISTS article_search_title_gin",
    "DROP INDEX IF EXISTS article_search_vector_gin",
]
# rowid is the article id. Contentful, so snippet() and highlight() can quote it.
SQLITE_FORWARDS = [
    "CREATE VIRTUAL TABLE articles_article_fts USING fts5("
    "title, summary, body, commentary, names, "
    "tokenize = 'porter unicode61 remove_diacritics 2')",
]
SQLITE_BACKWARDS = ["DROP TABLE IF EXISTS articles_article_fts"]


def run_for_vendor(statements):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0003_article_petition'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='search_vector',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='article',
            name='search_title_vector',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        TrigramExtension(),  # does nothing on other databases
        migrations.RunPython(
            run_for_vendor({"postgresql": POSTGRESQL_FORWARDS, "sqlite": SQLITE_FORWARDS}),
            run_for_vendor({"postgresql": POSTGRESQL_BACKWARDS, "sqlite": SQLITE_BACKWARDS}),
        ),
    ]
