import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    """Every test starts with an empty cache, so cached pages never leak between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def uncached_pages(settings):
    """Reader pages built on every request (no page cache): for counting what building
    one costs. With the page cache, a repeated request costs no query at all."""
    settings.PAGE_CACHE_ENABLED = False
