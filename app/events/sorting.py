"""The sort orders of the event list: their key expressions and their cursors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import col

from app.api.errors import InvalidParameter, ProblemItem
from app.events.schemas import EventSort
from app.events.tables import _FAR_FUTURE, _FAR_PAST
from app.models import Event

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
