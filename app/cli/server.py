"""``faultline serve``, ``migrate`` and ``seed``: the API and its database."""

from __future__ import annotations

import argparse
import json
from typing import Any

from app.config import Settings


def cmd_serve(settings: Settings, _args: argparse.Namespace) -> int:
    import uvicorn

    from app.main import create_app

    options: dict[str, Any] = {
        "host": settings.host,
        "port": settings.port,
        "log_level": settings.log_level,
        "server_header": False,
        # The app logs each request itself as JSON (with its id); uvicorn's line would repeat it.
        "access_log": not settings.json_logs,
    }
    if settings.workers > 1:
        # Worker processes import the app themselves and read the same environment; each
        # migrates on start under the write lock, so only the first one runs the DDL.
        uvicorn.run("app.main:create_app", factory=True, workers=settings.workers, **options)
    else:
        uvicorn.run(create_app(settings), **options)
    return 0


def cmd_migrate(settings: Settings, _args: argparse.Namespace) -> int:
    from app.store.db import make_engine
    from app.store.migrate import current_revision, upgrade_to_head

    engine = make_engine(settings)
    upgrade_to_head(engine)
    print(f"database at revision {current_revision(engine)}")
    return 0


def cmd_seed(settings: Settings, _args: argparse.Namespace) -> int:
    from app.sources.seed import load_seed
    from app.store.db import make_engine
    from app.store.migrate import upgrade_to_head

    engine = make_engine(settings)
    upgrade_to_head(engine)
    counts = load_seed(engine)
    print(json.dumps(counts))
    return 0


def register(subparsers: Any) -> None:
    subparsers.add_parser("serve", help="serve the API (migrates and seeds first)")
    subparsers.add_parser("migrate", help="migrate the database to the latest schema")
    subparsers.add_parser("seed", help="load the curated seed article and events (idempotent)")
    for name, handler in COMMANDS.items():
        subparsers.choices[name].set_defaults(handler=handler)


COMMANDS = {"serve": cmd_serve, "migrate": cmd_migrate, "seed": cmd_seed}
