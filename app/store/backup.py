"""Backups: a SQLite file copy taken online, and a JSON Lines export/import of every row.

The export is one JSON object per line, in a fixed order so that two exports of the same data
are byte-identical::

    {"format": "faultline-jsonl", "version": 1, "revision": "<alembic revision>"}
    {"table": "actor", "row": {...every column...}}        # actors by id, then
    ... location, source, event, deletion, feed, feed_item rows, each in primary-key order

Dates are ``YYYY-MM-DD``; timestamps are RFC 3339 in UTC with their microseconds; every column
is written, so ids, timestamps and origins (curated / extracted / imported) come back exactly.
Import adds the rows a database lacks (by primary key) in one transaction and refuses rows that
contradict what is stored (the same article text under another id, say).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel

import app.models  # noqa: F401  (registers every table on SQLModel.metadata)
from app.config import Settings
from app.store.db import write_session

FORMAT = "faultline-jsonl"
VERSION = 1
# Referenced tables first, so that an import never breaks a foreign key half-way. The derived
# tables (``app.models.rollup``: event_country, rollup_*) are left out: the database's triggers
# rebuild them as the events go in.
TABLE_NAMES = ("actor", "location", "source", "event", "deletion", "feed", "feed_item")
DERIVED_TABLE_NAMES = frozenset(
    table.name
    for table in SQLModel.metadata.tables.values()
    if table.name.startswith("rollup_") or table.name == "event_country"
)
TABLES: tuple[sa.Table, ...] = tuple(SQLModel.metadata.tables[name] for name in TABLE_NAMES)
TABLES_BY_NAME = {table.name: table for table in TABLES}
BATCH = 500


class BackupError(Exception):
    """A backup, export or import that cannot go on; the message says why."""


# SQLite online backup -------------------------------------------------------------------------


def backup_sqlite(settings: Settings, dest: Path) -> int:
    """Copy the SQLite database to ``dest`` while it stays in use; returns the copy's size.

    Uses SQLite's online backup API (a consistent snapshot even with writers running), checks
    the copy with ``PRAGMA integrity_check``, turns it into a single self-contained file
    (rollback journal, no ``-wal``) and only then moves it to ``dest``.
    """
    source_path = settings.sqlite_path()
    if not settings.is_sqlite or source_path is None:
        raise BackupError(pg_dump_guidance(settings))
    if not source_path.exists():
        raise BackupError(f"no database file at {source_path}")
    dest = dest.expanduser()
    if dest.resolve() == source_path.resolve():
        raise BackupError("the backup would overwrite the database itself")
    partial = dest.with_name(dest.name + ".partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True, timeout=30)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy, pages=4096)
            copy.execute("PRAGMA journal_mode=DELETE")
            (verdict,) = copy.execute("PRAGMA integrity_check").fetchone()
        finally:
            copy.close()
    finally:
        source.close()
    if verdict != "ok":
        partial.unlink(missing_ok=True)
        raise BackupError(f"the copy failed its integrity check: {verdict}")
    os.replace(partial, dest)
    return dest.stat().st_size


def pg_dump_guidance(settings: Settings) -> str:
    url = sa.engine.make_url(settings.database_url).set(drivername="postgresql")
    safe = url.render_as_string(hide_password=True)
    return (
        "faultline backup copies SQLite files only. For PostgreSQL use its own tools, e.g.\n"
        f"  pg_dump --format=custom --file=faultline.dump '{safe}'\n"
        "  pg_restore --clean --if-exists --dbname=<url> faultline.dump\n"
        "(the password from PGPASSWORD or ~/.pgpass), or `faultline export` for a portable "
        "JSON Lines copy."
    )


# JSON Lines export ----------------------------------------------------------------------------


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _line(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def export_lines(engine: Engine) -> Iterator[str]:
    """Every row of every table as JSON Lines, header first, in a reproducible order."""
    from app.store.migrate import current_revision

    yield _line({"format": FORMAT, "version": VERSION, "revision": current_revision(engine)})
    with Session(engine) as session:
        for table in TABLES:
            order = [c for c in table.primary_key.columns]
            rows = session.execute(sa.select(table).order_by(*order)).mappings()
            for row in rows:
                body = {key: _encode(value) for key, value in row.items()}
                yield _line({"table": table.name, "row": body})


def export_jsonl(engine: Engine, out: IO[str]) -> dict[str, int]:
    """Write the export to ``out``; returns the number of rows per table."""
    counts = {table.name: 0 for table in TABLES}
    for number, line in enumerate(export_lines(engine)):
        out.write(line)
        if number:
            counts[json.loads(line)["table"]] += 1
    return counts


# JSON Lines import ----------------------------------------------------------------------------


@dataclass
class ImportReport:
    inserted: dict[str, int] = field(default_factory=lambda: {t.name: 0 for t in TABLES})
    present: dict[str, int] = field(default_factory=lambda: {t.name: 0 for t in TABLES})

    def to_json(self) -> dict[str, Any]:
        return {"inserted": self.inserted, "already_present": self.present}


def _decode(table: sa.Table, row: dict[str, Any], line: int) -> dict[str, Any]:
    unknown = set(row) - set(table.columns.keys())
    if unknown:
        raise BackupError(f"line {line}: unknown {table.name} column(s) {sorted(unknown)}")
    out: dict[str, Any] = {}
    for key, value in row.items():
        column_type = table.columns[key].type
        try:
            if value is not None and isinstance(column_type, sa.DateTime):
                out[key] = datetime.fromisoformat(value)
            elif value is not None and isinstance(column_type, sa.Date):
                out[key] = date.fromisoformat(value)
            else:
                out[key] = value
        except (TypeError, ValueError):
            raise BackupError(f"line {line}: {table.name}.{key} is not a valid value") from None
    return out


def read_lines(lines: Iterable[str]) -> Iterator[tuple[int, sa.Table, dict[str, Any]]]:
    """Parse and check an export: (line number, table, row) after a valid header."""
    header_seen = False
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            obj = json.loads(text)
        except ValueError:
            raise BackupError(f"line {number}: not JSON") from None
        if not isinstance(obj, dict):
            raise BackupError(f"line {number}: not a JSON object")
        if not header_seen:
            if obj.get("format") != FORMAT or obj.get("version") != VERSION:
                raise BackupError(f"line {number}: not a {FORMAT} version {VERSION} export")
            header_seen = True
            continue
        table = TABLES_BY_NAME.get(obj.get("table", ""))
        row = obj.get("row")
        if table is None or not isinstance(row, dict):
            raise BackupError(f"line {number}: expected {{'table': ..., 'row': {{...}}}}")
        yield number, table, _decode(table, row, number)
    if not header_seen:
        raise BackupError("empty file: no export header")


def import_jsonl(engine: Engine, lines: Iterable[str]) -> ImportReport:
    """Add every row the database lacks, in one transaction (all or nothing)."""
    report = ImportReport()
    pending: list[tuple[int, dict[str, Any]]] = []
    current: sa.Table | None = None
    try:
        with write_session(engine) as session, session.begin():
            for number, table, row in read_lines(lines):
                if current is not None and table is not current:
                    _flush(session, current, pending, report)
                current = table
                pending.append((number, row))
                if len(pending) >= BATCH:
                    _flush(session, current, pending, report)
            if current is not None:
                _flush(session, current, pending, report)
    except IntegrityError as exc:
        reason = str(exc.orig).splitlines()[0] if exc.orig else type(exc).__name__
        raise BackupError(f"a row contradicts the database; nothing imported ({reason})") from None
    return report


def _flush(
    session: Session, table: sa.Table, pending: list[tuple[int, dict[str, Any]]], report: Any
) -> None:
    if not pending:
        return
    (pk,) = table.primary_key.columns
    ids = [row[pk.name] for _n, row in pending]
    stored = set(session.execute(sa.select(pk).where(pk.in_(ids))).scalars())
    fresh = [row for _n, row in pending if row[pk.name] not in stored]
    if fresh:
        session.execute(sa.insert(table), fresh)
    report.inserted[table.name] += len(fresh)
    report.present[table.name] += len(pending) - len(fresh)
    pending.clear()
