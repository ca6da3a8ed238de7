"""Aggregations over the filtered events, each under a time limit."""

from __future__ import annotations

import calendar
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col

from app.api.errors import ServiceUnavailable
from app.api.filters import EventFilters
from app.events.filter_sql import filter_conditions, filter_params, filter_shape
from app.events.rollups import max_span_days, rollup_params, rollup_rows, rollup_scope, rollup_shape
from app.events.rows import _read
from app.events.service import count_events
from app.models import Actor, Event, Location
from app.models.rollup import ALL_SCOPE, UNDATED_DAY
from app.reference.countries import country_name
from app.reference.taxonomy import EVENT_TYPES_BY_SLUG
from app.stats.schemas import FacetBy, Interval
from app.store.statements import STATEMENTS


class QueryTimeout(ServiceUnavailable):
    slug = "query-timeout"


@contextmanager
def time_limited(session: Session, limit_ms: int) -> Iterator[None]:
    """Abort the enclosed statements after ``limit_ms`` (Datasette's ``sql_time_limit_ms``)."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        raw = connection.connection.dbapi_connection
        assert isinstance(raw, sqlite3.Connection)
        deadline = time.monotonic() + limit_ms / 1000
        raw.set_progress_handler(lambda: int(time.monotonic() > deadline), 1000)
        try:
            yield
        except OperationalError as exc:
            if "interrupted" in str(exc):
                raise QueryTimeout(f"The query took longer than {limit_ms} ms.") from None
            raise
        finally:
            raw.set_progress_handler(None, 1000)
        return
    connection.exec_driver_sql(f"SET LOCAL statement_timeout = {int(limit_ms)}")
    try:
        yield
    except OperationalError as exc:
        if "statement timeout" in str(exc):
            raise QueryTimeout(f"The query took longer than {limit_ms} ms.") from None
        raise


def period_of(day: date, interval: Interval) -> tuple[date, date]:
    """The first and last day of the ``interval`` holding ``day`` (weeks start on Monday)."""
    if interval is Interval.day:
        return day, day
    if interval is Interval.week:
        # 0001-01-01 is a Monday; the week of 9999-12-31 ends past the calendar, at its end.
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=min(6, (date.max - start).days))
    if interval is Interval.month:
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1), day.replace(day=last)
    return day.replace(month=1, day=1), day.replace(month=12, day=31)


def _sums() -> list[Any]:
    return [
        sa.func.count().label("events"),
        sa.func.coalesce(sa.func.sum(col(Event.fatalities_low)), 0).label("low"),
        sa.func.coalesce(
            sa.func.sum(sa.func.coalesce(col(Event.fatalities_best), col(Event.fatalities_low))), 0
        ).label("best"),
    ]


def _by_start_day(
    session: Session, filters: EventFilters, interval: Interval
) -> tuple[Any, dict[str, Any]]:
    """(first day, events, low, best) rows of matching events: rollups when they can answer.

    Month and year buckets of an unwindowed filter read the monthly rollup (one row per type
    and month: a few thousand rows whatever the corpus size); day and week buckets or a date
    window read the daily one. Undated events come back with first day ``None``. Returns a
    statement cached by shape (``app.store.statements``) and this filter's parameter values.
    """
    scope = rollup_scope(filters)
    windowed = filters.date_from is not None or filters.date_to is not None
    if scope is None:

        def from_events() -> Any:
            day = col(Event.date_start)
            return sa.select(day, *_sums()).where(*filter_conditions(filters)).group_by(day)

        shape = ("timeline", filter_shape(filters))
        return STATEMENTS.get(shape, from_events), filter_params(filters)
    if not windowed and interval in (Interval.month, Interval.year):
        keys = ("month",)
        statement = STATEMENTS.get(
            ("timeline", rollup_shape(filters, scope, keys)),
            lambda: rollup_rows(filters, scope, keys=keys),
        )
        return statement, rollup_params(filters, scope, keys=keys)
    span = max_span_days(session) if filters.date_from is not None else 0
    days = ("day_start",)
    params = rollup_params(filters, scope, keys=days, span_days=span)
    if windowed:  # a window leaves undated events out
        statement = STATEMENTS.get(
            ("timeline", rollup_shape(filters, scope, days)),
            lambda: rollup_rows(filters, scope, keys=days, span_days=span),
        )
        return statement, params

    def with_undated() -> Any:
        rows = rollup_rows(filters, scope, keys=days, span_days=span)
        undated = rollup_rows(filters, scope, keys=("month",)).subquery()
        return sa.union_all(
            rows,
            sa.select(
                sa.null(), undated.c.events, undated.c.fatalities_low, undated.c.fatalities_best
            ).where(undated.c.month == UNDATED_DAY),
        )

    shape = ("timeline+undated", rollup_shape(filters, scope, days))
    return STATEMENTS.get(shape, with_undated), params


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def timeline(
    *, session: Session, filters: EventFilters, interval: Interval, limit_ms: int
) -> dict[str, Any]:
    """Counts and fatalities per period of ``date_start``; undated events are counted apart."""
    buckets: dict[date, list[int]] = {}
    undated = 0
    with time_limited(session, limit_ms):
        statement, params = _by_start_day(session, filters, interval)
        rows = _read(session, statement, params).all()
    for raw_day, events, low, best in rows:
        day = _as_date(raw_day)
        if day is None or day == UNDATED_DAY:
            undated += events
            continue
        start = period_of(day, interval)[0]
        acc = buckets.setdefault(start, [0, 0, 0])
        acc[0] += events
        acc[1] += low
        acc[2] += best
    data = [
        {
            "period_start": start,
            "period_end": period_of(start, interval)[1],
            "events": n,
            "fatalities_low": low,
            "fatalities_best": best,
        }
        for start, (n, low, best) in sorted(buckets.items())
    ]
    total = undated + sum(n for n, _low, _best in buckets.values())
    return {"data": data, "meta": {"interval": interval, "total": total, "undated": undated}}


def _facet_query(by: FacetBy, conds: list[Any]) -> Any:
    direct: dict[FacetBy, Any] = {
        FacetBy.type: col(Event.type),
        FacetBy.actor: col(Event.actor_id),
        FacetBy.location: col(Event.location_id),
    }
    if by in direct:
        key = direct[by]
        return sa.select(key.label("value"), *_sums()).where(*conds).group_by(key)
    # An event counts once for each distinct country among its actor, target and location.
    matching = sa.select(col(Event.id)).where(*conds)
    pairs = sa.union(
        sa.select(col(Event.id).label("event_id"), col(Actor.country).label("country")).join(
            Actor, col(Actor.id) == col(Event.actor_id)
        ),
        sa.select(col(Event.id), col(Actor.country)).join(
            Actor, col(Actor.id) == col(Event.target_id)
        ),
        sa.select(col(Event.id), col(Location.country)).join(
            Location, col(Location.id) == col(Event.location_id)
        ),
    ).subquery()
    return (
        sa.select(pairs.c.country.label("value"), *_sums())
        .select_from(pairs)
        .join(Event, col(Event.id) == pairs.c.event_id)
        .where(pairs.c.event_id.in_(matching), pairs.c.country.is_not(None))
        .group_by(pairs.c.country)
    )


def _labels(session: Session, by: FacetBy, values: list[str]) -> dict[str, str]:
    if by is FacetBy.type:
        return {v: EVENT_TYPES_BY_SLUG[v].label for v in values if v in EVENT_TYPES_BY_SLUG}
    if by is FacetBy.country:
        return {v: country_name(v) for v in values}
    table = Actor if by is FacetBy.actor else Location
    rows = _read(
        session, sa.select(col(table.id), col(table.name)).where(col(table.id).in_(values))
    )
    return {str(row[0]): str(row[1]) for row in rows}


def _rollup_facets(session: Session, filters: EventFilters, by: FacetBy) -> list[Any] | None:
    """Facet rows from the rollups, or None when they cannot answer ``by`` under ``filters``.

    By type: the scope's rows grouped by type. By country: every country scope's rows (an event
    is counted once per distinct country, as the rollup triggers count it), which needs the
    filter to have no country of its own.
    """
    scope = rollup_scope(filters)
    if scope is None or by not in (FacetBy.type, FacetBy.country):
        return None
    span = max_span_days(session) if filters.date_from is not None else 0
    if by is FacetBy.type:
        keys, grouped = ("type",), scope
    elif scope == ALL_SCOPE:
        keys, grouped = ("scope",), None
    else:
        return None
    statement = STATEMENTS.get(
        ("facets", rollup_shape(filters, grouped, keys)),
        lambda: rollup_rows(filters, grouped, keys=keys, span_days=span),
    )
    params = rollup_params(filters, grouped, keys=keys, span_days=span)
    return [
        Facet(value, events, low, best)
        for value, events, low, best in _read(session, statement, params).all()
        if value != ALL_SCOPE and events
    ]


@dataclass(frozen=True)
class Facet:
    value: str | None
    events: int
    low: int
    best: int


def facets(
    *, session: Session, filters: EventFilters, by: FacetBy, limit: int, limit_ms: int
) -> dict[str, Any]:
    """Counts and fatalities per group, largest first; ``null`` groups events with no value."""
    with time_limited(session, limit_ms):
        rows: list[Any] | None = _rollup_facets(session, filters, by)
        if rows is None:
            statement = STATEMENTS.get(
                ("facets", by, filter_shape(filters)),
                lambda: _facet_query(by, filter_conditions(filters)),
            )
            rows = list(_read(session, statement, filter_params(filters)).all())
        total = count_events(session=session, filters=filters)
    rows = sorted(rows, key=lambda r: (-r.events, r.value is None, r.value or ""))[:limit]
    labels = _labels(session, by, [r.value for r in rows if r.value is not None])
    data = [
        {
            "value": r.value,
            "label": labels.get(r.value) if r.value is not None else None,
            "events": r.events,
            "fatalities_low": r.low,
            "fatalities_best": r.best,
        }
        for r in rows
    ]
    return {"data": data, "meta": {"by": by, "total": int(total)}}
