"""``/v1/stats``: timelines and facets over the same filters as ``/v1/events``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app.api.errors import problem_responses
from app.api.filters import EventFiltersDep
from app.api.pagination import json_response
from app.stats import service
from app.stats.schemas import FacetBy, Facets, Interval, Timeline
from app.store.db import SessionDep

router = APIRouter(prefix="/v1/stats", tags=["stats"])


@router.get(
    "/timeline",
    summary="Events and fatalities over time",
    response_model=Timeline,
    responses=problem_responses(422, 503),
)
def stats_timeline(
    request: Request,
    session: SessionDep,
    filters: EventFiltersDep,
    interval: Annotated[Interval, Query(description="Bucket size.")] = Interval.month,
) -> Response:
    """Counts and fatality sums per period of the event's start date, oldest first.

    Periods with no events are left out; undated events are counted in `meta.undated`.
    """
    return json_response(
        None,
        service.timeline(
            session=session,
            filters=filters,
            interval=interval,
            limit_ms=request.app.state.settings.sql_time_limit_ms,
        ),
    )


@router.get(
    "/facets",
    summary="Events and fatalities by group",
    response_model=Facets,
    responses=problem_responses(422, 503),
)
def stats_facets(
    request: Request,
    session: SessionDep,
    filters: EventFiltersDep,
    by: Annotated[FacetBy, Query(description="What to group by.")] = FacetBy.type,
    limit: Annotated[int, Query(ge=1, le=1000, description="Largest groups to return.")] = 50,
) -> Response:
    """Counts and fatality sums per type, acting actor, country or location, largest first."""
    return json_response(
        None,
        service.facets(
            session=session,
            filters=filters,
            by=by,
            limit=limit,
            limit_ms=request.app.state.settings.sql_time_limit_ms,
        ),
    )
