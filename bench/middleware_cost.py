"""What the ASGI middleware stack costs per request: the full app against the same app without it.

    .venv/bin/python -m bench.middleware_cost --db /tmp/bench-1m.db            # in-process
    .venv/bin/python -m bench.middleware_cost --db /tmp/bench-1m.db --wrk 10   # over HTTP

In-process mode calls the ASGI app directly (no sockets, no server) ``--requests`` times per
path and reports the CPU microseconds per request for: the bare app (routers, no middleware),
the full stack, and the full stack minus each middleware in turn. CPU time, not wall time, so
a busy machine skews it less. ``--wrk N`` also serves the bare and the full app with uvicorn
(pinned like ``bench.http_bench``) and runs wrk for N seconds on each path.

``FAULTLINE_BENCH_SKIP_MIDDLEWARE`` (class names, comma-separated) is read by :func:`app`,
the uvicorn factory used for the HTTP runs.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from app.config import Settings
from app.main import create_app

SKIP_ENV = "FAULTLINE_BENCH_SKIP_MIDDLEWARE"
ALL = "*"


def build(settings: Settings | None = None, skip: set[str] | None = None) -> FastAPI:
    """``create_app`` with the middlewares named in ``skip`` left out (``*``: all of them)."""
    original = FastAPI.add_middleware
    skip = skip or set()

    def add_middleware(self: FastAPI, cls: Any, *args: Any, **kwargs: Any) -> None:
        if ALL in skip or getattr(cls, "__name__", "") in skip:
            return
        original(self, cls, *args, **kwargs)

    FastAPI.add_middleware = add_middleware  # type: ignore[method-assign]
    try:
        return create_app(settings)
    finally:
        FastAPI.add_middleware = original  # type: ignore[method-assign]


def app() -> FastAPI:
    """uvicorn factory: the app without the middlewares named in ``SKIP_ENV``."""
    return build(skip={s for s in os.environ.get(SKIP_ENV, "").split(",") if s})


def middleware_names(asgi: FastAPI) -> list[str]:
    return [m.cls.__name__ for m in asgi.user_middleware]  # type: ignore[attr-defined]


async def _call(asgi: Any, path: str, query: bytes) -> tuple[int, int]:
    """One GET through ``asgi``: its status and the size of its body."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1"), (b"accept", b"*/*"), (b"user-agent", b"bench")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    status, size = 0, 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status, size
        if message["type"] == "http.response.start":
            status = message["status"]
        size += len(message.get("body", b""))

    await asgi(scope, receive, send)
    return status, size


def measure(
    asgi: Any, url: str, requests: int, *, lifespan: bool = False
) -> tuple[int, int, float]:
    """(status, body bytes, CPU microseconds per request) of ``requests`` GETs of ``url``.

    ``lifespan`` runs the app's start-up first (thread limit, GC tuning), as a server would.
    """
    path, _, query = url.partition("?")

    async def run() -> tuple[int, int, float]:
        started_up = asgi.router.lifespan_context(asgi) if lifespan else nullcontext()
        async with started_up:
            for _ in range(min(50, requests)):  # warm caches, the pool, the OpenAPI guard table
                status, size = await _call(asgi, path, query.encode())
            started = time.process_time()
            for _ in range(requests):
                await _call(asgi, path, query.encode())
            return status, size, (time.process_time() - started) / requests * 1e6

    return asyncio.run(run())


def cpu_us_per_request(asgi: Any, url: str, requests: int) -> float:
    status, _size, cpu_us = measure(asgi, url, requests)
    assert status == 200, url
    return cpu_us


def in_process(database_url: str, paths: dict[str, str], requests: int) -> None:
    settings = Settings(database_url=database_url, seed_on_start=False, migrate_on_start=False)
    full = build(settings)
    names = middleware_names(full)
    variants: list[tuple[str, set[str]]] = [("bare (no middleware)", {ALL}), ("full stack", set())]
    variants += [(f"full - {n}", {n}) for n in names]
    print(f"| app | {' | '.join(f'{p} us/req' for p in paths)} |")
    print("|---|" + "---|" * len(paths))
    for label, skip in variants:
        asgi = build(settings, skip)
        cells = [f"{cpu_us_per_request(asgi, url, requests):.0f}" for url in paths.values()]
        print(f"| {label} | {' | '.join(cells)} |", flush=True)
        asgi.state.engine.dispose()


def over_http(database_url: str, paths: dict[str, str], seconds: float) -> None:
    from bench.http_bench import free_port, run_wrk, server, uvicorn_command

    for label, skip in (("bare (no middleware)", ALL), ("full stack", "")):
        port = free_port()
        cmd = uvicorn_command("bench.middleware_cost:app", port)
        env = {
            "DATABASE_URL": database_url,
            "FAULTLINE_SEED_ON_START": "false",
            SKIP_ENV: skip,
        }
        with server(cmd, env, f"http://127.0.0.1:{port}/healthz"):
            base = f"http://127.0.0.1:{port}"
            for name, url in paths.items():
                r = run_wrk(base, [url], duration=seconds)
                print(
                    f"{label:<22} {name:<10} {r.rps:8.0f} req/s  p50 {r.p50_ms:6.2f} ms  "
                    f"p99 {r.p99_ms:6.2f} ms  errors {r.errors}",
                    flush=True,
                )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="SQLite file")
    parser.add_argument("--requests", type=int, default=3000, help="per path, in-process")
    parser.add_argument("--wrk", type=float, default=0, help="also run wrk this many seconds")
    args = parser.parse_args(argv)
    database_url = f"sqlite:///{args.db.resolve()}"
    from bench.http_bench import sample_event_ids

    event_id = sample_event_ids(database_url, 1)[0]
    paths = {"/healthz": "/healthz", "Q1": f"/v1/events/{event_id}"}
    print(f"load average: {Path('/proc/loadavg').read_text().strip()}", file=sys.stderr)
    in_process(database_url, paths, args.requests)
    if args.wrk:
        over_http(database_url, paths, args.wrk)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
