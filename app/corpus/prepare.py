"""Rows on their way in: bulk inserts, suspended indexes, the derived sums, the forked generator."""

from __future__ import annotations

import gc
import logging
import multiprocessing
import time
from collections.abc import Generator, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from app.corpus.generate import generate
from app.corpus.synth_side import (
    ROLLUP_KEYS,
    SEARCH_SOURCE_COLUMNS,
    SUMS,
    SidePlan,
    SideWriter,
    adding_sums,
)
from app.corpus.world import EVENT_COLUMNS, World

logger = logging.getLogger("faultline.synth")


def _bulk_insert(
    cursor: Any, dialect: str, table: str, columns: Sequence[str], rows: list[Any]
) -> None:
    """executemany on SQLite (one prepared statement), COPY on PostgreSQL."""
    if dialect == "sqlite":
        marks = ", ".join("?" * len(columns))
        cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
        return
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


@contextmanager
def suspended_indexes(conn: Connection, table: str) -> Iterator[None]:
    """Drop ``table``'s plain secondary indexes for the block and build them again after.

    Building an index once from sorted data is several times cheaper than keeping ten B-trees
    up to date row by row. Unique and primary-key indexes stay (they guard the data). Inside the
    caller's transaction: readers keep seeing the old snapshot with its indexes.
    """
    if conn.dialect.name == "sqlite":
        query = (
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :t "
            "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'"
        )
    else:
        query = (
            "SELECT i.indexname, i.indexdef FROM pg_indexes i JOIN pg_class c "
            "ON c.relname = i.indexname JOIN pg_index x ON x.indexrelid = c.oid "
            "WHERE i.tablename = :t AND NOT x.indisunique"
        )
    stored = conn.execute(sa.text(query), {"t": table}).all()
    for name, _sql in stored:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _name, sql in stored:
        conn.exec_driver_sql(sql)


UNDATED = "0001-01-01"
# Between the last chunk of rows and the rollup sums: the loader goes on without the sums.
ROWS_DONE = "rows done"
# The tables whose plain indexes a large load drops and builds again after its rows.
INDEXES_SUSPENDED_ON = ("event", "event_country")


@dataclass
class Derived:
    """The derived rows of the generated events, computed as the rollup triggers would.

    ``month``: rows (scope, type, month, events, low, best); ``day``: rows (scope, span,
    day_start, type, day_end, events, low, best); ``max_span`` the longest
    ``date_end - date_start``.
    """

    month: list[tuple[Any, ...]] = field(default_factory=list)
    day: list[tuple[Any, ...]] = field(default_factory=list)
    max_span: int = 0


def _prepared(
    rows: int,
    seed: int,
    world: World,
    dialect: str,
    chunk: int,
    countries: dict[str, str | None],
    side: SidePlan | None = None,
) -> Generator[tuple[list[Any], list[Any], list[Any]] | str | Derived, None, None]:
    """Chunks of (sources, events, event_country rows), ``ROWS_DONE``, the sums (``Derived``).

    ``countries`` maps actor and place ids to their stored country (the database's, which may
    differ from the world's if someone edited a synthetic actor): an event's countries are its
    scopes, as the triggers would find them. Per event only one sum is kept, by (countries,
    type, dates); the rollup rows are expanded from those after the last chunk, while the
    loader builds indexes. With a ``side`` plan (SQLite) each event's summary and quotes are
    staged in the side file as they are generated, and after the last chunk the search index
    and the rollup rows are stored there (``app.corpus.synth_side``); the ``Derived`` then only
    carries the longest span.
    """
    writer = SideWriter(side) if side is not None else None
    texts = tuple(EVENT_COLUMNS.index(c) for c in SEARCH_SOURCE_COLUMNS)
    get = countries.get
    sums: dict[tuple[Any, ...], list[int]] = {}
    sources: list[Any] = []
    events: list[Any] = []
    links: list[Any] = []
    add_link = links.append
    for source, batch in generate(rows, seed, world=world, dialect=dialect):
        sources.append(source)
        events.extend(batch)
        for e in batch:
            ds = e[4]
            actor, target, place = get(e[7]), get(e[8]), get(e[9])
            if target == actor:
                target = None
            if place in (actor, target):
                place = None
            scopes = tuple(c for c in (actor, target, place) if c is not None)
            day, dated = (ds, True) if ds is not None else (UNDATED, False)
            for country in scopes:
                add_link((country, dated, day, e[0]))
            low = e[10] or 0
            best = e[11] if e[11] is not None else low
            key = (scopes, e[2], ds, e[5])
            acc = sums.get(key)
            if acc is None:
                sums[key] = [1, low, best]
            else:
                acc[0] += 1
                acc[1] += low
                acc[2] += best
        if writer is not None:
            writer.stage([tuple(e[i] for i in texts) for e in batch])
        if len(events) >= chunk:
            yield sources, events, links
            sources, events, links = [], [], []
            add_link = links.append
    if events:
        yield sources, events, links
    yield ROWS_DONE
    if writer is None:
        yield _expand(sums, ordered=True)
        return
    derived = _expand(sums, ordered=False)
    writer.finish(derived.month, derived.day)
    yield Derived(max_span=derived.max_span)


