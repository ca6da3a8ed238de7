"""All event SQL: filtering, keyset listing and reading one event."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy import ColumnElement
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from app.api.errors import InvalidParameter, NotFound, ProblemItem
from app.api.filters import BBox, EventFilters, like_pattern
from app.api.pagination import decode_cursor, encode_cursor, keyset_after
from app.events.schemas import EventSort
from app.models import Actor, Event, EventCountry, Location, RollupDay, RollupMonth, Source
from app.models.rollup import ALL_SCOPE, RollupBound
from app.reference.taxonomy import EVENT_TYPES_BY_SLUG
from app.store.statements import STATEMENTS

_FAR_PAST, _FAR_FUTURE = date(1, 1, 1), date(9999, 12, 31)
# The first month that can hold dated events: ``rollup_month`` files undated ones in 0001-01.
_FIRST_MONTH = date(1, 2, 1)
_MONTH: sa.Table = RollupMonth.__table__  # type: ignore[attr-defined]
_DAY: sa.Table = RollupDay.__table__  # type: ignore[attr-defined]
_BOUND: sa.Table = RollupBound.__table__  # type: ignore[attr-defined]
_EVENT_COUNTRY: sa.Table = EventCountry.__table__  # type: ignore[attr-defined]
_EVENT: sa.Table = Event.__table__  # type: ignore[attr-defined]
_undated = sa.case((col(Event.date_start).is_(None), 1), else_=0)


@dataclass(frozen=True)
class SortKey:
    """The ordered (expression, descending) pairs of a sort and how to read its cursor."""

    columns: tuple[tuple[Any, bool], ...]
    types: tuple[type, ...]


SORT_KEYS: dict[EventSort, SortKey] = {
    # Undated events go last in both date orders: an analyst reads dated events first.
    EventSort.newest: SortKey(
        (
            (_undated, False),
            (sa.func.coalesce(col(Event.date_start), _FAR_PAST), True),
            (col(Event.id), True),
        ),
        (int, str, str),
    ),
    EventSort.oldest: SortKey(
        (
            (_undated, False),
            (sa.func.coalesce(col(Event.date_start), _FAR_FUTURE), False),
            (col(Event.id), False),
        ),
        (int, str, str),
    ),
    # Unknown tolls sort after every known one, zero included.
    EventSort.deadliest: SortKey(
        (
            (sa.func.coalesce(col(Event.fatalities_best), col(Event.fatalities_low), -1), True),
            (col(Event.id), True),
        ),
        (int, str),
    ),
    EventSort.updated: SortKey(
        ((col(Event.updated_at), False), (col(Event.id), False)), (str, str)
    ),
}


def search_match(words: Sequence[str]) -> str | None:
    """The FTS5 query of every trigram of every 3+ character word, or None if there are none.

    Trigrams need three characters; shorter words are left to the ``LIKE`` conditions alone.
    """
    grams = {w[i : i + 3] for w in words if len(w) >= 3 for i in range(len(w) - 2)}
    if not grams:
        return None
    return " AND ".join('"' + g.replace('"', '""') + '"' for g in sorted(grams))


class search_candidates(sa.sql.functions.FunctionElement[Any]):
    """``event.rowid IN`` the trigram index's matches on SQLite; always true elsewhere.

    A superset of the ``LIKE`` matches (FTS5 folds case at least as widely as ``lower()``),
    so the ``LIKE`` conditions beside it keep the answer exact; the index only narrows the
    rows they are checked on (migration ``search_and_span_bound``). On PostgreSQL the pg_trgm
    GIN index serves the ``ILIKE`` itself (``text_contains``).

    Deliberately not ``Boolean``-typed: SQLAlchemy renders a Boolean expression in a WHERE on
    SQLite as ``(...) = 1``, which hides the ``rowid IN`` from the planner (the count then
    scanned the whole table: 0.35 s at 1M rows instead of 5 ms).
    """

    name = "search_candidates"
    inherit_cache = True


class no_index(sa.sql.functions.FunctionElement[Any]):
    """``+column`` on SQLite (a no-op that stops the planner serving it from an index).

    A search page must be driven by the trigram matches (a few thousand rowids, sorted in
    memory), not by walking the date index and testing every row against the match list,
    which reads most of the table when matches are rare. Plain ``column`` elsewhere.
    """

    name = "no_index"
    inherit_cache = True


@compiles(no_index, "sqlite")
def _no_index_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    return f"+{compiler.process(element.clauses, **kw)}"


@compiles(no_index)
def _no_index_other(element: Any, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


class text_contains(sa.sql.functions.FunctionElement[Any]):
    """An event's summary, quote or restored quote holds ``pattern`` (ILIKE, escape ``\\``).

    Called as ``text_contains(summary, quote, quote_restored, pattern)`` and written for each
    dialect's fastest exact form:

    - SQLite: ``LIKE`` on each column. SQLAlchemy spells ILIKE there as ``lower(column) LIKE
      lower(pattern)``; SQLite's ``LIKE`` already ignores ASCII case and ``lower()`` folds
      nothing more without ICU, so the ``lower()`` calls only copied every candidate's text
      (the recheck of a search's trigram candidates, most of Q7's time).
    - PostgreSQL: ``ILIKE`` on the search body, the three texts joined by newlines with the
      restored quote left out where it equals the quote (``SEARCH_BODY_PG``): the expression
      of the one pg_trgm GIN index (migration ``one_search_index_on_postgres``). A query word
      holds no whitespace, so it matches the body exactly when it matches one of the columns.
    """

    name = "text_contains"
    inherit_cache = True


# Must stay the index's expression (migration ``one_search_index_on_postgres``) token for token,
# with the columns as the query names them, or PostgreSQL no longer matches the index.
SEARCH_BODY_PG = "({s} || E'\\n' || {q} || CASE WHEN {r} = {q} THEN '' ELSE E'\\n' || {r} END)"


@compiles(text_contains, "sqlite")
def _text_contains_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    summary, quote, restored, pattern = element.clauses
    # The pattern is processed once per use: a positional (qmark) bind is bound per ``?``.
    likes = [
        f"{compiler.process(column, **kw)} LIKE {compiler.process(pattern, **kw)} ESCAPE '\\'"
        for column in (summary, restored, quote)
    ]
    return f"({' OR '.join(likes)})"


@compiles(text_contains)
def _text_contains_other(element: Any, compiler: Any, **kw: Any) -> str:
    summary, quote, restored, pattern = (compiler.process(c, **kw) for c in element.clauses)
    body = SEARCH_BODY_PG.format(s=summary, q=quote, r=restored)
    return f"{body} ILIKE {pattern} ESCAPE '\\'"


@compiles(search_candidates, "sqlite")
def _search_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    match = compiler.process(element.clauses, **kw)
    return f"event.rowid IN (SELECT rowid FROM event_search WHERE event_search MATCH {match})"


@compiles(search_candidates)
def _search_other(element: Any, compiler: Any, **kw: Any) -> str:
    return f"({compiler.process(element.clauses, **kw)} IS NOT NULL)"


def _words(filters: EventFilters) -> list[str]:
    return filters.q.split()[:10] if filters.q else []


def filter_shape(filters: EventFilters) -> tuple[Any, ...]:
    """What of ``filters`` decides the SQL text of ``filter_conditions`` (never a value)."""
    words = _words(filters)
    box = filters.bbox
    return (
        bool(filters.types),
        bool(filters.actors),
        min(len(filters.countries), 2),
        filters.date_from is not None,
        filters.date_to is not None,
        None if box is None else box.min_lon <= box.max_lon,
        filters.min_fatalities is not None,
        len(words),
        search_match(words) is not None,
        filters.source is not None,
        filters.updated_since is not None,
    )


def filter_params(filters: EventFilters) -> dict[str, Any]:
    """The bind parameter values of ``filter_conditions(filters)``, by name."""
    params: dict[str, Any] = {
        "f_types": list(filters.types),
        "f_actors": list(filters.actors),
        "f_countries": list(filters.countries),
        "f_date_from": filters.date_from,
        "f_date_to": filters.date_to,
        "f_min_fatalities": filters.min_fatalities,
        "f_source": filters.source,
        "f_updated_since": None
        if filters.updated_since is None
        else filters.updated_since.astimezone(UTC),
    }
    if filters.bbox is not None:
        box = filters.bbox
        params.update(
            f_min_lat=box.min_lat,
            f_max_lat=box.max_lat,
            f_min_lon=box.min_lon,
            f_max_lon=box.max_lon,
        )
    words = _words(filters)
    params["f_match"] = search_match(words)
    for i, word in enumerate(words):
        params[f"f_q{i}"] = like_pattern(word)
    return params


def _binder(values: dict[str, Any]) -> Callable[..., Any]:
    """``bound(name, like, **kw)``: the named parameter carrying ``values[name]``, typed as
    ``like``, the column it is compared with (as SQLAlchemy types a literal)."""

    def bound(name: str, like: Any, **kw: Any) -> Any:
        return sa.bindparam(name, values[name], type_=like.type, **kw)

    return bound


def _bbox_condition(box: BBox, bound: Callable[..., Any]) -> ColumnElement[bool]:
    lat, lon_ = col(Location.lat), col(Location.lon)
    lat_in = lat.between(bound("f_min_lat", lat), bound("f_max_lat", lat))
    lon: ColumnElement[bool]
    if box.min_lon <= box.max_lon:
        lon = lon_.between(bound("f_min_lon", lon_), bound("f_max_lon", lon_))
    else:  # the box crosses the antimeridian
        lon = sa.or_(lon_ >= bound("f_min_lon", lon_), lon_ <= bound("f_max_lon", lon_))
    return col(Event.location_id).in_(sa.select(col(Location.id)).where(lat_in, lon))


def filter_conditions(filters: EventFilters) -> list[ColumnElement[bool]]:
    """SQL conditions for ``filters``; subqueries keep them usable without joins.

    Every value is a named bind parameter (``filter_params``) carrying this request's value,
    so the conditions run as they are, and a statement built from them can be cached by
    ``filter_shape`` and run again with another request's ``filter_params``.
    """
    values = filter_params(filters)
    bound = _binder(values)
    conds: list[ColumnElement[bool]] = []
    if filters.types:
        conds.append(col(Event.type).in_(bound("f_types", col(Event.type), expanding=True)))
    if filters.actors:
        actors = bound("f_actors", col(Event.actor_id), expanding=True)
        conds.append(sa.or_(col(Event.actor_id).in_(actors), col(Event.target_id).in_(actors)))
    if filters.countries:
        countries = bound("f_countries", col(Actor.country), expanding=True)
        actors = sa.select(col(Actor.id)).where(col(Actor.country).in_(countries))
        places = sa.select(col(Location.id)).where(col(Location.country).in_(countries))
        conds.append(
            sa.or_(
                col(Event.actor_id).in_(actors),
                col(Event.target_id).in_(actors),
                col(Event.location_id).in_(places),
            )
        )
    if filters.date_from is not None:
        conds.append(col(Event.date_end) >= bound("f_date_from", col(Event.date_end)))
    if filters.date_to is not None:
        conds.append(col(Event.date_start) <= bound("f_date_to", col(Event.date_start)))
    if filters.bbox is not None:
        conds.append(_bbox_condition(filters.bbox, bound))
    if filters.min_fatalities is not None:
        conds.append(
            col(Event.fatalities_low) >= bound("f_min_fatalities", col(Event.fatalities_low))
        )
    words = _words(filters)
    if words:
        if values["f_match"] is not None:
            match = bound("f_match", col(Event.summary))
            conds.append(cast(ColumnElement[bool], search_candidates(match)))
        for i in range(len(words)):
            pattern = bound(f"f_q{i}", col(Event.summary))
            texts = (col(Event.summary), col(Event.quote), col(Event.quote_restored))
            conds.append(cast(ColumnElement[bool], text_contains(*texts, pattern)))
    if filters.source is not None:
        conds.append(col(Event.source_id) == bound("f_source", col(Event.source_id)))
    if filters.updated_since is not None:
        conds.append(col(Event.updated_at) >= bound("f_updated_since", col(Event.updated_at)))
    return conds


def _raw(column: Any) -> Any:
    """``column`` without SQLAlchemy's result processing: SQLite's ISO text comes back as is.

    On SQLite dates are stored as ``YYYY-MM-DD`` text, exactly what the JSON carries, so parsing
    them into ``date`` objects only to print them again is wasted work on the hot path.
    """
    return sa.type_coerce(column, sa.String)


# One flat row per event: the columns of the event, its actor, target, place and source.
_EVENT_FIELDS = (
    "id", "type", "summary", "date_start", "date_end", "date_precision",
    "fatalities_low", "fatalities_best", "fatalities_high", "quantity", "certainty",
    "attribution", "quote", "quote_restored", "char_start", "char_end", "origin",
    "confidence", "notes", "external_id", "created_at", "updated_at",
)  # fmt: skip
_RAW_FIELDS = {"date_start", "date_end", "created_at", "updated_at"}


@functools.cache
def _event_rows() -> Any:
    """The select of one flat row per event; joins are on primary keys, one query per page.

    Built once: a select is immutable (``.where()`` returns a new one), and building this one,
    with its 42 columns, alias and joins, cost about 1 ms of CPU per request, more than Q1's SQL.
    """
    target = aliased(Actor, name="target_actor")
    columns = [
        _raw(getattr(Event, f)) if f in _RAW_FIELDS else getattr(Event, f) for f in _EVENT_FIELDS
    ]
    return (
        sa.select(
            *columns,
            col(Actor.id),
            col(Actor.name),
            col(Actor.kind),
            col(Actor.country),
            col(target.id),
            col(target.name),
            col(target.kind),
            col(target.country),
            col(Location.id),
            col(Location.name),
            col(Location.country),
            col(Location.admin1),
            col(Location.lat),
            col(Location.lon),
            col(Location.precision),
            col(Source.id),
            col(Source.title),
            col(Source.publisher),
            _raw(col(Source.published_at)),
            col(Source.url),
        )
        .join(Source, col(Source.id) == col(Event.source_id))
        .outerjoin(Actor, col(Actor.id) == col(Event.actor_id))
        .outerjoin(target, col(target.id) == col(Event.target_id))
        .outerjoin(Location, col(Location.id) == col(Event.location_id))
    )


def _timestamp(value: Any) -> Any:
    """RFC 3339 in UTC, as pydantic printed it: SQLite's ``2025-12-27 09:30:00.000000`` text
    becomes ``2025-12-27T09:30:00Z``; a driver's datetime is made aware and left to orjson."""
    if isinstance(value, str):
        text = value[:19] if value.endswith(".000000") else value[:26]
        return text.replace(" ", "T", 1) + "Z"
    if isinstance(value, datetime):
        return _aware(value)
    return value


