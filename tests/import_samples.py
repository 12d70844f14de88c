"""Feeds and JSON rows the import tests write themselves, and a local HTTP server
to serve feeds from (its fixture is `feed_server` in tests/articles/conftest.py)."""

import threading
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler


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


WITKOFF = {
    "title": "Russians made some concessions on all five regions - Witkoff",
    "link": "https://www.ukrinform.net/rubric-polytics/4026841-witkoff.html",
    "description": "He said this on Sunday in an interview with CNN.",
    "content": "<p>He said this on Sunday in an interview with CNN, according to Ukrinform.</p>"
    "<p>“We got to an agreement,” Witkoff said.</p>",
    "date": "Sun, 17 Aug 2025 11:57:16 -0400",
    "categories": ["u.s.–russia relations", "Media Coverage & Press Relations", "Sport"],
}
ZELENSKY = {
    "title": "Zelensky to meet Trump on Monday",
    "link": "https://www.ukrinform.net/rubric-polytics/4026842-zelensky.html",
    "description": "Presidents are scheduled to hold talks at the White House.",
    "date": "Sun, 17 Aug 2025 13:05:00 +0300",
}

ARTICLE_ROW = {
    "title": "Russians made some concessions on all five regions - Witkoff",
    "source": {"name": "Ukrinform", "domain": "ukrinform.net"},
    "source_url": "https://www.ukrinform.net/rubric-polytics/4026841-witkoff.html",
    "original_published_at": "2025-08-17T11:57:16-04:00",
    "categories": ["U.S.–Russia Relations", "U.S.–NATO Relations"],
    "tags": ["Witkoff", "peace talks"],
    "summary": "He said this on Sunday in an interview with CNN.",
    "body": "He said this on Sunday in an interview with CNN, according to Ukrinform.",
    "status": "published",
    "publish_at": "2025-08-17T12:30:00-04:00",
    "sections": {
        "opinion": {"body": "The ongoing **tensions**…", "provenance": "ai"},
        "todo": {"body": "1. Call your representative", "provenance": "editor"},
    },
}
