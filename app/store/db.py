"""Engines and sessions for SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from typing import Annotated, Any, TypeAlias

from fastapi import Depends, Request
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from app.config import Settings


def make_engine(settings: Settings) -> Engine:
    """An engine for ``settings.database_url``; a SQLite file's folder is created if missing."""
    if settings.is_sqlite:
        path = settings.sqlite_path()
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            settings.database_url,
            connect_args={"check_same_thread": False, "timeout": 30},
            **_pool_size(settings),
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    engine = create_engine(
        settings.database_url,
        pool_pre_ping=True,
        **_pool_size(settings),
        connect_args={"connect_timeout": 5},
    )
    event.listen(engine, "begin", _postgres_begin)
    return engine


def _pool_size(settings: Settings) -> dict[str, int]:
    """One pooled connection per database thread, so steady load never opens a connection.

    SQLAlchemy's default (5 kept, 10 more opened on demand and closed on return) churned
    connections under 32 concurrent requests: each new SQLite connection ran its pragmas and
    started with a cold page cache. The request threads are capped at ``db_threads`` (see
    ``app.main``), so they never need more than the pool keeps; the overflow serves callers
    outside those threads (the CLI, tests, the lifespan) and is rarely used.
    """
    return {"pool_size": settings.db_threads, "max_overflow": settings.db_threads}


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    """SQLite leaves foreign keys off and has no busy wait unless asked, on every connection.

    WAL lets readers go on while one writer commits; NORMAL sync is durable across process
    crashes in WAL mode (only a power loss can drop the last commits). The rest is for speed
    at millions of rows (docs/benchmarks.md):

    - no ``mmap_size``: a memory map saves a ``read()`` copy per page miss, but every pooled
      connection maps the file anew and each mapping's pages count in the process's RSS (a
      1 GiB map on ten connections showed 9 GiB RSS under the Q7 scan; docs/benchmarks.md).
      The OS page cache serves the reads either way.
    - ``cache_size``: 8 MiB of private page cache per connection (the default is 2 MiB), enough
      for the upper levels of every index and the rollup tables of a 10M-event database. Each
      pooled connection keeps its own, so this times ``db_threads`` is resident memory; 64 MiB
      made the server 300-480 MiB under load for no measured gain (docs/benchmarks.md).
    - ``temp_store=MEMORY``: sorts and temporary B-trees (ORDER BY without an index, DISTINCT,
      IN lists) stay in memory instead of temporary files.
    """
    if isinstance(dbapi_conn, sqlite3.Connection):
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own is deferred).
        dbapi_conn.isolation_level = None
        for pragma in (
            "foreign_keys=ON",
            "journal_mode=WAL",
            "synchronous=NORMAL",
            "busy_timeout=30000",
            "cache_size=-8192",
            "temp_store=MEMORY",
        ):
            dbapi_conn.execute(f"PRAGMA {pragma}")


def _sqlite_begin(conn: Any) -> None:
    """Start every SQLite transaction IMMEDIATE so two writers cannot interleave half-way.

    Readers pay nothing for it in WAL mode except on the write lock, which only a writer needs.
    """
    write = conn.get_execution_options().get("faultline_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


# Any constant: the key of the advisory lock every PostgreSQL write transaction takes.
WRITE_LOCK_KEY = 0x4641554C54  # "FAULT"


def _postgres_begin(conn: Any) -> None:
    """Serialize PostgreSQL writers on one advisory lock, as SQLite's BEGIN IMMEDIATE does.

    The rollup triggers update shared counter rows; two writers touching them in different
    orders deadlock (seen under concurrent ingests). Writes are short, so queueing them costs
    less than retrying; readers never take the lock.
    """
    if conn.get_execution_options().get("faultline_write", False):
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")


async def get_session(request: Request) -> AsyncIterator[Session]:
    """A session on the app's engine; anything left uncommitted is discarded on close.

    Async on purpose, though the session is used from the endpoint's worker thread: making a
    session does no I/O (it connects on first use), and a sync generator dependency would cost
    two more thread hops per request (enter and exit), a third of Q1's time. Closing returns
    the connection to the pool after a rollback, which is microseconds on SQLite and one
    loopback round trip on PostgreSQL.
    """
    with Session(request.app.state.engine) as session:
        yield session


SessionDep: TypeAlias = Annotated[Session, Depends(get_session)]


def write_session(engine: Engine) -> Session:
    """A session whose transactions take SQLite's write lock at BEGIN (a no-op elsewhere)."""
    return Session(engine.execution_options(faultline_write=True))


def insert_ignoring_duplicates(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """INSERT rows, skipping those whose primary key already exists, on either dialect."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert = sqlite_insert if dialect == "sqlite" else pg_insert
    session.execute(insert(table).values(rows).on_conflict_do_nothing())
