"""All actor SQL."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from app.api.errors import NotFound
from app.api.filters import like_pattern
from app.api.pagination import PageParams, id_keyset_page
from app.models import Actor, Event


def _actors_with_counts() -> Any:
    involved = sa.union_all(
        sa.select(col(Event.actor_id).label("actor_id")).where(col(Event.actor_id).is_not(None)),
        sa.select(col(Event.target_id).label("actor_id")).where(col(Event.target_id).is_not(None)),
    ).subquery()
    counts = (
        sa.select(involved.c.actor_id, sa.func.count().label("n"))
        .group_by(involved.c.actor_id)
        .subquery()
    )
    return sa.select(
        col(Actor.id).label("id"),
        col(Actor.name),
        col(Actor.kind),
        col(Actor.country),
        sa.func.coalesce(counts.c.n, 0).label("events_count"),
    ).outerjoin(counts, counts.c.actor_id == col(Actor.id))


def list_actors(
    *,
    session: Session,
    page: PageParams,
    kind: str | None,
    country: str | None,
    q: str | None,
) -> tuple[list[dict[str, Any]], str | None, int | None]:
    query = _actors_with_counts()
    if kind:
        query = query.where(col(Actor.kind) == kind)
    if country:
        query = query.where(col(Actor.country) == country.upper())
    if q:
        query = query.where(col(Actor.name).ilike(like_pattern(q), escape="\\"))
    rows, cursor, total = id_keyset_page(session, query, col(Actor.id), sort="id", params=page)
    return [dict(r._mapping) for r in rows], cursor, total


def get_actor_or_raise(*, session: Session, actor_id: str) -> dict[str, Any]:
    row = session.execute(_actors_with_counts().where(col(Actor.id) == actor_id)).first()
    if row is None:
        raise NotFound(f"No actor with id {actor_id!r}.")
    return dict(row._mapping)
