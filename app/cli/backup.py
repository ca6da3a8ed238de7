"""``faultline backup PATH``, ``faultline export [PATH|-]`` and ``faultline import jsonl FILE``.

Registered through ``app.cli.main.COMMAND_GROUPS``; the JSON Lines import joins the ``import``
command of ``app.cli.imports`` as its ``jsonl`` format (or stands alone as ``import-jsonl`` when
that module is absent).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from app.config import Settings


def cmd_backup(settings: Settings, args: argparse.Namespace) -> int:
    from app.store.backup import BackupError, backup_sqlite

    try:
        size = backup_sqlite(settings, Path(args.path))
    except BackupError as exc:
        print(f"faultline backup: {exc}", file=sys.stderr)
        return 2
    print(f"backed up {size} bytes to {args.path} (integrity_check ok)")
    return 0


def cmd_export(settings: Settings, args: argparse.Namespace) -> int:
    from app.store.backup import export_jsonl
    from app.store.db import make_engine

    engine = make_engine(settings)
    try:
        if args.path == "-":
            counts = export_jsonl(engine, sys.stdout)
        else:
            target = Path(args.path)
            partial = target.with_name(target.name + ".partial")
            with partial.open("w", encoding="utf-8", newline="\n") as out:
                counts = export_jsonl(engine, out)
            partial.replace(target)
    finally:
        engine.dispose()
    print(json.dumps({"exported": counts}), file=sys.stderr)
    return 0


def cmd_import_jsonl(settings: Settings, args: argparse.Namespace) -> int:
    from app.store.backup import BackupError, import_jsonl
    from app.store.db import make_engine
    from app.store.migrate import upgrade_to_head

    engine = make_engine(settings)
    try:
        upgrade_to_head(engine)
        if args.file == "-":
            report = import_jsonl(engine, sys.stdin)
        else:
            with open(args.file, encoding="utf-8") as lines:
                report = import_jsonl(engine, lines)
    except (BackupError, OSError, UnicodeDecodeError) as exc:
        print(f"faultline import jsonl: {exc}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    print(json.dumps(report.to_json()))
    return 0


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="a file written by `faultline export`, or - for stdin")


def register(subparsers: Any) -> None:
    """Add ``backup``, ``export`` and the JSON Lines import to the ``faultline`` parser."""
    backup = subparsers.add_parser(
        "backup", help="copy the SQLite database to PATH while it is in use (online backup)"
    )
    backup.add_argument("path", help="where to write the copy")
    backup.set_defaults(handler=cmd_backup)
    export = subparsers.add_parser(
        "export", help="write every source, event, actor, location and tombstone as JSON Lines"
    )
    export.add_argument("path", nargs="?", default="-", help="output file (default: stdout)")
    export.set_defaults(handler=cmd_export)
    help_text = "restore a `faultline export` file (adds the rows the database lacks)"
    try:
        from app.cli.imports import add_import_format
    except ImportError:
        standalone = subparsers.add_parser("import-jsonl", help=help_text)
        _import_arguments(standalone)
        standalone.set_defaults(handler=cmd_import_jsonl)
        return
    add_import_format("jsonl", help_text, cmd_import_jsonl, _import_arguments)
