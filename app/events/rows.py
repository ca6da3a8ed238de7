"""One flat row per event, read past the ORM, and its mapping to the public event shape."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from app.events.sorting import _aware
from app.models import Actor, Event, Location, Source
from app.reference.taxonomy import EVENT_TYPES_BY_SLUG


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
