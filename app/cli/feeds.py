"""``faultline watch [FEED_URL...]``: poll news feeds and ingest each new article.

With URLs, those feeds are watched (and added to the stored list); without, every stored
feed is. Exit status 0 when every feed was read (items skipped or failed are reported, not
fatal), 1 when some feed could not be read, 2 when there is no feed to watch.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from typing import Any

from app.cli.common import migration_log_silenced
from app.config import Settings
from app.sources.urls import web_url_problem


def _web_url(text: str) -> str:
    problem = web_url_problem(text)
    if problem is not None:
        raise argparse.ArgumentTypeError(f"{problem} ({text!r})")
    return text


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:  # also refuses NaN
        raise argparse.ArgumentTypeError(f"not a number of seconds >= 0: {text!r}")
    return value


def _positive_seconds(text: str) -> float:
    value = _seconds(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"not a number of seconds > 0: {text!r}")
    return value


def _bytes(text: str) -> int:
    if not text.isdigit() or int(text) < 1024:
        raise argparse.ArgumentTypeError(f"not a byte count >= 1024: {text!r}")
    return int(text)


def register(subparsers: Any) -> None:
    """Add ``watch`` to the ``faultline`` parser (see ``app.cli.EXTENSIONS``)."""
    parser = subparsers.add_parser(
        "watch",
        help="poll RSS/Atom feeds and ingest each new article (politely, resumably)",
        description=__doc__,
    )
    parser.add_argument(
        "feeds", nargs="*", type=_web_url, metavar="FEED_URL", help="feeds (default: stored ones)"
    )
    parser.add_argument("--once", action="store_true", help="poll once and exit")
    parser.add_argument(
        "--interval", type=_positive_seconds, default=900.0, help="seconds between polls (900)"
    )
    parser.add_argument(
        "--per-host-delay",
        type=_seconds,
        default=1.0,
        help="seconds between two requests to one host (1; a longer Crawl-delay wins)",
    )
    parser.add_argument(
        "--timeout", type=_positive_seconds, default=20.0, help="seconds per request, total (20)"
    )
    parser.add_argument(
        "--max-bytes", type=_bytes, default=5 * 1024 * 1024, help="largest answer read (5 MiB)"
    )
    parser.add_argument(
        "--quiet", action="store_true", help="no progress and no migration log on standard error"
    )
    parser.set_defaults(handler=cmd_watch)


def cmd_watch(settings: Settings, args: argparse.Namespace) -> int:
    from app.feeds import service
    from app.feeds.fetch import PoliteClient, Politeness
    from app.feeds.watch import Watcher
    from app.store.db import make_engine

    engine = make_engine(settings)
    with migration_log_silenced() if args.quiet else contextlib.nullcontext():
        from app.store.migrate import upgrade_to_head

        upgrade_to_head(engine)
    politeness = Politeness(args.per_host_delay, args.timeout, args.max_bytes)
    client = PoliteClient(politeness)
    watcher = Watcher(engine, client, progress=None if args.quiet else sys.stderr)
    status = 0
    try:
        while True:
            feeds = (
                service.ensure_feeds(engine=engine, urls=args.feeds)
                if args.feeds
                else service.list_feeds(engine=engine)
            )
            if not feeds:
                print("faultline watch: no feeds given and none stored", file=sys.stderr)
                return 2
            report = watcher.poll(feeds)
            if not args.quiet:
                print(f"watch: {report.line()}", file=sys.stderr)
            print(json.dumps(report.to_json(), ensure_ascii=False), flush=True)
            status = 1 if report.feed_failures else 0
            if args.once:
                return status
            time.sleep(args.interval)
    except KeyboardInterrupt:
        return 130
    finally:
        client.close()
        engine.dispose()
