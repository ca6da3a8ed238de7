"""Event filters compiled to SQL: conditions, their bind values, and the shape that keys
the statement cache."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy import ColumnElement
from sqlmodel import col

from app.api.filters import BBox, EventFilters, like_pattern
from app.events.search import search_candidates, search_match, text_contains
from app.models import Actor, Event, Location


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
