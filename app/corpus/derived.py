"""The derived tables (event_country, rollups, search): their triggers, their rebuild, drift."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine

from app.corpus.synth_side import adding_sums
from app.store.db import write_session


@contextmanager
def suspended_triggers(conn: Connection) -> Iterator[None]:
    """Run the block without the rollup triggers, inside the caller's write transaction.

    SQLite has no DISABLE TRIGGER: the triggers are dropped and created again from their own
    stored SQL (so this follows whatever the migrations installed). Both are transactional,
    and the write lock is held throughout, so no other writer runs while they are away.
    """
    if conn.dialect.name == "sqlite":
        stored = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
            "AND tbl_name IN ('event', 'actor', 'location')"
        ).all()
        for name, _sql in stored:
            conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
        yield
        for _name, sql in stored:
            conn.exec_driver_sql(sql)
        return
    conn.exec_driver_sql("ALTER TABLE event DISABLE TRIGGER USER")
    yield
    conn.exec_driver_sql("ALTER TABLE event ENABLE TRIGGER USER")


def _derived_sql(dialect: str, where: str) -> list[str]:
    """INSERT ... SELECT statements adding the derived rows of the events matching ``where``.

    The same arithmetic as the triggers of the ``rollups`` migration, set-wise; conflicts add.
    """
    sqlite = dialect == "sqlite"
    undated = "'0001-01-01'" if sqlite else "DATE '0001-01-01'"
    month = (
        f"CASE WHEN e.date_start IS NULL THEN {undated} ELSE substr(e.date_start, 1, 8) || '01' END"
        if sqlite
        else f"coalesce(date_trunc('month', e.date_start)::date, {undated})"
    )
    sums = (
        "count(*), sum(coalesce(e.fatalities_low, 0)), "
        "sum(coalesce(e.fatalities_best, e.fatalities_low, 0))"
    )
    scoped = (
        f"(SELECT '*' AS scope, e.id AS event_id FROM event e WHERE {where} "
        f"UNION ALL SELECT c.country, c.event_id FROM event_country c "
        f"JOIN event e ON e.id = c.event_id WHERE {where}) AS s JOIN event e ON e.id = s.event_id"
    )

    return [
        f"""INSERT INTO event_country (country, dated, day, event_id)
        SELECT p.country, e.date_start IS NOT NULL, coalesce(e.date_start, {undated}), e.id
        FROM (SELECT e.id AS event_id, a.country FROM event e JOIN actor a ON a.id = e.actor_id
              WHERE {where}
              UNION SELECT e.id, a.country FROM event e JOIN actor a ON a.id = e.target_id
              WHERE {where}
              UNION SELECT e.id, l.country FROM event e JOIN location l ON l.id = e.location_id
              WHERE {where}
        ) AS p JOIN event e ON e.id = p.event_id WHERE p.country IS NOT NULL""",
        f"""INSERT INTO rollup_month (scope, type, month, events, fatalities_low, fatalities_best)
        SELECT s.scope, e.type, {month}, {sums} FROM {scoped} WHERE true
        GROUP BY s.scope, e.type, {month}
        {adding_sums("rollup_month")}""",
        f"""INSERT INTO rollup_day
        (scope, span, day_start, type, day_end, events, fatalities_low, fatalities_best)
        SELECT s.scope, e.date_start <> e.date_end, e.date_start, e.type, e.date_end, {sums}
        FROM {scoped} WHERE e.date_start IS NOT NULL
        GROUP BY s.scope, e.date_start <> e.date_end, e.date_start, e.type, e.date_end
        {adding_sums("rollup_day")}""",
    ]


def add_derived_rows(conn: Connection, where: str) -> None:
    """Add the event_country and rollup rows of the events ``e`` matching ``where`` (SQL)."""
    for statement in _derived_sql(conn.dialect.name, where):
        conn.exec_driver_sql(statement)


ROLLUP_CHECKS = {
    "event_country": "SELECT country, dated, day, event_id, 1, 1, 1 FROM event_country",
    "rollup_month": "SELECT scope, type, month, '', events, fatalities_low, fatalities_best "
    "FROM rollup_month",
    "rollup_day": "SELECT scope, span, day_start, type || '|' || day_end, events, "
    "fatalities_low, fatalities_best FROM rollup_day",
}


def derived_drift(engine: Engine) -> list[str]:
    """Differences between the derived tables and a recomputation from the events ([] = exact).

    Recomputes in a rolled-back transaction: empties the derived tables, rebuilds them from every
    event with the bulk path's SQL, and compares with what the triggers had maintained.
    """
    with write_session(engine) as session, session.begin():
        conn = session.connection()
        kept = {
            t: sorted(map(tuple, conn.exec_driver_sql(q).all())) for t, q in ROLLUP_CHECKS.items()
        }
        with suspended_triggers(conn):
            for table in ROLLUP_CHECKS:
                conn.exec_driver_sql(f"DELETE FROM {table}")
            for statement in _derived_sql(conn.dialect.name, "true"):
                conn.exec_driver_sql(statement)
        fresh = {
            t: sorted(map(tuple, conn.exec_driver_sql(q).all())) for t, q in ROLLUP_CHECKS.items()
        }
        session.rollback()
    out = []
    for table in ROLLUP_CHECKS:
        extra = set(kept[table]) - set(fresh[table])
        missing = set(fresh[table]) - set(kept[table])
        out += [f"{table}: unexpected {row}" for row in sorted(extra, key=str)[:5]]
        out += [f"{table}: missing {row}" for row in sorted(missing, key=str)[:5]]
    return out
