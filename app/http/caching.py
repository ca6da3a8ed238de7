"""HTTP caching: a strong ``ETag`` on every buffered GET answer, ``304`` on a match,
and ``Cache-Control`` by kind of resource.

Answers are revalidated rather than cached blind (``no-cache``): the data changes on every
ingest, and a ``304`` costs the client one round trip and no body. Streaming answers (exports
without a ``Content-Length``) pass through untouched so their memory stays flat.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BUFFERED = 8 * 1024 * 1024

# (path prefix, Cache-Control) pairs, first match wins.
CACHE_RULES: tuple[tuple[str, str], ...] = (
    ("/v1/event-types", "public, max-age=3600"),
    ("/v1/", "public, no-cache"),
    ("/static/", "public, max-age=86400"),
    ("/healthz", "no-store"),
    ("/readyz", "no-store"),
    ("/metrics", "no-store"),
)


def versioned_url(prefix: str, name: str, path: Path) -> str:
    """``prefix + name`` with the first bytes of the file's SHA-256 as ``?v=``: a shipped file
    can be cached long (``/static/``) and an upgrade still changes its URL."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return f"{prefix}{name}?v={digest}"


def _cache_control(path: str, status: int) -> str:
    if status >= 400:
        return "no-store"
    for prefix, value in CACHE_RULES:
        if path.startswith(prefix):
            return value
    return "public, no-cache"


def _matches(if_none_match: str, etag: str) -> bool:
    tags = [t.strip() for t in if_none_match.split(",")]
    return "*" in tags or etag in tags or etag in (t.removeprefix("W/") for t in tags)


class ETagMiddleware:
    """Add ``ETag`` and ``Cache-Control`` to GET/HEAD answers; answer ``304`` when unchanged."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        request_headers = dict(scope["headers"])
        if_none_match = request_headers.get(b"if-none-match", b"").decode("latin-1")
        start: Message | None = None
        chunks: list[bytes] = []
        passthrough = False

        async def buffering_send(message: Message) -> None:
            nonlocal start, passthrough
            if passthrough:
                await send(message)
                return
            if message["type"] == "http.response.start":
                start = message
                headers = dict(message.get("headers", []))
                length = headers.get(b"content-length")
                if length is None or int(length) > MAX_BUFFERED or b"etag" in headers:
                    passthrough = True
                    await send(_with_cache_control(message, scope["path"]))
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            assert start is not None
            await self._finish(start, b"".join(chunks), if_none_match, scope["path"], send)

        await self.app(scope, receive, buffering_send)

    async def _finish(
        self, start: Message, body: bytes, if_none_match: str, path: str, send: Send
    ) -> None:
        status = int(start["status"])
        headers = [h for h in start.get("headers", []) if h[0].lower() != b"cache-control"]
        headers.append((b"cache-control", _cache_control(path, status).encode()))
        if status != 200:
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        encoding = dict(headers).get(b"content-encoding", b"identity")
        digest = hashlib.sha256(body + b"|" + encoding).hexdigest()[:32]
        etag = f'"{digest}"'
        headers.append((b"etag", etag.encode()))
        if if_none_match and _matches(if_none_match, etag):
            kept = [h for h in headers if h[0].lower() not in (b"content-length", b"content-type")]
            await send({"type": "http.response.start", "status": 304, "headers": kept})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _with_cache_control(message: Message, path: str) -> Message:
    headers = [h for h in message.get("headers", []) if h[0].lower() != b"cache-control"]
    headers.append((b"cache-control", _cache_control(path, int(message["status"])).encode()))
    return {**message, "headers": headers}


class HeadMiddleware:
    """Answer HEAD like GET without the body, as RFC 9110 asks of every GET resource."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b""})
                return
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_without_body)
