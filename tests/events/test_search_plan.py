"""The full-text search is driven by its trigram matches, not by a walk of the date index."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.api.filters import EventFilters
from app.events import service
from app.events.schemas import EventSort


def _plans(engine: Engine, filters: EventFilters) -> list[str]:
    statements: list[tuple[str, Any]] = []

    def record(_c: Any, _cur: Any, statement: str, params: Any, *_a: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, params))

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        with Session(engine) as session:
            service.list_events(
                session=session,
                filters=filters,
                sort=EventSort.newest,
                limit=10,
                cursor=None,
                with_total=True,
            )
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    plans = []
    with engine.connect() as conn:
        for statement, params in statements:
            rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params).all()
            plans.append("\n".join(str(r[-1]) for r in rows))
    return plans


def test_search_page_and_total_read_the_matches_by_rowid(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite query plans")
    # The dated page, the undated one when the first falls short, then the total.
    plans = _plans(engine, EventFilters(q="drone"))
    total = plans[-1]
    for plan in plans:
        assert "SEARCH event USING INTEGER PRIMARY KEY (rowid=?)" in plan, plan
        assert "event_search" in plan, plan
        assert "ix_event_date_start" not in plan, plan
    assert "SCAN event\n" not in total + "\n", total
