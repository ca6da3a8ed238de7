"""``faultline synth``: fill the configured database with a synthetic corpus (bulk path)."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from typing import Any

from app.config import Settings


def cmd_synth(settings: Settings, args: argparse.Namespace) -> int:
    from app.corpus.synth import load
    from app.store.db import make_engine
    from app.store.migrate import upgrade_to_head

    if not args.quiet:
        logging.getLogger("faultline.synth").setLevel(logging.INFO)
    engine = make_engine(settings)
    upgrade_to_head(engine)
    started = time.perf_counter()
    count = load(engine, args.rows, args.seed, chunk=args.chunk, progress=not args.quiet)
    elapsed = time.perf_counter() - started
    rate = count / elapsed if elapsed else 0.0
    print(f"loaded {count} events in {elapsed:.1f} s ({rate:,.0f} events/s)", file=sys.stderr)
    engine.dispose()
    return 0


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def register(subparsers: Any) -> None:
    """Add ``synth`` to the ``faultline`` command."""
    synth = subparsers.add_parser(
        "synth", help="add N synthetic events to the configured database (bulk load)"
    )
    synth.add_argument("--rows", type=_positive, required=True, help="events to add")
    synth.add_argument("--seed", type=int, default=1, help="same seed, same rows (default 1)")
    synth.add_argument(
        "--chunk",
        type=_positive,
        default=10_000,
        help="events per batch handed from the generator to the loader (default 10000)",
    )
    synth.add_argument("--quiet", action="store_true", help="no progress bar")
    synth.set_defaults(handler=cmd_synth)
