"""``faultline import FORMAT FILE``: the ``import`` command and its formats.

``import`` is a parser with its own sub-commands, one per format. ``gdelt``, ``acled`` and
``ucdp`` are registered here; another module adds a format (``jsonl`` for backups, say) by
calling :func:`add_import_format` from its own ``register(subparsers)`` or at import time, in
either order relative to this module's ``register``::

    from app.cli.imports import add_import_format

    def register(subparsers):
        add_import_format("jsonl", "restore a JSONL backup", cmd_import_jsonl, configure)

``handler(settings, args) -> int`` is the exit status; ``configure(parser)`` adds the format's
arguments (give it a positional ``file``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from app.cli.common import migration_log_silenced
from app.config import Settings

Handler = Callable[[Settings, argparse.Namespace], int]
Configure = Callable[[argparse.ArgumentParser], None]
Reader = Callable[[IO[str]], Iterator[Any]]


@dataclass(frozen=True)
class ImportFormat:
    name: str
    help: str
    handler: Handler
    configure: Configure | None = None


#: Formats by name, in the order ``faultline import --help`` lists them.
IMPORT_FORMATS: dict[str, ImportFormat] = {}
# The ``import`` parser's sub-parsers, once :func:`register` has built them.
_formats_action: Any = None


def add_import_format(
    name: str, help: str, handler: Handler, configure: Configure | None = None
) -> None:
    """Register ``faultline import NAME``; added at once if the parser already exists."""
    IMPORT_FORMATS[name] = ImportFormat(name, help, handler, configure)
    if _formats_action is not None and name not in _formats_action.choices:
        _add_format_parser(_formats_action, IMPORT_FORMATS[name])


def register(subparsers: Any) -> None:
    """Add ``import`` and its formats to the ``faultline`` parser (see ``COMMAND_GROUPS``)."""
    global _formats_action
    parser = subparsers.add_parser(
        "import",
        help="import events from a dataset export (GDELT 1.0/2.0, ACLED, UCDP GED)",
        description="Import a dataset export: one event per row, each with its row as source.",
    )
    _formats_action = parser.add_subparsers(dest="import_format", required=True, metavar="FORMAT")
    for fmt in IMPORT_FORMATS.values():
        _add_format_parser(_formats_action, fmt)


def _add_format_parser(action: Any, fmt: ImportFormat) -> None:
    parser = action.add_parser(fmt.name, help=fmt.help, description=fmt.help)
    if fmt.configure is not None:
        fmt.configure(parser)
    parser.set_defaults(handler=fmt.handler)


def _dataset_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="the export file (.zip holding one file works too)")
    parser.add_argument(
        "--batch-size",
        type=_positive,
        default=1000,
        help="rows stored per transaction (default 1000)",
    )
    parser.add_argument(
        "--quiet",
        action="store_true",
        help="no progress and no migration log on standard error (bad rows are still listed)",
    )


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"not a positive whole number: {text!r}")
    return value


def cmd_import_gdelt(settings: Settings, args: argparse.Namespace) -> int:
    from app.importers.gdelt import read_gdelt

    return _run_import(settings, args, "gdelt", read_gdelt, encoding="utf-8")


def cmd_import_acled(settings: Settings, args: argparse.Namespace) -> int:
    from app.importers.acled import read_acled

    return _run_import(settings, args, "acled", read_acled, encoding="utf-8-sig")


def cmd_import_ucdp(settings: Settings, args: argparse.Namespace) -> int:
    from app.importers.ucdp import read_ucdp

    return _run_import(settings, args, "ucdp", read_ucdp, encoding="utf-8-sig")


def _run_import(
    settings: Settings, args: argparse.Namespace, name: str, reader: Reader, *, encoding: str
) -> int:
    """Migrate, stream ``args.file`` through ``reader`` into the store; print the report as JSON.

    Exit status 0 when the file was read (bad rows are reported, not fatal), 2 when it could not
    be read as an export at all.
    """
    from app.importers.files import ExportFileError, open_export
    from app.importers.records import ImportReport
    from app.importers.store import import_records
    from app.store.db import make_engine

    engine = make_engine(settings)
    with migration_log_silenced() if args.quiet else contextlib.nullcontext():
        from app.store.migrate import upgrade_to_head  # importing Alembic logs its plugins

        upgrade_to_head(engine)
    report = ImportReport(file=str(args.file), format=name)
    try:
        with open_export(args.file, encoding=encoding) as export:
            progress = None if args.quiet else Progress(export.size, export.position, sys.stderr)
            import_records(
                engine,
                reader(export.text),
                report,
                batch_size=args.batch_size,
                on_batch=progress.update if progress else None,
            )
            if progress is not None:
                progress.done(report)
    except ExportFileError as exc:
        print(f"faultline import {name}: {exc}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    for bad in report.bad_rows[:20]:
        print(f"{args.file}:{bad.line}: skipped: {bad.reason}", file=sys.stderr)
    if report.bad > 20:
        print(f"... and {report.bad - 20} more bad rows (listed in the JSON)", file=sys.stderr)
    print(json.dumps(report.to_json(), ensure_ascii=False))
    return 0


class Progress:
    """A one-line counter on standard error, redrawn at most twice a second on a terminal.

    Off a terminal (logs, CI) it writes a line every 30 seconds instead of redrawing.
    """

    def __init__(self, size: int, position: Callable[[], int], stream: IO[str]) -> None:
        self._size, self._position, self._stream = size, position, stream
        self._tty = stream.isatty()
        self._started = self._last = time.monotonic()

    def update(self, report: Any) -> None:
        now = time.monotonic()
        if now - self._last < (0.5 if self._tty else 30):
            return
        self._last = now
        self._write(report, end="\r" if self._tty else "\n")

    def done(self, report: Any) -> None:
        self._write(report, end="\n")

    def _write(self, report: Any, *, end: str) -> None:
        try:
            share = f"{min(self._position() / self._size, 1):4.0%} " if self._size else ""
        except (OSError, ValueError):
            share = ""
        elapsed = time.monotonic() - self._started
        rate = report.rows / elapsed if elapsed > 0 else 0.0
        text = f"import {report.format}: {share}{report.line()} ({rate:,.0f} rows/s)"
        self._stream.write(text + end)
        self._stream.flush()


add_import_format(
    "gdelt",
    "import a GDELT event file: 2.0 export (61 columns) or 1.0 daily file (57/58 columns), "
    ".CSV or .zip",
    cmd_import_gdelt,
    _dataset_arguments,
)
add_import_format(
    "acled",
    "import an ACLED CSV export of any generation (2015 upper-case to the 2025 API, as ACLED "
    "wrote it or re-saved by Excel, R or pandas; event types of every codebook mapped)",
    cmd_import_acled,
    _dataset_arguments,
)
add_import_format(
    "ucdp",
    "import a UCDP GED CSV (the yearly GED, 17.1 to 25.1 and older layouts, or the monthly "
    "Candidate events): violence types, sides, low/best/high deaths and precisions mapped",
    cmd_import_ucdp,
    _dataset_arguments,
)
