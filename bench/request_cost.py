"""CPU per request, in process, and where it goes: the app called as ASGI, one request at a time.

No server, no sockets, no load generator: ``--requests`` calls of one path through the whole
middleware stack, timed with the process's CPU clock. ``--spy`` runs the same under py-spy (in
``.venv``) and sums the samples by where the innermost Python frame was: SQLite (the frames
that call into ``sqlite3``: statement execution and row stepping), SQLAlchemy, Faultline's code,
the framework (FastAPI, Starlette, pydantic), the event loop and thread hand-offs.

    .venv/bin/python -m bench.request_cost --db /tmp/h5/b1m.db "/v1/events?country=PRK"
    .venv/bin/python -m bench.request_cost --db /tmp/h5/b1m.db --spy "/v1/events?country=PRK"
"""

from __future__ import annotations

import argparse
import collections
import os
import subprocess
import sys
import tempfile
from pathlib import Path

BIN = Path(sys.executable).parent
# (label, substrings of the innermost frame), first match wins.
CATEGORIES = (
    ("sqlite3: SQL, row tuples", ("do_execute (sqlalchemy", "fetchall (sqlalchemy/engine")),
    ("SQLAlchemy (other)", ("sqlalchemy/",)),
    ("Faultline code (incl. orjson)", ("app/",)),
    ("FastAPI, Starlette, pydantic", ("fastapi/", "starlette/", "pydantic", "uvicorn/")),
    ("event loop, threads", ("asyncio/", "anyio/", "selectors", "threading", "queue.py")),
)


def _summarize(raw: Path) -> dict[str, float]:
    """Share of py-spy samples per category, from ``--format raw`` collapsed stacks."""
    totals: collections.Counter[str] = collections.Counter()
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        if any("importlib" in f or "_bootstrap_external" in f for f in frames):
            continue  # start-up imports
        leaf = frames[-1]
        if "epoll.poll" in leaf or "select (selectors" in leaf or "wait (threading" in leaf:
            continue  # idle
        label = next((n for n, keys in CATEGORIES if any(k in leaf for k in keys)), "other")
        totals[label] += int(count)
    whole = sum(totals.values()) or 1
    return {label: 100 * n / whole for label, n in totals.most_common()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", help="a GET path with its query string")
    parser.add_argument("--db", type=Path, help="SQLite file (else DATABASE_URL)")
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--spy", action="store_true", help="sample with py-spy and summarize")
    args = parser.parse_args(argv)
    if args.db:
        os.environ["DATABASE_URL"] = f"sqlite:///{args.db.resolve()}"
    os.environ.setdefault("FAULTLINE_SEED_ON_START", "false")
    os.environ.setdefault("FAULTLINE_MIGRATE_ON_START", "false")
    if args.spy:
        with tempfile.TemporaryDirectory() as tmp:
            raw = Path(tmp) / "spy.txt"
            cmd = [str(BIN / "py-spy"), "record", "-r", "250", "-f", "raw", "-o", str(raw)]
            inner = [sys.executable, "-m", "bench.request_cost", args.path]
            inner += ["--requests", str(args.requests)]
            subprocess.run([*cmd, "--", *inner], check=True, capture_output=True)
            for label, share in _summarize(raw).items():
                print(f"  {share:5.1f}%  {label}")
        return 0
    from app.main import create_app
    from bench.middleware_cost import measure

    status, size, cpu_us = measure(create_app(), args.path, args.requests, lifespan=True)
    print(f"{args.path}: {status}, {size} bytes, {cpu_us / 1000:.3f} ms CPU per request")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
