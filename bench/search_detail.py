"""Where a full-text search's SQL time goes, and what positions in the index would change.

Faultline's ``event_search`` is an FTS5 trigram index with ``detail=none``: it finds the events
holding every trigram of a word, and each candidate row is then read by rowid, checked with
``LIKE`` and sorted by date (``app/events/service.py``). This script times, in one run on a
database (only read): the trigram match alone; the match plus reading every candidate's sort
keys (date, id) by rowid; that plus the ``LIKE`` recheck (what Faultline runs now); and, in a
scratch file, an index with ``detail=full`` (each trigram's positions stored), where FTS5 can
match the word itself as a phrase of trigrams, with its build time and size.

    .venv/bin/python -m bench.search_detail --db /tmp/h5/b1m.db --word reactor
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from pathlib import Path

from app.corpus.synth import SEARCH_BODY
from app.corpus.synth_side import SEARCH_HASH_BYTES


def _timed(db: sqlite3.Connection, sql: str, *args: object) -> tuple[int, float]:
    """(count, best of three wall times in ms): the first run warms the page cache."""
    best = float("inf")
    count = 0
    for _ in range(3):
        start = time.perf_counter()
        count = db.execute(sql, args).fetchone()[0]
        best = min(best, (time.perf_counter() - start) * 1000)
    return count, best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a Faultline SQLite file (read only)")
    parser.add_argument("--word", default="reactor", help="a word of 3+ characters")
    args = parser.parse_args(argv)
    word = args.word
    grams = " AND ".join(f'"{word[i : i + 3]}"' for i in range(len(word) - 2))
    with tempfile.TemporaryDirectory() as scratch:
        db = sqlite3.connect(Path(scratch) / "full.db", isolation_level=None)
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -262144"):
            db.execute(f"PRAGMA {pragma}").fetchall()
        db.execute("ATTACH DATABASE ? AS src", (f"file:{args.db}?mode=ro",))
        db.execute(
            "CREATE VIRTUAL TABLE full_search USING fts5(body, tokenize = 'trigram', "
            "content = '', detail = full, columnsize = 0)"
        )
        db.execute(
            "INSERT INTO full_search (full_search, rank) VALUES ('hashsize', ?)",
            (SEARCH_HASH_BYTES,),
        )
        cpu = time.process_time()
        db.execute("BEGIN")
        db.execute(
            f"INSERT INTO full_search (rowid, body) SELECT rowid, {SEARCH_BODY} FROM src.event"
        )
        db.execute("COMMIT")
        build = time.process_time() - cpu
        size = db.execute(
            "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'full_search%'"
        ).fetchone()[0]
        stored = db.execute(
            "SELECT sum(pgsize) FROM dbstat('src') WHERE name LIKE 'event_search%'"
        ).fetchone()[0]
        pattern = f"%{word}%"
        candidates = "SELECT rowid FROM src.event_search WHERE event_search MATCH ?"
        match, match_ms = _timed(db, f"SELECT count(*) FROM ({candidates})", grams)
        keyed, keyed_ms = _timed(
            db,
            f"SELECT count(*) FROM (SELECT id FROM src.event WHERE rowid IN ({candidates}) "
            "ORDER BY date_start DESC, id DESC)",
            grams,
        )
        now, now_ms = _timed(
            db,
            f"SELECT count(*) FROM (SELECT id FROM src.event WHERE rowid IN ({candidates}) "
            "AND (summary LIKE ? OR quote LIKE ? OR quote_restored LIKE ?) "
            "ORDER BY date_start DESC, id DESC)",
            grams,
            pattern,
            pattern,
            pattern,
        )
        phrase, phrase_ms = _timed(
            db, "SELECT count(*) FROM full_search WHERE full_search MATCH ?", f'"{word}"'
        )
        db.close()
    print(f"stored detail=none index: {stored / 1e6:.0f} MB")
    print(f"trigram match alone: {match} candidates, {match_ms:.1f} ms")
    print(f"+ sort keys read by rowid and sorted: {keyed} rows, {keyed_ms:.1f} ms")
    print(f"+ LIKE recheck (Faultline now): {now} matches, {now_ms:.1f} ms")
    print(f"detail=full index: built in {build:.1f} s of CPU, {size / 1e6:.0f} MB")
    print(f"detail=full phrase alone: {phrase} matches, {phrase_ms:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
