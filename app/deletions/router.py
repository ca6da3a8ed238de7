"""``/v1/deletions``: tombstones of withdrawn events, for clients that mirror the data."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field
from sqlmodel import col

from app.api.errors import problem_responses
from app.api.filters import Timestamp
from app.api.pagination import PageDep, PageMeta, id_keyset_page, page_body
from app.models import Deletion
from app.store.db import SessionDep

router = APIRouter(prefix="/v1", tags=["events"])


class DeletionPublic(BaseModel):
    id: str = Field(examples=["evt_01KBSEED00000000000000000A"])
    deleted_at: datetime


class DeletionPage(BaseModel):
    data: list[DeletionPublic]
    meta: PageMeta


@router.get(
    "/deletions",
    summary="List deleted events",
    response_model=DeletionPage,
    responses=problem_responses(422),
)
def list_deletions(
    request: Request,
    response: Response,
    session: SessionDep,
    page: PageDep,
    since: Annotated[
        Timestamp | None, Query(description="Only events deleted at or after this RFC 3339 time.")
    ] = None,
) -> dict[str, Any]:
    """Ids of events removed since `since`; with `updated_since` a client keeps an exact mirror."""
    query: Any = sa.select(col(Deletion.id).label("id"), col(Deletion.deleted_at))
    if since is not None:
        aware = since if since.tzinfo else since.replace(tzinfo=UTC)
        query = query.where(col(Deletion.deleted_at) >= aware.astimezone(UTC))
    rows, cursor, total = id_keyset_page(session, query, col(Deletion.id), sort="id", params=page)
    data = [
        {"id": r.id, "deleted_at": r.deleted_at.replace(tzinfo=r.deleted_at.tzinfo or UTC)}
        for r in rows
    ]
    return page_body(request, response, data, limit=page.limit, next_cursor=cursor, total=total)
