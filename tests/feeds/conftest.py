"""A news site on loopback: feeds, article pages, and every way a page can go wrong.

Each test sets ``site.routes[path] = Route(...)``; the server answers from that table and
records every request, so tests can count fetches and read the conditional headers sent.
Nothing here touches the internet.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # before the status line
    chunked: bool = False  # no Content-Length: the size cap must bite while streaming
    etag: str | None = None  # answers 304 to a matching If-None-Match


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    at: float


class Site:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        return [h.path for h in self.hits]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: object) -> None:
                pass

            def do_GET(self) -> None:
                site.hits.append(Hit(self.path, dict(self.headers.items()), time.monotonic()))
                route = site.routes.get(self.path)
                if route is None:
                    self._answer(404, b"not found", "text/plain", {})
                    return
                if route.delay:
                    time.sleep(route.delay)
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self._answer(304, b"", None, {"ETag": route.etag})
                    return
                headers = dict(route.headers)
                if route.etag:
                    headers["ETag"] = route.etag
                self._answer(route.status, route.body, route.content_type, headers, route.chunked)

            def _answer(
                self,
                status: int,
                body: bytes,
                content_type: str | None,
                headers: dict[str, str],
                chunked: bool = False,
            ) -> None:
                try:
                    self.send_response(status)
                    if content_type:
                        self.send_header("Content-Type", content_type)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    if chunked:
                        self.send_header("Connection", "close")
                        self.end_headers()
                        for start in range(0, len(body), 16384):
                            self.wfile.write(body[start : start + 16384])
                        self.close_connection = True
                        return
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if status != 304:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (size cap, timeout): that is the point

        return Handler


@pytest.fixture
def site() -> Iterator[Site]:
    server = Site()
    yield server
    server.close()


def article_html(n: int, *, title: str | None = None, broken: bool = False) -> bytes:
    """An article page with menus and a footer around the story; ``broken`` leaves tags open."""
    story = (
        f"<p>Russian forces struck the port of Odesa on Monday in attack number {n}, killing "
        f"at least {n + 2} people, regional officials said.</p>"
        "<p>Ukraine said its air defences shot down most of the drones launched overnight, "
        "and that grain silos near the harbour were damaged.</p>"
    )
    head = f"<title>{title or f'Story {n}'}</title>"
    nav = "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
    foot = "<footer>Copyright Example Wire. All rights reserved.</footer>"
    if broken:
        return (
            f"<html><head>{head}<body>{nav}<div class='story'><article><h1>Story {n}"
            f"<p><b>{story}<div><span></table></i>{foot}"
        ).encode()
    return (
        f"<!doctype html><html><head>{head}<meta charset='utf-8'></head><body>{nav}"
        f"<article><h1>Story {n}</h1>{story}</article>{foot}</body></html>"
    ).encode()


def rss(items: list[tuple[str, str, str]], *, title: str = "Example Wire") -> bytes:
    """An RSS 2.0 feed of ``(link, title, RFC 822 date)`` items."""
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid>"
        f"<pubDate>{when}</pubDate></item>"
        for link, t, when in items
    )
    return (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>{title}</title>"
        f"<link>http://example.org/</link><description>news</description>{body}</channel></rss>"
    ).encode()


def atom(entries: list[tuple[str, str, str]], *, title: str = "Atom Wire") -> bytes:
    """An Atom feed of ``(link, title, RFC 3339 date)`` entries."""
    body = "".join(
        f"<entry><title>{t}</title><link rel='alternate' href='{link}'/><id>{link}</id>"
        f"<updated>{when}</updated></entry>"
        for link, t, when in entries
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
        f"<title>{title}</title><id>urn:atom-wire</id><updated>2025-12-02T00:00:00Z</updated>"
        f"{body}</feed>"
    ).encode()
