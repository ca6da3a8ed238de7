"""Event reads: counting, keyset listing and reading one event (the SQL parts sit beside it)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import sqlalchemy as sa
from sqlalchemy import ColumnElement
from sqlmodel import Session, col

from app.api.errors import NotFound
from app.api.filters import EventFilters
from app.api.pagination import decode_cursor, encode_cursor, keyset_after
from app.events.filter_sql import filter_conditions, filter_params, filter_shape
from app.events.rollups import max_span_days, rollup_params, rollup_rows, rollup_scope, rollup_shape
from app.events.rows import _event_rows, _read, row_to_public
from app.events.schemas import EventSort
from app.events.search import no_index, search_match
from app.events.sorting import SORT_KEYS, _cursor_values, _key_of
from app.events.tables import _EVENT, _EVENT_COUNTRY
from app.models import Event, EventCountry
from app.store.statements import STATEMENTS


@dataclass(frozen=True)
class EventListing:
    rows: list[dict[str, Any]]
    next_cursor: str | None
    total: int | None


def count_events(*, session: Session, filters: EventFilters) -> int:
    """The exact number of matches: from the rollups when they can answer, else count(*)."""
    scope = rollup_scope(filters)
    if scope is not None:
        # The span bound only matters for a window's lower edge: skip its query otherwise.
        span = max_span_days(session) if filters.date_from is not None else 0

        def from_rollups() -> Any:
            sums = rollup_rows(filters, scope, keys=(), span_days=span).subquery()
            return sa.select(sums.c.events)

        statement = STATEMENTS.get(("count", rollup_shape(filters, scope, ())), from_rollups)
        params = rollup_params(filters, scope, keys=(), span_days=span)
        return int(_read(session, statement, params).scalar_one())

    def from_events() -> Any:
        return sa.select(sa.func.count()).select_from(Event).where(*filter_conditions(filters))

    statement = STATEMENTS.get(("count", filter_shape(filters)), from_events)
    return int(_read(session, statement, filter_params(filters)).scalar_one())


def _searching(filters: EventFilters) -> bool:
    """Whether the trigram index narrows ``filters`` (a ``q`` with a 3+ character word)."""
    return bool(filters.q) and search_match((filters.q or "").split()[:10]) is not None


def _date_phases(
    filters: EventFilters, sort: EventSort
) -> tuple[Any, list[ColumnElement[bool]], Any, Any, Any]:
    """(select, conditions, day, id, dated flag) for a date-ordered page.

    With one country the page walks ``event_country``'s key (country, dated, day, event_id)
    and joins each event by primary key; otherwise it walks the event table's
    ``(date_start, id)`` / ``(type, date_start, id)`` indexes. Either way the order is the
    index order, so a page reads ``limit`` rows whatever its depth. (A full-text search does
    not come here: see ``_search_page``.)
    """
    if len(filters.countries) == 1:
        ec = _EVENT_COUNTRY.c
        rest = replace(filters, countries=())
        query = _event_rows().join(EventCountry, ec.event_id == col(Event.id))
        country = sa.bindparam("f_country", filters.countries[0], type_=ec.country.type)
        conds = [ec.country == country, *filter_conditions(rest)]
        return query, conds, ec.day, ec.event_id, ec.dated.is_(True)
    return (
        _event_rows(),
        filter_conditions(filters),
        col(Event.date_start),
        col(Event.id),
        col(Event.date_start).is_not(None),
    )


def _date_page(filters: EventFilters, sort: EventSort, *, dated: bool, after: bool) -> Any:
    """One part of a date-ordered page (see ``_list_by_date``) as a cacheable select.

    Its values are the filters' parameters, the cursor's ``k_day`` and ``k_id`` and ``limit``.
    """
    query, conds, day, ident, is_dated = _date_phases(filters, sort)
    desc = sort is EventSort.newest
    k_day = sa.bindparam("k_day", type_=_EVENT.c.date_start.type)
    k_id = sa.bindparam("k_id", type_=_EVENT.c.id.type)
    if dated:
        where = [*conds, is_dated]
        if after:
            step = sa.tuple_(day, ident)
            where.append(step < sa.tuple_(k_day, k_id) if desc else step > sa.tuple_(k_day, k_id))
        order = [day.desc(), ident.desc()] if desc else [day.asc(), ident.asc()]
    else:
        where = [*conds, sa.not_(is_dated)]
        if after:
            where.append(ident < k_id if desc else ident > k_id)
        order = [ident.desc()] if desc else [ident.asc()]
    return query.where(*where).order_by(*order).limit(sa.bindparam("limit"))


def _search_page(filters: EventFilters, sort: EventSort, *, after: bool, with_total: bool) -> Any:
    """A full-text search page in any ``sort``, with the count of all its matches if asked.

    Finding a search's matches (the trigram candidates read by rowid and rechecked with
    ``LIKE``) is most of its cost, so they are found once: the ``matches`` CTE lists every
    match's id and sort keys; the page's ids are read from it through the cursor condition
    and the limit, and the total, a column beside them, counts it whole, whatever the
    cursor. Read twice, the CTE is materialized once (SQLite 3.35+, PostgreSQL 12+).
    (``count(*) OVER ()`` before the cursor condition, the other one-pass form, cost 1.4 ms
    more per Q7 request at 1M events.) The CTE is declared inside the page, so that the
    statement still starts with ``SELECT``.

    Only the page's ids are joined to their actor, target, place and source: the matches
    are sorted in memory, and joining every one of them cost more than the search itself
    (16 ms against 11 ms for 2,940 matches at 1M events). Without the total the page is an
    ``IN`` list, the CTE is inlined, and the statement is the one a page alone ran before:
    joining the page as a subquery makes SQLite write it to a temporary table first (0.8 ms
    more at 1M events). ``SORT_KEYS`` order puts undated events after dated ones, so one
    select covers both parts ``_list_by_date`` walks separately. The keys are hidden from
    the indexes (``no_index``) lest SQLite walk the date or ``updated_at`` index through
    rows that mostly do not match. Values: the filters' parameters, the cursor's ``k0``,
    ``k1``... and ``limit``.
    """
    columns = [(no_index(expr), desc) for expr, desc in SORT_KEYS[sort].columns]
    matches = (
        sa.select(
            col(Event.id).label("match_id"),
            *(e.label(f"key{i}") for i, (e, _d) in enumerate(columns)),
        )
        .where(*filter_conditions(filters))
        .cte("matches")
    )
    keys = [(matches.c[f"key{i}"], desc) for i, (_expr, desc) in enumerate(columns)]
    page = sa.select(matches.c.match_id).add_cte(matches, nest_here=True)
    if after:  # typed as the sort expressions: ``no_index`` has no type of its own
        page = page.where(keyset_after(keys, _cursor_params(sort)))
    page = page.order_by(*_ordering(keys)).limit(sa.bindparam("limit"))
    rows = _event_rows()
    if with_total:
        total = sa.select(sa.func.count()).select_from(matches).scalar_subquery()
        ids = page.add_columns(total.label("total")).subquery("page")
        rows = rows.join(ids, ids.c.match_id == col(Event.id)).add_columns(ids.c.total)
    else:
        rows = rows.where(col(Event.id).in_(page))
    return rows.order_by(*_ordering(columns))


def _cursor_params(sort: EventSort) -> list[Any]:
    """The cursor's bind parameters ``k0``, ``k1``..., typed as ``sort``'s expressions."""
    return [
        sa.bindparam(f"k{i}", type_=expr.type)
        for i, (expr, _d) in enumerate(SORT_KEYS[sort].columns)
    ]


def _ordering(columns: Sequence[tuple[Any, bool]]) -> list[Any]:
    """ORDER BY terms of (expression, descending) pairs."""
    return [expr.desc() if desc else expr.asc() for expr, desc in columns]


def _list_search(
    session: Session,
    filters: EventFilters,
    sort: EventSort,
    limit: int,
    key: list[Any] | None,
    *,
    with_total: bool,
) -> tuple[list[dict[str, Any]], int | None]:
    """A full-text search page and, with ``with_total``, its total: one statement.

    The total rides on each page row (``_search_page``). An empty first page means no
    matches; an empty cursor page (the rows after it deleted or changed since) carries no
    total, and None tells the caller to count.
    """
    statement = STATEMENTS.get(
        ("search", filter_shape(filters), sort, key is not None, with_total),
        lambda: _search_page(filters, sort, after=key is not None, with_total=with_total),
    )
    values = {**filter_params(filters), "limit": limit}
    values.update({f"k{i}": v for i, v in enumerate(key or ())})
    rows = _read(session, statement, values).all()
    if not with_total:
        return [row_to_public(r) for r in rows], None
    total = int(rows[0][-1]) if rows else (0 if key is None else None)
    return [row_to_public(r[:-1]) for r in rows], total


def _list_by_date(
    session: Session, filters: EventFilters, sort: EventSort, limit: int, key: list[Any] | None
) -> list[dict[str, Any]]:
    """Dated events in date order, then undated ones by id: two index walks, one per part.

    A page that straddles the two parts runs both; every other page runs one query.
    """
    shape = ("date", filter_shape(filters), sort)
    params = filter_params(filters)
    if len(filters.countries) == 1:
        params["f_country"] = filters.countries[0]
    out: list[Any] = []
    if key is None or key[0] == 0:
        after = key is not None
        statement = STATEMENTS.get(
            (*shape, "dated", after),
            lambda: _date_page(filters, sort, dated=True, after=after),
        )
        values = {**params, "limit": limit}
        if key is not None:
            values.update(k_day=key[1], k_id=key[2])
        out += _read(session, statement, values).all()
    if len(out) < limit:
        after = key is not None and key[0] == 1
        statement = STATEMENTS.get(
            (*shape, "undated", after),
            lambda: _date_page(filters, sort, dated=False, after=after),
        )
        values = {**params, "limit": limit - len(out)}
        if after and key is not None:
            values["k_id"] = key[2]
        out += _read(session, statement, values).all()
    return [row_to_public(r) for r in out]


def _sorted_page(filters: EventFilters, sort: EventSort, *, after: bool) -> Any:
    """A page in a non-date ``sort`` as a cacheable select (cursor values ``k0``, ``k1``...)."""
    columns = SORT_KEYS[sort].columns
    where = filter_conditions(filters)
    if after:
        where.append(keyset_after(columns, _cursor_params(sort)))
    return _event_rows().where(*where).order_by(*_ordering(columns)).limit(sa.bindparam("limit"))


def list_events(
    *,
    session: Session,
    filters: EventFilters,
    sort: EventSort,
    limit: int,
    cursor: str | None,
    with_total: bool,
) -> EventListing:
    """One page of matching events in ``sort`` order (one query per page) and the exact total."""
    spec = SORT_KEYS[sort]
    key = None
    if cursor is not None:
        key = _cursor_values(sort, decode_cursor(cursor, sort.value, spec.types))
    total = None
    if _searching(filters):
        rows, total = _list_search(session, filters, sort, limit + 1, key, with_total=with_total)
    elif sort in (EventSort.newest, EventSort.oldest):
        rows = _list_by_date(session, filters, sort, limit + 1, key)
    else:
        after = key is not None
        statement = STATEMENTS.get(
            ("sorted", filter_shape(filters), sort, after),
            lambda: _sorted_page(filters, sort, after=after),
        )
        values = {**filter_params(filters), "limit": limit + 1}
        values.update({f"k{i}": v for i, v in enumerate(key or ())})
        rows = [row_to_public(r) for r in _read(session, statement, values)]
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor(sort.value, _key_of(sort, rows[-1]))
    if with_total and total is None:
        total = count_events(session=session, filters=filters)
    return EventListing(rows, next_cursor, total)


@functools.cache
def _one_event() -> Any:
    return _event_rows().where(col(Event.id) == sa.bindparam("event_id"))


def get_event_or_raise(*, session: Session, event_id: str) -> dict[str, Any]:
    row = session.connection().execute(_one_event(), {"event_id": event_id}).first()
    if row is None:
        raise NotFound(f"No event with id {event_id!r}.")
    return row_to_public(row)


def events_of_source(*, session: Session, source_id: str) -> list[dict[str, Any]]:
    query = (
        _event_rows()
        .where(col(Event.source_id) == source_id)
        .order_by(col(Event.char_start), col(Event.id))
    )
    return [row_to_public(r) for r in _read(session, query).all()]