def _expand(sums: dict[tuple[Any, ...], list[int]], *, ordered: bool) -> Derived:
    """The rollup rows of per-(countries, type, dates) sums, as the triggers would add them.

    ``ordered``: sorted by key, for a loader that inserts them one by one (then they append
    to the rollup tables' B-trees). The side file takes them as they come: at 1M events,
    sorting the 1.1M daily rows in Python (3.5 s) and inserting them in order (1.7 s) cost
    more than inserting them out of order (4.4 s).
    """
    derived = Derived()
    months: dict[tuple[Any, ...], list[int]] = {}
    days: dict[tuple[Any, ...], list[int]] = {}
    for (scopes, kind, ds, de), (n, low, best) in sums.items():
        month = UNDATED if ds is None else ds[:8] + "01"
        span = ds != de
        if span and ds is not None:
            length = (date.fromisoformat(de) - date.fromisoformat(ds)).days
            derived.max_span = max(derived.max_span, length)
        for scope in ("*", *scopes):
            acc = months.get((scope, kind, month))
            if acc is None:
                months[(scope, kind, month)] = [n, low, best]
            else:
                acc[0] += n
                acc[1] += low
                acc[2] += best
            if ds is not None:
                key = (scope, span, ds, kind, de)
                acc = days.get(key)
                if acc is None:
                    days[key] = [n, low, best]
                else:
                    acc[0] += n
                    acc[1] += low
                    acc[2] += best
    month_items = sorted(months.items()) if ordered else months.items()
    day_items = sorted(days.items()) if ordered else days.items()
    derived.month = [(*k, *v) for k, v in month_items]
    derived.day = [(*k, *v) for k, v in day_items]
    return derived


def _forked(items: Iterator[Any]) -> Generator[Any, None, None]:
    """``items`` produced in a child process (the other core), at most two chunks ahead."""
    ctx = multiprocessing.get_context("fork")
    queue: Any = ctx.Queue(maxsize=2)

    def produce() -> None:
        # The child allocates millions of tuples and frees none in cycles: the collector's
        # passes over a growing heap cost ~4 s per million events and free nothing.
        gc.disable()
        try:
            for item in items:
                queue.put(item)
        except BaseException as exc:  # report it to the parent, which re-raises
            queue.put(RuntimeError(f"synth generator failed: {exc!r}"))
            raise
        queue.put(None)

    child = ctx.Process(target=produce, daemon=True)
    child.start()
    waited = 0.0
    try:
        while True:
            t0 = time.perf_counter()
            item = queue.get()
            waited += time.perf_counter() - t0
            if item is None:
                break
            if isinstance(item, Exception):
                raise item
            yield item
    finally:
        logger.info("synth: waited %.1f s for the generator", waited)
        child.join(timeout=5)
        if child.is_alive():
            child.terminate()


def _add_rollups(cursor: Any, dialect: str, derived: Derived) -> None:
    """Add the sums to the rollup tables (conflicting keys add up), and raise the span bound."""
    for table, rows in (("rollup_month", derived.month), ("rollup_day", derived.day)):
        columns = (*ROLLUP_KEYS[table], *SUMS)
        add = adding_sums(table)
        if dialect == "sqlite":  # one prepared upsert, rows in key order
            marks = ", ".join("?" * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) {add}", rows
            )
            continue
        stage = f"synth_{table}"
        cursor.execute(f"DROP TABLE IF EXISTS {stage}")
        like = f"CREATE TEMP TABLE {stage} AS SELECT {', '.join(columns)} FROM {table} WHERE false"
        cursor.execute(like)
        _bulk_insert(cursor, dialect, stage, columns, rows)
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(columns)} FROM {stage} "
            f"WHERE true {add}"
        )
        cursor.execute(f"DROP TABLE {stage}")
    if derived.max_span:
        cursor.execute(
            "INSERT INTO rollup_bound (name, value) VALUES ('max_span_days', "
            f"{int(derived.max_span)}) ON CONFLICT (name) DO UPDATE SET value = excluded.value "
            "WHERE excluded.value > rollup_bound.value"
        )
