"""Each reader page costs a small, constant number of queries to build, whatever the data
size (built: the page cache is off here; a cached page costs none, tests/truthsite)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_article, make_category, make_section

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_pages")]

# Pinned budgets (anonymous reader, warm site-settings cache).
BUDGETS = {"home": 3, "article": 5, "categories": 2, "category": 4, "tag": 4, "search": 6,
           "feed": 3, "sitemap": 7}  # fmt: skip


def build_site(scale):
    categories = [make_category() for _ in range(scale)]
    tags = [f"tag-{n}" for n in range(scale)]
    articles = []
    for n in range(scale * 3):
        article = make_article(categories=categories[: n % scale + 1], tags=tags[: n % scale + 1])
        for kind in ("opinion", "action", "todo"):
            make_section(article, kind)
        articles.append(article)
    return categories, articles


def urls_for(categories, articles):
    return {
        "home": "/",
        "article": articles[-1].get_absolute_url(),
        "categories": "/categories/",
        "category": categories[0].get_absolute_url(),
        "tag": "/tags/tag-0/",
        "search": "/search/?q=article",
        "feed": "/feed/",
        "sitemap": "/sitemap.xml",
    }


def count_queries(client, url):
    client.get(url)  # warm the per-process caches (site settings, last updated)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("page", list(BUDGETS))
def test_page_query_budget(client, django_assert_max_num_queries, page):
    categories, articles = build_site(3)
    url = urls_for(categories, articles)[page]
    client.get(url)
    with django_assert_max_num_queries(BUDGETS[page]):
        assert client.get(url).status_code == 200


def test_query_counts_do_not_grow_with_the_data(client):
    small = urls_for(*build_site(2))
    small_counts = {page: count_queries(client, url) for page, url in small.items()}
    large = urls_for(*build_site(8))
    large_counts = {page: count_queries(client, url) for page, url in large.items()}
    assert small_counts == large_counts