def _text_date(value: Any) -> Any:
    return value[:10] if isinstance(value, str) else value


def row_to_public(row: Sequence[Any]) -> dict[str, Any]:
    """One ``_event_rows()`` row as the public event shape (plain dicts, no validation)."""
    (
        id_, type_, summary, date_start, date_end, precision,
        low, best, high, quantity, certainty,
        attribution, quote, quote_restored, char_start, char_end, origin,
        confidence, notes, external_id, created_at, updated_at,
        a_id, a_name, a_kind, a_country,
        t_id, t_name, t_kind, t_country,
        l_id, l_name, l_country, l_admin1, l_lat, l_lon, l_precision,
        s_id, s_title, s_publisher, s_published_at, s_url,
    ) = row  # fmt: skip
    kind = EVENT_TYPES_BY_SLUG[type_]
    return {
        "id": id_,
        "type": type_,
        "plover": kind.plover,
        "cameo": kind.cameo,
        "goldstein": kind.goldstein,
        "summary": summary,
        "date_start": _text_date(date_start),
        "date_end": _text_date(date_end),
        "date_precision": precision,
        "actor": None
        if a_id is None
        else {"id": a_id, "name": a_name, "kind": a_kind, "country": a_country},
        "target": None
        if t_id is None
        else {"id": t_id, "name": t_name, "kind": t_kind, "country": t_country},
        "location": None
        if l_id is None
        else {
            "id": l_id,
            "name": l_name,
            "country": l_country,
            "admin1": l_admin1,
            "lat": l_lat,
            "lon": l_lon,
            "precision": l_precision,
        },
        "fatalities_low": low,
        "fatalities_best": best,
        "fatalities_high": high,
        "quantity": quantity,
        "certainty": certainty,
        "attribution": attribution,
        "source": {
            "id": s_id,
            "title": s_title,
            "publisher": s_publisher,
            "published_at": _text_date(s_published_at),
            "url": s_url,
        },
        "quote": quote,
        "quote_restored": quote_restored,
        "char_start": char_start,
        "char_end": char_end,
        "origin": origin,
        "confidence": confidence,
        "notes": notes,
        "external_id": external_id,
        "created_at": _timestamp(created_at),
        "updated_at": _timestamp(updated_at),
    }


