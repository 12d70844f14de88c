"""Fixtures for the articles tests: a local HTTP server that serves test feeds."""

import threading
from http.server import ThreadingHTTPServer

import pytest

from tests.import_samples import FeedServer, make_handler


@pytest.fixture(scope="session")
def _feed_httpd():
    state = FeedServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(state))
    httpd.daemon_threads = True
    state.base_url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield state
    state.release.set()
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def feed_server(_feed_httpd):
    """The local server with no routes; slow requests are let go when the test ends."""
    _feed_httpd.routes.clear()
    _feed_httpd.requests.clear()
    yield _feed_httpd
    _feed_httpd.release.set()
    _feed_httpd.release = threading.Event()
