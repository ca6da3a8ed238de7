"""Request ids, one JSON log line per request, and Prometheus metrics.

Logs never carry the ``Authorization`` header or query strings' keys: only the method, the
route template (``/v1/events/{event_id}``, not the id), the status and the duration.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, Request, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send

access_log = logging.getLogger("faultline.access")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


class Metrics:
    """The app's own registry, so two apps in one process (tests) never share counters."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "faultline_http_requests_total",
            "HTTP requests by method, route template and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "faultline_http_request_duration_seconds",
            "Time from request to the last response byte, by route template.",
            ["method", "route"],
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
            registry=self.registry,
        )
        self.stored = Gauge(
            "faultline_rows_stored", "Rows stored, by table.", ["table"], registry=self.registry
        )


def _route_template(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    return str(path) if path else "unmatched"


class ObservabilityMiddleware:
    """Give every request an id (``X-Request-ID``), count it, time it and log it as JSON."""

    def __init__(self, app: ASGIApp, metrics: Metrics, json_logs: bool) -> None:
        self.app = app
        self.metrics = metrics
        self.json_logs = json_logs
        self._children: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        offered = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = offered if _REQUEST_ID.match(offered) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = _route_template(scope)
            method = scope["method"]
            self._observe(method, route, status, elapsed)
            # The JSON line is built only when a handler will take it: under uvicorn without
            # the CLI's logging setup ``faultline.access`` is below INFO and the record dropped.
            if self.json_logs and access_log.isEnabledFor(logging.INFO):
                access_log.info(
                    json.dumps(
                        {
                            "ts": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                            "request_id": request_id,
                            "method": method,
                            "route": route,
                            "status": status,
                            "duration_ms": round(elapsed * 1000, 2),
                            "client": (scope.get("client") or ("", 0))[0],
                        }
                    )
                )

    def _observe(self, method: str, route: str, status: int, elapsed: float) -> None:
        """Count and time one request; the labelled children are looked up once per key.

        ``labels()`` validates and locks on every call; the children it returns are stable, so
        keeping them saves that per request. Keys are bounded: route templates, not paths.
        """
        key = (method, route, status)
        children = self._children.get(key)
        if children is None:
            children = self._children[key] = (
                self.metrics.requests.labels(method, route, str(status)),
                self.metrics.latency.labels(method, route),
            )
        children[0].inc()
        children[1].observe(elapsed)


router = APIRouter(tags=["health"])


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE_LATEST: {"schema": {"type": "string"}}}}},
)
def metrics(request: Request) -> Response:
    """Request counts and latencies by route and status, and the rows stored, as Prometheus text.

    Counters are per process: with several workers, scrape each or aggregate at the proxy.
    """
    state: Any = request.app.state
    with state.engine.connect() as connection:
        for table in ("event", "source", "actor", "location"):
            count = connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
            state.metrics.stored.labels(table).set(count)
    return Response(generate_latest(state.metrics.registry), media_type=CONTENT_TYPE_LATEST)
