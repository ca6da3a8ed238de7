"""ASGI middleware: request body cap and response security headers."""

from __future__ import annotations

from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import InvalidParameter, PayloadTooLarge, ProblemItem, problem_response

SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)


class BodyGuardMiddleware:
    """Refuse bodies over ``max_bytes`` (413) and JSON bodies that are not UTF-8 (422).

    The body is buffered here (at most ``max_bytes``) and replayed, so a lying or missing
    ``Content-Length`` cannot get a larger body through. RFC 8259 requires UTF-8 for JSON;
    checking it here gives a precise 422 instead of the framework's generic 400.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

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
        while True:
            message = await receive()
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