def _read(session: Session, statement: Any, params: dict[str, Any] | None = None) -> Any:
    """Run a Core ``statement`` on the session's connection, skipping the ORM's result layer.

    The selects here name columns, never entities, so the ORM would only add per-row work.
    """
    return session.connection().execute(statement, params)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _cursor_values(sort: EventSort, key: list[Any]) -> list[Any]:
    """Turn a cursor's JSON key back into values comparable with the sort expressions."""
    try:
        if sort in (EventSort.newest, EventSort.oldest):
            return [key[0], date.fromisoformat(key[1]), key[2]]
        if sort is EventSort.updated:
            return [datetime.fromisoformat(key[0]).astimezone(UTC), key[1]]
    except ValueError:
        raise InvalidParameter(
            "The cursor is not one this server issued for this sort; start again without it.",
            errors=[ProblemItem(loc=["query", "cursor"], msg="invalid cursor")],
        ) from None
    return key


def _key_of(sort: EventSort, event: dict[str, Any]) -> list[Any]:
    """The sort key of a public event, as the next page's cursor carries it."""
    day = event["date_start"]
    if sort in (EventSort.newest, EventSort.oldest):
        far = _FAR_PAST if sort is EventSort.newest else _FAR_FUTURE
        return [int(day is None), str(day)[:10] if day else far.isoformat(), event["id"]]
    if sort is EventSort.deadliest:
        best, low = event["fatalities_best"], event["fatalities_low"]
        toll = best if best is not None else low
        return [-1 if toll is None else toll, event["id"]]
    stamp = event["updated_at"]
    if isinstance(stamp, datetime):
        stamp = _aware(stamp).astimezone(UTC).isoformat()
    return [stamp, event["id"]]


@dataclass(frozen=True)
class EventListing:
    rows: list[dict[str, Any]]
    next_cursor: str | None
    total: int | None


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
