"""The search index rebuilt and the CHECK constraints verified after a load."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy import Connection

from app.corpus.synth_side import SEARCH_HASH_BYTES, SET_SEARCH_HASH

SEARCH_BODY = (
    "summary || char(10) || quote || CASE WHEN quote_restored = quote "
    "THEN '' ELSE char(10) || quote_restored END"
)


def rebuild_search(conn: Connection, after_rowid: int = 0) -> None:
    """Index the events past ``after_rowid`` in SQLite's ``event_search`` (0: rebuild it all).

    The same body as the migration's triggers, set-wise. PostgreSQL's GIN index needs nothing.
    """
    if conn.dialect.name != "sqlite":
        return
    if not after_rowid:
        conn.exec_driver_sql("INSERT INTO event_search (event_search) VALUES ('delete-all')")
    conn.exec_driver_sql(
        f"INSERT INTO event_search (rowid, body) SELECT rowid, {SEARCH_BODY} FROM event "
        f"WHERE rowid > {int(after_rowid)}"
    )


def checks_of(table: str) -> dict[str, str]:
    """The model's CHECK constraints on ``table``: name -> SQL condition."""
    from sqlmodel import SQLModel

    return {
        str(c.name): str(c.sqltext)
        for c in SQLModel.metadata.tables[table].constraints
        if isinstance(c, sa.CheckConstraint)
    }


def check_violation(checks: dict[str, str]) -> str:
    """A condition true on a row that breaks any of ``checks`` (from ``checks_of``)."""
    return " OR ".join(f"NOT ({sql})" for sql in checks.values())


def verify_checks(conn: Connection, table: str, after_rowid: int = 0) -> None:
    """Raise unless every row of ``table`` past ``after_rowid`` meets the model's CHECKs (SQLite).

    The load inserts with ``ignore_check_constraints`` (per-row CHECKs with long ``IN`` lists
    cost more than the insert itself) and checks the new rows here, set-wise, before commit.
    """
    checks = checks_of(table)
    if not checks:
        return
    where = check_violation(checks)
    bad = conn.exec_driver_sql(
        f"SELECT rowid FROM {table} WHERE rowid > {int(after_rowid)} AND ({where}) LIMIT 1"
    ).first()
    if bad is None:
        return
    failed = [
        name
        for name, sql in checks.items()
        if conn.exec_driver_sql(f"SELECT NOT ({sql}) FROM {table} WHERE rowid = {bad[0]}").scalar()
    ]
    raise RuntimeError(f"synth: {table} rowid {bad[0]} violates CHECK {', '.join(failed)}")


@contextmanager
def _search_hash(conn: Connection, size: int = SEARCH_HASH_BYTES) -> Iterator[None]:
    """A large FTS5 pending-data hash (default 1 MiB) for the block: fewer segments to merge.

    ``hashsize`` is stored in ``event_search_config``; it is set back to the default after.
    """
    if conn.dialect.name != "sqlite":
        yield
        return
    conn.exec_driver_sql(SET_SEARCH_HASH, (int(size),))
    yield
    conn.exec_driver_sql(SET_SEARCH_HASH, (1 << 20,))
