"""ASGI middleware: request line and body guards, and response security headers."""

from __future__ import annotations

import asyncio
import re
import time
from collections import Counter
from typing import Any
from urllib.parse import unquote_to_bytes

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.errors import InvalidParameter, PayloadTooLarge, ProblemItem, problem_response

SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)


MAX_URL_BYTES = 8192
MAX_QUERY_PARAMS = 256
# A JSON ``\u0000`` escape not itself escaped: PostgreSQL text cannot hold NUL.
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000", re.IGNORECASE)


class RequestGuardMiddleware:
    """Bound the request line and refuse query text no handler could store.

    A URL over ``MAX_URL_BYTES`` is a 414 and more than ``MAX_QUERY_PARAMS`` parameters a 422,
    before anything parses them. A query value that is not UTF-8 once percent-decoded, or that
    holds NUL (which PostgreSQL text cannot), and a path holding NUL are 422s naming the part.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.repeatable: frozenset[str] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.repeatable is None:
            self.repeatable = repeatable_parameters(scope.get("app"))
        problem = self._check(scope, self.repeatable)
        if problem is None:
            await self.app(scope, receive, send)
            return
        status, title, slug, detail, loc = problem
        items = [ProblemItem(loc=loc, msg=detail)] if loc else []
        response = problem_response(status, title, slug, detail, items)
        await response(scope, receive, send)

    @staticmethod
    def _check(
        scope: Scope, repeatable: frozenset[str]
    ) -> tuple[int, str, str, str, list[str | int]] | None:
        query: bytes = scope.get("query_string", b"")
        raw_path: bytes = scope.get("raw_path") or scope["path"].encode("utf-8", "replace")
        if len(raw_path) + len(query) > MAX_URL_BYTES:
            detail = f"The URL is longer than {MAX_URL_BYTES} bytes."
            return 414, "URI Too Long", "uri-too-long", detail, []
        if "\x00" in scope["path"]:
            return (422, *_INVALID, "The path contains a NUL character.", ["path"])
        if not query:
            return None
        pairs = query.split(b"&")
        if len(pairs) > MAX_QUERY_PARAMS:
            detail = f"More than {MAX_QUERY_PARAMS} query parameters."
            return (422, *_INVALID, detail, ["query"])
        names: Counter[str] = Counter()
        for pair in pairs:
            name, _, value = pair.partition(b"=")
            try:
                key = unquote_to_bytes(name.replace(b"+", b" ")).decode("utf-8")
                text = unquote_to_bytes(value.replace(b"+", b" ")).decode("utf-8")
            except UnicodeDecodeError:
                shown = name.decode("ascii", "replace")
                return (422, *_INVALID, "A query parameter is not UTF-8.", ["query", shown])
            if "\x00" in key or "\x00" in text:
                detail = "A query parameter contains a NUL character."
                return (422, *_INVALID, detail, ["query", key.replace("\x00", "")])
            names[key] += 1
        for key, count in names.items():
            # One value, one meaning: a proxy reading the first and the app the last would
            # disagree (HTTP parameter pollution).
            if count > 1 and key not in repeatable:
                detail = f"Query parameter {key!r} is given {count} times; it takes one value."
                return (422, *_INVALID, detail, ["query", key])
        return None


def repeatable_parameters(app: Any) -> frozenset[str]:
    """Names of the query parameters some operation declares as arrays (``type``, ...).

    Read from the OpenAPI document, which FastAPI builds from every route however routers
    are nested, so the guard and the contract cannot disagree.
    """
    openapi = getattr(app, "openapi", None)
    if openapi is None:
        return frozenset()
    names = set()
    for item in openapi().get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                options = [schema, *schema.get("anyOf", [])]
                if parameter.get("in") == "query" and any(
                    o.get("type") == "array" for o in options
                ):
                    names.add(parameter["name"])
    return frozenset(names)


_INVALID = (InvalidParameter.title, InvalidParameter.slug)


class BodyGuardMiddleware:
    """Refuse bodies over ``max_bytes`` (413), sent too slowly (408), and JSON bodies that are
    not UTF-8 or hold NUL (422).

    The body is buffered here (at most ``max_bytes``) and replayed, so a lying or missing
    ``Content-Length`` cannot get a larger body through. RFC 8259 requires UTF-8 for JSON;
    checking it here gives a precise 422 instead of the framework's generic 400. The whole body
    must arrive within ``timeout`` seconds: uvicorn bounds idle keep-alive connections but not
    a body trickled one byte at a time, which would hold a worker slot forever.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, timeout: float = 30.0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._too_large(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                message = await asyncio.wait_for(receive(), max(deadline - time.monotonic(), 0))
            except TimeoutError:
                await self._too_slow(scope, receive, send)
                return
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._too_large(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        content_type = dict(scope["headers"]).get(b"content-type", b"").lower()
        if b"json" in content_type:
            try:
                body.decode("utf-8")
            except UnicodeDecodeError as exc:
                await self._not_utf8(scope, receive, send, exc.start)
                return
            if _JSON_NUL.search(body):
                response = problem_response(
                    *(InvalidParameter.status, *_INVALID),
                    "The JSON body contains a NUL character (\\u0000), which cannot be stored.",
                    [ProblemItem(loc=["body"], msg="contains NUL characters")],
                )
                await response(scope, receive, send)
                return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem_response(
            PayloadTooLarge.status,
            PayloadTooLarge.title,
            PayloadTooLarge.slug,
            f"The request body is larger than {self.max_bytes} bytes.",
            headers={"Connection": "close"},
        )
        await response(scope, receive, send)

    async def _too_slow(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem_response(
            408,
            "Request Timeout",
            "request-timeout",
            f"The request body did not arrive within {self.timeout:g} seconds.",
            headers={"Connection": "close"},
        )
        await response(scope, receive, send)

    async def _not_utf8(self, scope: Scope, receive: Receive, send: Send, at: int) -> None:
        response = problem_response(
            InvalidParameter.status,
            InvalidParameter.title,
            InvalidParameter.slug,
            f"The JSON body is not valid UTF-8 (first bad byte at offset {at}).",
            [ProblemItem(loc=["body"], msg="invalid UTF-8")],
        )
        await response(scope, receive, send)


class SecurityHeadersMiddleware:
    """Headers every response carries; a strict CSP except on the interactive docs pages."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers: list[Any] = list(message.get("headers", []))
                headers.extend(SECURITY_HEADERS)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
