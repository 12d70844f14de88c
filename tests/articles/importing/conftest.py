"""Feeds the tests write themselves, and a local HTTP server to serve them."""

import threading
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


def rss(items, *, title="Ukrinform", link="https://www.ukrinform.net/"):
    """RSS 2.0. Each item: title, link, description, content, date, categories, guid."""
    parts = []
    for item in items:
        xml = []
        if "title" in item:
            xml.append(f"<title>{escape(item['title'])}</title>")
        if "link" in item:
            xml.append(f"<link>{escape(item['link'])}</link>")
        if "guid" in item:
            xml.append(f"<guid>{escape(item['guid'])}</guid>")
        if "description" in item:
            xml.append(f"<description>{escape(item['description'])}</description>")
        if "content" in item:
            xml.append(f"<content:encoded><![CDATA[{item['content']}]]></content:encoded>")
        if "date" in item:
            xml.append(f"<pubDate>{item['date']}</pubDate>")
        xml.extend(f"<category>{escape(name)}</category>" for name in item.get("categories", []))
        parts.append("<item>" + "".join(xml) + "</item>")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{escape(title)}</title><link>{escape(link)}</link>"
        f"<description>News</description>{''.join(parts)}</channel></rss>"
    ).encode()


def atom(entries, *, title="Kyiv Independent", link="https://kyivindependent.com/"):
    """Atom 1.0. Each entry: title (HTML allowed), link, summary, content, updated,
    published, categories."""
    parts = []
    for entry in entries:
        xml = [f'<title type="html">{escape(entry["title"])}</title>',
               f'<link rel="alternate" href="{escape(entry["link"])}"/>',
               f"<id>{escape(entry['link'])}</id>",
               f"<updated>{entry.get('updated', '2025-08-17T12:00:00Z')}</updated>"]  # fmt: skip
        if "published" in entry:
            xml.append(f"<published>{entry['published']}</published>")
        if "summary" in entry:
            xml.append(f'<summary type="html">{escape(entry["summary"])}</summary>')
        if "content" in entry:
            xml.append(f'<content type="html">{escape(entry["content"])}</content>')
        xml.extend(f'<category term="{escape(name)}"/>' for name in entry.get("categories", []))
        parts.append("<entry>" + "".join(xml) + "</entry>")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f'<title>{escape(title)}</title><link href="{escape(link)}"/>'
        f"<id>{escape(link)}</id><updated>2025-08-17T12:00:00Z</updated>{''.join(parts)}</feed>"
    ).encode()


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml; charset=utf-8"
    etag: str = ""
    last_modified: str = ""
    send_length: bool = True
    slow: bool = False  # answers only when the test ends
    redirect: str = ""


@dataclass
class FeedServer:
    """A local HTTP server: set routes[path] = Route(...); requests lists what arrived."""

    base_url: str = ""
    routes: dict = field(default_factory=dict)
    requests: list = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    def url(self, path):
        return self.base_url + path


def make_handler(server):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format, *args):
            pass

        def do_GET(self):
            server.requests.append((self.path, dict(self.headers)))
            route = server.routes.get(self.path)
            if route is None:
                self.send_error(404, "Not Found")
                return
            if route.slow:
                server.release.wait(10)
                return
            if route.redirect:
                self.send_response(302)
                self.send_header("Location", route.redirect)
                self.end_headers()
                return
            matches_etag = route.etag and self.headers.get("If-None-Match") == route.etag
            matches_date = (
                route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified
            )
            if matches_etag or matches_date:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.last_modified:
                self.send_header("Last-Modified", route.last_modified)
            if route.send_length:
                self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body)

    return Handler


@pytest.fixture(scope="session")
def _feed_httpd():
    state = FeedServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(state))
    httpd.daemon_threads = True
    state.base_url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
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
