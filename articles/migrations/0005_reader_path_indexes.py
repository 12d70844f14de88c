# Indexes for the queries readers' pages run (bench/run.py prints their plans).

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0004_article_search_index'),
        ('petitions', '0001_initial'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='article',
            name='article_status_publish_idx',
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['status', '-publish_at', 'id'], name='article_published_ids_idx'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['-updated_at'], name='article_updated_idx'),
        ),
        # taggit's object_id is an integer and article ids are bigint, so every join of
        # articles to their tags compares CAST(object_id AS bigint): only an index on that
        # expression serves it (a tag's page walks the newest articles, looking each up).
        migrations.RunSQL(
            "CREATE INDEX article_tagged_items_idx ON taggit_taggeditem "
            "(tag_id, content_type_id, (CAST(object_id AS bigint)))",
            "DROP INDEX article_tagged_items_idx",
        ),
        # A category's articles from the index alone (Django's own index on the link
        # table holds the category only).
        migrations.RunSQL(
            "CREATE INDEX article_categories_by_category_idx ON articles_article_categories "
            "(category_id, article_id)",
            "DROP INDEX article_categories_by_category_idx",
        ),
    ]
