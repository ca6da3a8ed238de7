"""The bulk load's side database: the search index and rollup rows, built on the other core.

On SQLite the loader's own connection is the bottleneck: while it builds the event indexes,
the generator's process (which has finished generating) would sit idle. So the generator also
writes, into a scratch SQLite file next to the database:

- the search body columns of every event it generated, under the rowid the loader's insert
  will give it (the loader checks that afterwards), and then builds the ``event_search`` FTS5
  index over them with the database's own DDL and body expression;
- the rollup rows of its events, summed as the triggers would add them, in tables made from
  the database's own rollup DDL (so the same primary keys keep them in key order).

The loader attaches the file before its write transaction starts (SQLite refuses ``ATTACH``
inside one) and, after its index builds, copies the rollup rows with one upsert per table and,
when the database had no events before, the search index's shadow tables wholesale. Both copies
run in C, inside the load's one transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from sqlalchemy import Connection

SEARCH_TABLE = "event_search"
# The FTS5 shadow tables of a contentless, detail=none, columnsize=0 table: the rest
# (``_config``) keeps the database's own settings.
SEARCH_SHADOWS = {"event_search_data": "id, block", "event_search_idx": "segid, term, pgno"}
SEARCH_SOURCE_COLUMNS = ("summary", "quote", "quote_restored")
ROLLUP_TABLES = ("rollup_month", "rollup_day")
ROLLUP_KEYS = {
    "rollup_month": ("scope", "type", "month"),
    "rollup_day": ("scope", "span", "day_start", "type", "day_end"),
}
SUMS = ("events", "fatalities_low", "fatalities_best")
# FTS5's pending-data hash while the side index is built (default 1 MiB): fewer, larger
# segments, 35-40 % less CPU (docs/benchmarks.md, "Bulk load").
SEARCH_HASH_BYTES = 256 << 20
# Sets it (bind the size in bytes); FTS5 keeps it in ``event_search_config``.
SET_SEARCH_HASH = f"INSERT INTO {SEARCH_TABLE} ({SEARCH_TABLE}, rank) VALUES ('hashsize', ?)"


@dataclass(frozen=True)
class SidePlan:
    """What the generator builds on the side, and where.

    ``first_rowid``: the rowid the loader's insert gives the first generated event.
    ``search_ddl``: the database's ``CREATE VIRTUAL TABLE event_search``, or None when the
    search index is not built on the side (the database already had events).
    """

    path: str
    first_rowid: int
    search_ddl: str | None
    search_body: str
    rollup_ddl: tuple[str, ...]


def side_ddl(conn: Connection, names: Sequence[str]) -> dict[str, str]:
    """The stored ``CREATE`` statements of ``names`` in the loader's database."""
    rows = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE name IN ({})".format(
            ", ".join(f"'{n}'" for n in names)
        )
    ).all()
    return {name: sql for name, sql in rows}


@contextmanager
def attached_side(conn: Connection) -> Iterator[str | None]:
    """Attach a new scratch file as ``side`` for the block; None where there is no file.

    The file lives in a temporary directory beside the database (it holds a copy of the new
    events' summaries and quotes, their search index and rollup rows) and is deleted
    afterwards. Must run outside a transaction.
    """
    database = conn.engine.url.database
    if conn.dialect.name != "sqlite" or not database or database == ":memory:":
        yield None
        return
    raw = conn.connection.dbapi_connection
    assert raw is not None
    with TemporaryDirectory(prefix=".synth-", dir=Path(database).resolve().parent) as scratch:
        path = str(Path(scratch) / "side.db")
        # On the driver connection: SQLAlchemy would open a transaction around it.
        raw.execute("ATTACH DATABASE ? AS side", (path,))
        try:
            yield path
        finally:
            conn.rollback()
            raw.execute("DETACH DATABASE side")


class SideWriter:
    """The generator's end of the side file: stages search rows, then builds what it holds."""

    def __init__(self, plan: SidePlan) -> None:
        self.plan = plan
        self.next_rowid = plan.first_rowid
        self.db = sqlite3.connect(plan.path, isolation_level=None)
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -262144"):
            self.db.execute(f"PRAGMA {pragma}").fetchall()
        self.db.execute("BEGIN")
        if plan.search_ddl is not None:
            columns = ", ".join(SEARCH_SOURCE_COLUMNS)
            self.db.execute(f"CREATE TABLE search_rows (rowid INTEGER PRIMARY KEY, {columns})")
        for ddl in plan.rollup_ddl:
            self.db.execute(ddl)

    def stage(self, texts: list[tuple[Any, ...]]) -> None:
        """Keep (summary, quote, quote_restored) of the next events, in insertion order."""
        if self.plan.search_ddl is None:
            return
        first = self.next_rowid
        self.next_rowid += len(texts)
        self.db.executemany(
            "INSERT INTO search_rows VALUES (?, ?, ?, ?)",
            [(first + i, *t) for i, t in enumerate(texts)],
        )

    def finish(self, month: list[tuple[Any, ...]], day: list[tuple[Any, ...]]) -> None:
        """Build the search index over the staged rows and store the rollup rows; commit."""
        if self.plan.search_ddl is not None:
            self.db.execute(self.plan.search_ddl)
            self.db.execute(SET_SEARCH_HASH, (SEARCH_HASH_BYTES,))
            self.db.execute(
                f"INSERT INTO {SEARCH_TABLE} (rowid, body) "
                f"SELECT rowid, {self.plan.search_body} FROM search_rows"
            )
        for table, rows in (("rollup_month", month), ("rollup_day", day)):
            marks = ", ".join("?" * (len(ROLLUP_KEYS[table]) + len(SUMS)))
            self.db.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
        self.db.execute("COMMIT")
        self.db.close()


def adding_sums(table: str) -> str:
    """The ``ON CONFLICT`` clause of an insert into rollup ``table``: a row's sums add up."""
    add = ", ".join(f"{s} = {table}.{s} + excluded.{s}" for s in SUMS)
    return f"ON CONFLICT ({', '.join(ROLLUP_KEYS[table])}) DO UPDATE SET {add}"


def copy_rollups(conn: Connection) -> None:
    """Add the side's rollup rows to the database's (conflicting keys add up), in key order."""
    for table in ROLLUP_TABLES:
        columns = ", ".join((*ROLLUP_KEYS[table], *SUMS))
        conn.exec_driver_sql(
            f"INSERT INTO main.{table} ({columns}) SELECT {columns} FROM side.{table} "
            f"WHERE true {adding_sums(table)}"
        )


def copy_search_index(conn: Connection) -> None:
    """Replace the database's (empty) search index with the side's, shadow table by table.

    Only for a database that had no events: FTS5 cannot merge two indexes, but an index that
    holds nothing can be swapped for one built elsewhere with the same DDL.
    """
    for table, columns in SEARCH_SHADOWS.items():
        conn.exec_driver_sql(f"DELETE FROM main.{table}")
        conn.exec_driver_sql(
            f"INSERT INTO main.{table} ({columns}) SELECT {columns} FROM side.{table}"
        )
