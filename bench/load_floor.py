"""The bulk load's floor: the CPU that SQLite alone spends storing a loaded corpus again.

``faultline synth`` generates rows in Python and stores them through SQLite; this script asks
how fast any loader of Faultline's schema could be on this machine. It reads every row of an
existing database (the rows the loader made) into memory first, untimed, then stores them
into a scratch file with the loader's settings and measures each step's process CPU (SQLite's
sorter threads included):

- the ``source``, ``event`` and ``event_country`` rows by ``executemany``, with the secondary
  indexes suspended as the loader does, each table's rows in its key order (the cheapest
  order, so this is a lower bound: the loader's links arrive unsorted);
- the CHECK constraints, checked set-wise afterwards as the loader does (per row, their long
  ``IN`` lists cost more than the insert);
- each secondary index built once from the stored rows;
- the ``event_search`` trigram index, built set-wise with the loader's hash size;
- the rollup rows, in key order; ``ANALYZE`` as the loader runs it.

No generation, no pickling, no sums: whatever the loader's Python does comes on
top. The total divided by the machine's cores is the shortest wall time the work allows if it
split perfectly, hence the most events per second this schema can load here.

    .venv/bin/python -m bench.load_floor --db /tmp/h5/b1m.db
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from app.corpus.synth import (
    EVENT_COLUMNS,
    FRESH_LOAD_PRAGMAS,
    INDEXES_SUSPENDED_ON,
    LINK_COLUMNS,
    LOAD_PRAGMAS,
    SEARCH_BODY,
    SOURCE_COLUMNS,
    check_violation,
    checks_of,
)
from app.corpus.synth_side import (
    ROLLUP_KEYS,
    ROLLUP_TABLES,
    SEARCH_HASH_BYTES,
    SEARCH_TABLE,
    SET_SEARCH_HASH,
    SUMS,
)


def _schema(src: sqlite3.Connection) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """(CREATE TABLE per table, [(index, table, CREATE INDEX)] of the plain indexes)."""
    tables = dict(
        src.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name IN "
            "('source', 'event', 'event_country', 'rollup_day', 'rollup_month')"
        ).fetchall()
    )
    tables[SEARCH_TABLE] = src.execute(
        "SELECT sql FROM sqlite_master WHERE name = ?", (SEARCH_TABLE,)
    ).fetchone()[0]
    indexes = src.execute(
        "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        "AND tbl_name IN ('source', 'event', 'event_country') ORDER BY tbl_name, name"
    ).fetchall()
    return tables, indexes


def _insert(
    db: sqlite3.Connection, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    marks = ", ".join("?" * len(columns))
    db.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, type=Path, help="a loaded Faultline SQLite file")
    args = parser.parse_args(argv)

    src = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    tables, indexes = _schema(src)
    columns = {"source": SOURCE_COLUMNS, "event": EVENT_COLUMNS, "event_country": LINK_COLUMNS}
    order = {"source": "rowid", "event": "rowid", "event_country": ", ".join(LINK_COLUMNS)}
    rows = {
        table: src.execute(
            f"SELECT {', '.join(cols)} FROM {table} ORDER BY {order[table]}"
        ).fetchall()
        for table, cols in columns.items()
    }
    for table in ROLLUP_TABLES:
        names = (*ROLLUP_KEYS[table], *SUMS)
        columns[table] = names
        rows[table] = src.execute(
            f"SELECT {', '.join(names)} FROM {table} ORDER BY {', '.join(ROLLUP_KEYS[table])}"
        ).fetchall()
    src.close()
    events = len(rows["event"])
    if not events:
        raise SystemExit(f"{args.db} holds no events")

    steps: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="faultline-floor-") as scratch:
        db = sqlite3.connect(Path(scratch) / "floor.db", isolation_level=None)
        for pragma in LOAD_PRAGMAS + FRESH_LOAD_PRAGMAS:  # CHECKs are checked set-wise after
            db.execute(f"PRAGMA {pragma}").fetchall()
        for table in ("source", "event", "event_country", *ROLLUP_TABLES, SEARCH_TABLE):
            db.execute(tables[table])
        for _name, table, sql in indexes:
            if table not in INDEXES_SUSPENDED_ON:
                db.execute(sql)
        db.execute(SET_SEARCH_HASH, (SEARCH_HASH_BYTES,))
        db.execute("BEGIN")

        @contextmanager
        def timed(label: str) -> Iterator[None]:
            start = time.process_time()
            yield
            steps.append((label, time.process_time() - start))

        for table in ("source", "event", "event_country"):
            with timed(f"insert {table} rows"):
                _insert(db, table, columns[table], rows[table])
        for table in ("source", "event"):
            where = check_violation(checks_of(table))
            with timed(f"check {table} CHECKs"):
                db.execute(f"SELECT rowid FROM {table} WHERE {where} LIMIT 1").fetchall()
        for name, table, sql in indexes:
            if table in INDEXES_SUSPENDED_ON:
                with timed(f"build {name}"):
                    db.execute(sql)
        with timed(f"build {SEARCH_TABLE} (trigram)"):
            db.execute(
                f"INSERT INTO {SEARCH_TABLE} (rowid, body) SELECT rowid, {SEARCH_BODY} FROM event"
            )
        for table in ROLLUP_TABLES:
            with timed(f"insert {table} rows"):
                _insert(db, table, columns[table], rows[table])
        with timed("commit"):
            db.execute("COMMIT")
        db.execute("PRAGMA analysis_limit = 1000").fetchall()
        with timed("ANALYZE"):
            db.execute("ANALYZE main")
        db.close()

    total = sum(seconds for _label, seconds in steps)
    cores = os.cpu_count() or 1
    width = max(len(label) for label, _s in steps)
    print(
        f"{events:,} events, {len(rows['event_country']):,} event_country rows, "
        f"{len(rows['rollup_day']) + len(rows['rollup_month']):,} rollup rows"
    )
    for label, seconds in steps:
        print(f"  {label:<{width}}  {seconds:7.2f} s CPU")
    print(f"  {'total':<{width}}  {total:7.2f} s CPU")
    print(
        f"split perfectly over {cores} cores: at least {total / cores:.1f} s of wall time, "
        f"at most {events * cores / total:,.0f} events/s (no generation, no Python)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
