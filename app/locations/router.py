"""``/v1/locations``: where events happened."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from app.api.errors import problem_responses
from app.api.filters import ISO3_PATTERN
from app.api.pagination import PageDep, page_body
from app.locations import service
from app.locations.schemas import LocationPage
from app.store.db import SessionDep

router = APIRouter(prefix="/v1/locations", tags=["locations"])


@router.get(
    "", summary="List locations", response_model=LocationPage, responses=problem_responses(422)
)
def list_locations(
    request: Request,
    response: Response,
    session: SessionDep,
    page: PageDep,
    country: Annotated[
        str | None,
        Query(
            pattern=ISO3_PATTERN,
            description="ISO3 country of the place (case-insensitive: `rus` is `RUS`).",
            examples=["RUS"],
        ),
    ] = None,
    q: Annotated[
        str | None, Query(min_length=1, max_length=100, description="Part of the name.")
    ] = None,
) -> dict[str, Any]:
    """Places in id order with coordinates, precision and the number of events there."""
    rows, cursor, total = service.list_locations(session=session, page=page, country=country, q=q)
    return page_body(request, response, rows, limit=page.limit, next_cursor=cursor, total=total)
