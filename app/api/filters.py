"""The event filters shared by ``/v1/events`` and ``/v1/stats/*``."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated, TypeAlias

from fastapi import Depends, Query
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from app.api.errors import InvalidParameter, ProblemItem
from app.reference.taxonomy import EVENT_TYPE_SLUGS, EventTypeSlug

MAX_REPEATS = 50
# What the OpenAPI document promises, and what the parsers below enforce (JSON Schema can say
# "four numbers" and "three letters"; ranges and cross-field rules stay precise 422s).
_NUMBER = r"\s*[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\s*"
BBOX_PATTERN = rf"^{_NUMBER},{_NUMBER},{_NUMBER},{_NUMBER}$"
# Lower case is accepted and read as upper case (``prk`` is ``PRK``), as it always was.
ISO3_PATTERN = "^[A-Za-z]{3}$"
TEXT_PATTERN = r"^[^\u0000]*[^\u0000\s][^\u0000]*$"
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _timestamp_text(value: object) -> object:
    """Only RFC 3339-shaped text: pydantic would also read ``0.5`` as a Unix time."""
    if isinstance(value, str) and not _TIMESTAMP.match(value):
        raise ValueError("expected an RFC 3339 timestamp such as 2025-12-27T09:30:00Z")
    return value


def _day_text(value: object) -> object:
    """Only ``YYYY-MM-DD``: pydantic would also read ``0`` as 1970-01-01."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        raise ValueError("expected a date as YYYY-MM-DD")
    return value


def known_event_type(value: object) -> object:
    """The project's words for an unknown slug, before the enum's long list of every value.

    The empty string is no slug either: ``type=`` and ``{"type": ""}`` are refused like any
    other value outside the enum, as the OpenAPI document declares (issue 14). ``None`` passes
    through, for the optional fields that refuse it themselves.
    """
    if value is None:
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("string_type", "Input should be a valid string")
    if value not in EVENT_TYPE_SLUGS:
        raise ValueError(f"unknown event type {value!r}; see /v1/event-types")
    return value


Timestamp: TypeAlias = Annotated[datetime, BeforeValidator(_timestamp_text)]
Day: TypeAlias = Annotated[date, BeforeValidator(_day_text)]
KnownEventType: TypeAlias = Annotated[EventTypeSlug, BeforeValidator(known_event_type)]


@dataclass(frozen=True)
class BBox:
    """``min_lon,min_lat,max_lon,max_lat``; ``min_lon > max_lon`` crosses the antimeridian."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float


@dataclass(frozen=True)
class EventFilters:
    types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    bbox: BBox | None = None
    min_fatalities: int | None = None
    q: str | None = None
    source: str | None = None
    updated_since: datetime | None = None


def _invalid(param: str, msg: str) -> InvalidParameter:
    return InvalidParameter(
        f"Invalid '{param}': {msg}.", errors=[ProblemItem(loc=["query", param], msg=msg)]
    )


def parse_bbox(text: str) -> BBox:
    parts = text.split(",")
    if len(parts) != 4 or not re.fullmatch(BBOX_PATTERN, text):
        raise _invalid("bbox", "expected four numbers min_lon,min_lat,max_lon,max_lat")
    try:
        min_lon, min_lat, max_lon, max_lat = (float(p) for p in parts)
    except ValueError:
        raise _invalid("bbox", "expected four numbers min_lon,min_lat,max_lon,max_lat") from None
    values = (min_lon, min_lat, max_lon, max_lat)
    if not all(math.isfinite(v) for v in values):
        raise _invalid("bbox", "coordinates must be finite numbers")
    if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180):
        raise _invalid("bbox", "longitudes must be within -180..180")
    if not (-90 <= min_lat <= 90 and -90 <= max_lat <= 90):
        raise _invalid("bbox", "latitudes must be within -90..90")
    if min_lat > max_lat:
        raise _invalid("bbox", "min_lat is greater than max_lat")
    return BBox(min_lon, min_lat, max_lon, max_lat)


async def event_filters(
    type: Annotated[
        list[KnownEventType] | None,
        Query(
            description="Event type slug (repeatable; see /v1/event-types). An empty value "
            "is no slug: `type=` is refused like any unknown one.",
            max_length=MAX_REPEATS,
            examples=[["casualties"]],
        ),
    ] = None,
    actor: Annotated[
        list[str] | None,
        Query(
            description="Actor id, as actor or target (repeatable).",
            max_length=MAX_REPEATS,
            examples=[["kim-jong-un"]],
        ),
    ] = None,
    country: Annotated[
        list[str] | None,
        Query(
            description="ISO 3166-1 alpha-3 code of the actor, the target or the location "
            "(repeatable; case-insensitive: `prk` is `PRK`).",
            max_length=MAX_REPEATS,
            examples=[["PRK"]],
            json_schema_extra={"items": {"type": "string", "pattern": ISO3_PATTERN}},
        ),
    ] = None,
    date_from: Annotated[
        Day | None, Query(description="Events overlapping the window from this day on.")
    ] = None,
    date_to: Annotated[
        Day | None, Query(description="Events overlapping the window up to this day.")
    ] = None,
    bbox: Annotated[
        str | None,
        Query(
            description="min_lon,min_lat,max_lon,max_lat in degrees.",
            max_length=200,
            examples=["30,45,40,55"],
            json_schema_extra={"pattern": BBOX_PATTERN},
        ),
    ] = None,
    min_fatalities: Annotated[
        int | None, Query(ge=0, le=10**9, description="Minimum `fatalities_low`.")
    ] = None,
    q: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=200,
            description="Words to find in the summary or the quote (case-insensitive).",
            json_schema_extra={"pattern": TEXT_PATTERN},
        ),
    ] = None,
    source: Annotated[str | None, Query(max_length=40, description="Source id.")] = None,
    updated_since: Annotated[
        Timestamp | None,
        Query(description="Only events created or changed at or after this RFC 3339 time."),
    ] = None,
) -> EventFilters:
    types = tuple(dict.fromkeys(t.value for t in type or ()))
    countries = tuple(dict.fromkeys(c.upper() for c in country or ()))
    for code in countries:
        if len(code) != 3 or not code.isascii() or not code.isalpha():
            raise _invalid("country", f"{code!r} is not an ISO 3166-1 alpha-3 code")
    if date_from and date_to and date_from > date_to:
        raise _invalid("date_to", "date_to is before date_from")
    if updated_since is not None and updated_since.tzinfo is None:
        updated_since = updated_since.replace(tzinfo=UTC)
    text = q.strip() if q else None
    if q is not None and not text:
        raise _invalid("q", "must contain a non-space character")
    if text and "\x00" in text:
        raise _invalid("q", "must not contain NUL characters")
    return EventFilters(
        types=types,
        actors=tuple(dict.fromkeys(actor or ())),
        countries=countries,
        date_from=date_from,
        date_to=date_to,
        bbox=parse_bbox(bbox) if bbox is not None else None,
        min_fatalities=min_fatalities,
        q=text,
        source=source,
        updated_since=updated_since,
    )


EventFiltersDep: TypeAlias = Annotated[EventFilters, Depends(event_filters)]


def like_pattern(word: str) -> str:
    """A LIKE pattern matching ``word`` anywhere, its wildcards escaped with ``\\``."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
