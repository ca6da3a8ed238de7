"""All event SQL: filtering, keyset listing and reading one event."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import ColumnElement
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from app.errors import InvalidParameter, NotFound, ProblemItem
from app.events.schemas import EventSort
from app.filters import BBox, EventFilters, like_pattern
from app.models import Actor, Event, Location, Source
from app.pagination import decode_cursor, encode_cursor, keyset_after
from app.taxonomy import EVENT_TYPES_BY_SLUG

TargetActor = aliased(Actor, name="target_actor")
_FAR_PAST, _FAR_FUTURE = date(1, 1, 1), date(9999, 12, 31)
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


def _bbox_condition(box: BBox) -> ColumnElement[bool]:
    lat = col(Location.lat).between(box.min_lat, box.max_lat)
    lon: ColumnElement[bool]
    if box.min_lon <= box.max_lon:
        lon = col(Location.lon).between(box.min_lon, box.max_lon)
    else:  # the box crosses the antimeridian
        lon = sa.or_(col(Location.lon) >= box.min_lon, col(Location.lon) <= box.max_lon)
    return col(Event.location_id).in_(sa.select(col(Location.id)).where(lat, lon))


def filter_conditions(filters: EventFilters) -> list[ColumnElement[bool]]:
    """SQL conditions for ``filters``; subqueries keep them usable without joins."""
    conds: list[ColumnElement[bool]] = []
    if filters.types:
        conds.append(col(Event.type).in_(filters.types))
    if filters.actors:
        conds.append(
            sa.or_(
                col(Event.actor_id).in_(filters.actors), col(Event.target_id).in_(filters.actors)
            )
        )
    if filters.countries:
        actors = sa.select(col(Actor.id)).where(col(Actor.country).in_(filters.countries))
        places = sa.select(col(Location.id)).where(col(Location.country).in_(filters.countries))
        conds.append(
            sa.or_(
                col(Event.actor_id).in_(actors),
                col(Event.target_id).in_(actors),
                col(Event.location_id).in_(places),
            )
        )
    if filters.date_from is not None:
        conds.append(col(Event.date_end) >= filters.date_from)
    if filters.date_to is not None:
        conds.append(col(Event.date_start) <= filters.date_to)
    if filters.bbox is not None:
        conds.append(_bbox_condition(filters.bbox))
    if filters.min_fatalities is not None:
        conds.append(col(Event.fatalities_low) >= filters.min_fatalities)
    if filters.q:
        for word in filters.q.split()[:10]:
            pattern = like_pattern(word)
            conds.append(
                sa.or_(
                    col(Event.summary).ilike(pattern, escape="\\"),
                    col(Event.quote_restored).ilike(pattern, escape="\\"),
                    col(Event.quote).ilike(pattern, escape="\\"),
                )
            )
    if filters.source is not None:
        conds.append(col(Event.source_id) == filters.source)
    if filters.updated_since is not None:
        conds.append(col(Event.updated_at) >= filters.updated_since.astimezone(UTC))
    return conds


def _event_rows() -> Any:
    return (
        sa.select(
            Event,
            Actor,
            TargetActor,
            Location,
            col(Source.id),
            col(Source.title),
            col(Source.publisher),
            col(Source.published_at),
            col(Source.url),
        )
        .join(Source, col(Source.id) == col(Event.source_id))
        .outerjoin(Actor, col(Actor.id) == col(Event.actor_id))
        .outerjoin(TargetActor, col(TargetActor.id) == col(Event.target_id))
        .outerjoin(Location, col(Location.id) == col(Event.location_id))
    )


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _actor(actor: Actor | None) -> dict[str, Any] | None:
    if actor is None:
        return None
    return {"id": actor.id, "name": actor.name, "kind": actor.kind, "country": actor.country}


def row_to_public(row: Sequence[Any]) -> dict[str, Any]:
    """One ``_event_rows()`` row as the public event shape."""
    event, actor, target, location, src_id, title, publisher, published_at, url = row
    kind = EVENT_TYPES_BY_SLUG[event.type]
    return {
        "id": event.id,
        "type": event.type,
        "plover": kind.plover,
        "cameo": kind.cameo,
        "goldstein": kind.goldstein,
        "summary": event.summary,
        "date_start": event.date_start,
        "date_end": event.date_end,
        "date_precision": event.date_precision,
        "actor": _actor(actor),
        "target": _actor(target),
        "location": None
        if location is None
        else {
            "id": location.id,
            "name": location.name,
            "country": location.country,
            "admin1": location.admin1,
            "lat": location.lat,
            "lon": location.lon,
            "precision": location.precision,
        },
        "fatalities_low": event.fatalities_low,
        "fatalities_best": event.fatalities_best,
        "fatalities_high": event.fatalities_high,
        "quantity": event.quantity,
        "certainty": event.certainty,
        "attribution": event.attribution,
        "source": {
            "id": src_id,
            "title": title,
            "publisher": publisher,
            "published_at": published_at,
            "url": url,
        },
        "quote": event.quote,
        "quote_restored": event.quote_restored,
        "char_start": event.char_start,
        "char_end": event.char_end,
        "origin": event.origin,
        "confidence": event.confidence,
        "notes": event.notes,
        "external_id": event.external_id,
        "created_at": _aware(event.created_at),
        "updated_at": _aware(event.updated_at),
    }


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


def _key_of(sort: EventSort, event: Event) -> list[Any]:
    if sort is EventSort.newest:
        return [
            int(event.date_start is None),
            (event.date_start or _FAR_PAST).isoformat(),
            event.id,
        ]
    if sort is EventSort.oldest:
        return [
            int(event.date_start is None),
            (event.date_start or _FAR_FUTURE).isoformat(),
            event.id,
        ]
    if sort is EventSort.deadliest:
        toll = event.fatalities_best if event.fatalities_best is not None else event.fatalities_low
        return [-1 if toll is None else toll, event.id]
    return [_aware(event.updated_at).astimezone(UTC).isoformat(), event.id]


@dataclass(frozen=True)
class EventListing:
    rows: list[dict[str, Any]]
    next_cursor: str | None
    total: int | None


def count_events(*, session: Session, filters: EventFilters) -> int:
    query = sa.select(sa.func.count()).select_from(Event).where(*filter_conditions(filters))
    return int(session.execute(query).scalar_one())


def list_events(
    *,
    session: Session,
    filters: EventFilters,
    sort: EventSort,
    limit: int,
    cursor: str | None,
    with_total: bool,
) -> EventListing:
    """One page of matching events in ``sort`` order, one query for the page."""
    spec = SORT_KEYS[sort]
    conds = filter_conditions(filters)
    query = _event_rows().where(*conds)
    if cursor is not None:
        values = _cursor_values(sort, decode_cursor(cursor, sort.value, spec.types))
        query = query.where(keyset_after(spec.columns, values))
    order = [expr.desc() if desc else expr.asc() for expr, desc in spec.columns]
    rows = session.execute(query.order_by(*order).limit(limit + 1)).all()
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor(sort.value, _key_of(sort, rows[-1][0]))
    total = count_events(session=session, filters=filters) if with_total else None
    return EventListing([row_to_public(r) for r in rows], next_cursor, total)


def get_event_or_raise(*, session: Session, event_id: str) -> dict[str, Any]:
    row = session.execute(_event_rows().where(col(Event.id) == event_id)).first()
    if row is None:
        raise NotFound(f"No event with id {event_id!r}.")
    return row_to_public(row)


def events_of_source(*, session: Session, source_id: str) -> list[dict[str, Any]]:
    query = (
        _event_rows()
        .where(col(Event.source_id) == source_id)
        .order_by(col(Event.char_start), col(Event.id))
    )
    return [row_to_public(r) for r in session.execute(query).all()]
