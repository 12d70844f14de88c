from django.tasks import task

from articles.search import refresh_search_index


@task
def refresh_search_index_task(article_ids):
    """Background refresh for edits that touch many articles (a category renamed).

    No retries: the index is derived data; `manage.py rebuild_search_index` (and
    every `migrate`) restores whatever a failed run left out.
    """
    refresh_search_index(article_ids)
