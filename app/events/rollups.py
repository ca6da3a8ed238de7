"""Reads from the rollup tables: the scope that answers a filter exactly, and sums over it."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from app.api.filters import EventFilters
from app.events.filter_sql import _binder
from app.events.rows import _read
from app.events.tables import _BOUND, _DAY, _FAR_FUTURE, _FAR_PAST, _FIRST_MONTH, _MONTH
from app.models.rollup import ALL_SCOPE


def rollup_scope(filters: EventFilters) -> str | None:
    """The rollup scope answering ``filters`` exactly, or None when they need the events.

    Rollups hold counts per (scope, type, day): they answer any mix of ``type``, one
    ``country`` and a date window, and nothing else.
    """
    if (
        filters.actors
        or filters.bbox is not None
        or filters.min_fatalities is not None
        or filters.q
        or filters.source is not None
        or filters.updated_since is not None
        or len(filters.countries) > 1
    ):
        return None
    return filters.countries[0] if filters.countries else ALL_SCOPE


@functools.cache
def _span_bound() -> Any:
    return sa.select(_BOUND.c.value).where(_BOUND.c.name == "max_span_days")


def max_span_days(session: Session) -> int:
    """An upper bound on any stored event's ``date_end - date_start`` (``rollup_bound``)."""
    return int(_read(session, _span_bound()).scalar() or 0)


def _whole_months(low: date | None, high: date | None) -> tuple[date, date] | None:
    """The first day of the first and the last day of the last whole month in [low, high].

    Within ``_FIRST_MONTH``..``_FAR_FUTURE``, so that the parts around it (``rollup_params``)
    never step off the calendar: a window from 0001-01-01 or into 9999-12 was a 500.
    """
    first = _FIRST_MONTH if low is None or low < _FIRST_MONTH else low
    if first.day != 1:
        if (first.year, first.month) == (_FAR_FUTURE.year, _FAR_FUTURE.month):
            return None
        first = (first.replace(day=1) + timedelta(days=32)).replace(day=1)
    last = _FAR_FUTURE if high is None else high
    if last < _FAR_FUTURE and (last + timedelta(days=1)).day != 1:
        if last.replace(day=1) == date.min:
            return None
        last = last.replace(day=1) - timedelta(days=1)
    return (first, last) if first <= last else None


_EMPTY_RANGE = (_FAR_FUTURE, _FAR_PAST)  # BETWEEN these matches nothing


def rollup_shape(filters: EventFilters, scope: str | None, keys: Sequence[str]) -> tuple[Any, ...]:
    """What decides the SQL text of ``rollup_rows`` (never a value)."""
    windowed = filters.date_from is not None or filters.date_to is not None
    return (tuple(keys), scope is None, bool(filters.types), windowed)


def rollup_params(
    filters: EventFilters, scope: str | None, *, keys: Sequence[str], span_days: int = 0
) -> dict[str, Any]:
    """The bind parameter values of ``rollup_rows``: the scope, the types, the date ranges.

    A window reads three disjoint parts (see ``rollup_rows``); a part that this window does
    not need gets an empty range, so that every window of a shape runs one statement.
    """
    low, high = filters.date_from, filters.date_to
    values: dict[str, Any] = {"r_scope": scope, "r_types": list(filters.types)}
    whole = None if "day_start" in keys else _whole_months(low, high)
    values["r_m0"], values["r_m1"] = whole or _EMPTY_RANGE
    # Daily rows hold dated events only, January 0001 included (the monthly table cannot tell
    # those from the undated ones filed there): the daily parts start at the calendar's start.
    starts = [(low or _FAR_PAST, high or _FAR_FUTURE)]
    if whole is not None:
        starts = [(low or _FAR_PAST, whole[0] - timedelta(days=1))]
        if whole[1] < _FAR_FUTURE:
            starts.append((whole[1] + timedelta(days=1), high or _FAR_FUTURE))
    starts += [_EMPTY_RANGE] * (2 - len(starts))
    (values["r_a0"], values["r_a1"]), (values["r_b0"], values["r_b1"]) = starts
    values["r_reach"], values["r_before"] = _EMPTY_RANGE
    values["r_low"] = low or _FAR_FUTURE
    if low is not None and low > _FAR_PAST:
        values["r_reach"] = low - timedelta(days=min(span_days, (low - _FAR_PAST).days))
        values["r_before"] = low - timedelta(days=1)
    return values


