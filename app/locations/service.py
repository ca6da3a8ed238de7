"""All location SQL."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from app.api.filters import like_pattern
from app.api.pagination import PageParams, id_keyset_page
from app.models import Event, Location


def list_locations(
    *, session: Session, page: PageParams, country: str | None, q: str | None
) -> tuple[list[dict[str, Any]], str | None, int | None]:
    counts = (
        sa.select(col(Event.location_id).label("location_id"), sa.func.count().label("n"))
        .where(col(Event.location_id).is_not(None))
        .group_by(col(Event.location_id))
        .subquery()
    )
    query: Any = sa.select(
        col(Location.id).label("id"),
        col(Location.name),
        col(Location.country),
        col(Location.admin1),
        col(Location.lat),
        col(Location.lon),
        col(Location.precision),
        sa.func.coalesce(counts.c.n, 0).label("events_count"),
    ).outerjoin(counts, counts.c.location_id == col(Location.id))
    if country:
        query = query.where(col(Location.country) == country.upper())
    if q:
        query = query.where(col(Location.name).ilike(like_pattern(q), escape="\\"))
    rows, cursor, total = id_keyset_page(session, query, col(Location.id), sort="id", params=page)
    return [dict(r._mapping) for r in rows], cursor, total
