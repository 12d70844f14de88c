import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    """Every test starts with an empty cache, so cached pages never leak between tests."""
    cache.clear()
    yield
    cache.clear()