def rollup_rows(
    filters: EventFilters, scope: str | None, *, keys: Sequence[str], span_days: int = 0
) -> Any:
    """A select of ``keys`` + (events, fatalities_low, fatalities_best) sums from the rollups.

    Without a date window the monthly table answers (keys among ``type``, ``month``). With one,
    an event matches when ``date_start <= to AND date_end >= from``, read as three disjoint
    parts: the monthly rows of the whole months inside the window (every event starting in
    them matches), the daily rows starting in the window's partial months at its edges, and
    the daily range rows starting before the window and reaching into it, which start at most
    ``span_days`` (``max_span_days``) before it. Keys with ``day_start`` (daily timelines) read
    the daily table for the whole window. So a one-year window reads about 12 monthly rows per
    type instead of a row per day and every older range.

    Values are named bind parameters (``rollup_params``), so the select can be cached by
    ``rollup_shape`` and run with another filter's values.
    """
    bound = _binder(rollup_params(filters, scope, keys=keys, span_days=span_days))
    windowed = filters.date_from is not None or filters.date_to is not None
    if not windowed and "day_start" not in keys:
        month = _MONTH.c
        query = sa.select(*(month[k] for k in keys), *_sums(month))
        if scope is not None:  # None: every scope, for grouping by it
            query = query.where(month.scope == bound("r_scope", month.scope))
        if filters.types:
            query = query.where(month.type.in_(bound("r_types", month.type, expanding=True)))
        return query.group_by(*(month[k] for k in keys))
    day, month = _DAY.c, _MONTH.c
    base = [] if scope is None else [day.scope == bound("r_scope", day.scope)]
    if filters.types:
        base.append(day.type.in_(bound("r_types", day.type, expanding=True)))
    sums = (day.events, day.fatalities_low, day.fatalities_best)
    parts = []
    if "day_start" not in keys:
        m_base = [] if scope is None else [month.scope == bound("r_scope", month.scope)]
        if filters.types:
            m_base.append(month.type.in_(bound("r_types", month.type, expanding=True)))
        m_keys = [month[k] for k in keys]
        months = month.month.between(bound("r_m0", month.month), bound("r_m1", month.month))
        parts.append(
            sa.select(*m_keys, month.events, month.fatalities_low, month.fatalities_best).where(
                *m_base, months
            )
        )
    # Daily rows starting inside the window, outside its whole months. ``span`` precedes
    # ``day_start`` in the table's key: naming both values lets SQLite seek each range instead
    # of reading the scope's every row (30 ms at 1M events for an empty range).
    both_kinds = day.span.in_([False, True])
    for first, last in (("r_a0", "r_a1"), ("r_b0", "r_b1")):
        starting = day.day_start.between(bound(first, day.day_start), bound(last, day.day_start))
        parts.append(sa.select(*(day[k] for k in keys), *sums).where(*base, both_kinds, starting))
    # Range rows starting before the window and reaching into it.
    reach = day.day_start.between(bound("r_reach", day.day_start), bound("r_before", day.day_start))
    parts.append(
        sa.select(*(day[k] for k in keys), *sums).where(
            *base, day.span.is_(True), reach, day.day_end >= bound("r_low", day.day_end)
        )
    )
    both = sa.union_all(*parts).subquery()
    return sa.select(*(both.c[k] for k in keys), *_sums(both.c)).group_by(
        *(both.c[k] for k in keys)
    )


def _sums(c: Any) -> list[Any]:
    return [
        sa.func.coalesce(sa.func.sum(c.events), 0).label("events"),
        sa.func.coalesce(sa.func.sum(c.fatalities_low), 0).label("fatalities_low"),
        sa.func.coalesce(sa.func.sum(c.fatalities_best), 0).label("fatalities_best"),
    ]
