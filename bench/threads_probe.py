"""Probe: the app with anyio's worker-thread limit set from ``FAULTLINE_BENCH_THREADS``.

    FAULTLINE_BENCH_THREADS=4 uvicorn --factory bench.threads_probe:app

Sync endpoints and dependencies run in anyio's thread pool (40 threads by default); under
32 connections on one core that is 32 threads taking turns on the GIL. This factory sets a
smaller limit on the first request, to measure what the pool size costs (docs/benchmarks.md).
"""

from __future__ import annotations

import os
from typing import Any

from anyio import to_thread

from app.main import create_app


def app() -> Any:
    inner = create_app()
    threads = int(os.environ.get("FAULTLINE_BENCH_THREADS", "40"))
    state = {"set": False}

    async def wrapped(scope: Any, receive: Any, send: Any) -> None:
        if not state["set"] and scope["type"] == "http":
            to_thread.current_default_thread_limiter().total_tokens = threads
            state["set"] = True
        await inner(scope, receive, send)

    return wrapped
