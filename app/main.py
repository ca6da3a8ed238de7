"""The FastAPI application: routers, error handlers, and migrate + seed on start."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from anyio import to_thread
from fastapi import Depends, FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware

from app import __version__
from app.actors.router import router as actors_router
from app.api.errors import add_exception_handlers, document_request_guards
from app.api.security import key_digest, read_access
from app.config import Settings, get_settings
from app.dashboard.router import router as dashboard_router
from app.deletions.router import router as deletions_router
from app.event_types.router import router as event_types_router
from app.events.curation import router as curation_router
from app.events.router import router as events_router
from app.feeds.router import router as feeds_router
from app.http.caching import ETagMiddleware, HeadMiddleware
from app.http.docs_pages import add_docs_pages
from app.http.health import router as health_router
from app.http.middleware import (
    BodyGuardMiddleware,
    RequestGuardMiddleware,
    SecurityHeadersMiddleware,
)
from app.http.observability import Metrics, ObservabilityMiddleware
from app.http.observability import router as metrics_router
from app.http.ratelimit import RateLimitMiddleware
from app.locations.router import router as locations_router
from app.pipeline.code_article import warm_up as warm_up_pipeline
from app.sources.router import router as sources_router
from app.sources.seed import load_seed
from app.stats.router import router as stats_router
from app.store.db import make_engine
from app.store.migrate import upgrade_to_head

logger = logging.getLogger("faultline")

DESCRIPTION = """\
Structured geopolitical events (greetings between leaders, troop deployments, casualties, arms
transfers, weapons tests...) coded from news articles. Every event carries the exact span of the
article it was coded from: `source.raw_text[char_start:char_end] == quote`.

Reads need no key; writes need `Authorization: Bearer <key>`. Every error is
`application/problem+json` (RFC 9457). Lists page with opaque keyset cursors.
"""

TAGS = [
    {"name": "events", "description": "Coded events: filter, sort, page, and read one."},
    {"name": "sources", "description": "Articles as received and normalized; ingest new ones."},
    {"name": "actors", "description": "Who acts and who is acted upon."},
    {"name": "locations", "description": "Where events happened."},
    {"name": "stats", "description": "Timelines and facets over the same filters as events."},
    {"name": "event types", "description": "The taxonomy and its PLOVER/CAMEO crosswalk."},
    {"name": "feeds", "description": "The news feeds `faultline watch` polls (writes: API key)."},
    {"name": "health", "description": "Liveness and readiness probes."},
]


# Young-generation threshold and the two older ones (CPython's defaults: 700, 10, 10).
GC_THRESHOLDS = (20_000, 20, 20)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for ``settings`` (the environment's when None)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Sync endpoints run in AnyIO's worker threads (40 by default). More threads than the
        # pool's connections only queue on the pool, and on one core they fight over the GIL:
        # cap them at the pool size. At 1M events on one core, 2, 4 and 6 threads served the
        # mix within run-to-run noise of each other; each thread's connection adds its page
        # cache to the resident memory (docs/benchmarks.md, "Threads").
        to_thread.current_default_thread_limiter().total_tokens = settings.db_threads
        if settings.migrate_on_start:
            await run_in_threadpool(upgrade_to_head, app.state.engine)
        if settings.seed_on_start:
            await run_in_threadpool(load_seed, app.state.engine)
        if settings.api_keys:
            # A server that takes writes builds the gazetteer and lexicons (~1 s) before it is
            # ready, not in its first POST. A read-only one (no keys) never codes an article
            # and keeps the ~70 MiB they hold out of its memory.
            await run_in_threadpool(warm_up_pipeline)
        if settings.gc_tuning:
            # What start-up built (routes, the OpenAPI schema, SQLAlchemy's caches, the gazetteer)
            # lives as long as the process: take it out of the collector's view so that its full
            # passes walk only request garbage. And a list page allocates ~50,000 objects, most
            # freed when the response is sent: collecting the young generation every 20,000
            # allocations instead of 700 saves ~70 passes per page. Measured at 1M events, 32
            # connections: Q1's p99 99 -> 23 ms, Q2-Q6's p99 down by a third (docs/benchmarks.md).
            gc.collect()
            gc.freeze()
            gc.set_threshold(*GC_THRESHOLDS)
        yield
        app.state.engine.dispose()

    app = FastAPI(
        title="Faultline",
        version=__version__,
        summary="Geopolitical events coded from news, each traceable to its exact source words.",
        description=DESCRIPTION,
        openapi_tags=TAGS,
        lifespan=lifespan,
        # operationIds are the function names (list_events...): generated clients read well.
        generate_unique_id_function=lambda route: route.name,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = make_engine(settings)
    app.state.api_key_digests = tuple(key_digest(k) for k in settings.api_keys)
    app.state.metrics = Metrics()
    add_exception_handlers(app)
    document_request_guards(app)
    guarded = [Depends(read_access)]
    for router in (
        events_router,
        curation_router,
        deletions_router,
        sources_router,
        actors_router,
        locations_router,
        stats_router,
        event_types_router,
        feeds_router,
    ):
        app.include_router(router, dependencies=guarded)
    for router in (health_router, metrics_router, dashboard_router):
        app.include_router(router)
    add_docs_pages(app)
    add_middleware(app, settings)
    return app


def add_middleware(app: FastAPI, settings: Settings) -> None:
    """The middleware stack, innermost first (Starlette wraps each new one around the last)."""
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(ETagMiddleware)
    app.add_middleware(BodyGuardMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(RequestGuardMiddleware)
    app.add_middleware(
        RateLimitMiddleware,
        per_minute=settings.rate_limit_per_minute,
        writes_per_minute=settings.write_rate_limit_per_minute,
    )
    if settings.cors_origins:
        methods = ["GET", "HEAD", "OPTIONS"]
        if settings.cors_allow_writes:
            methods += ["POST", "PATCH", "DELETE"]
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=methods,
            allow_headers=["Authorization", "Content-Type", "If-None-Match", "X-Request-ID"],
            expose_headers=["ETag", "Link", "X-Request-ID", "Retry-After"],
            max_age=600,
        )
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(HeadMiddleware)
    app.add_middleware(
        ObservabilityMiddleware, metrics=app.state.metrics, json_logs=settings.json_logs
    )
