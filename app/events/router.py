"""``/v1/events``: the filtered, sorted, paginated list and single events."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from app.api.errors import problem_responses
from app.api.filters import EventFiltersDep
from app.api.pagination import PageDep, json_response
from app.events import service
from app.events.formats import (
    OPENAPI_CONTENT,
    EventFormat,
    export_response,
    negotiate,
    page_response,
)
from app.events.schemas import EventPage, EventPublic, EventSort
from app.store.db import SessionDep

router = APIRouter(prefix="/v1/events", tags=["events"])


@router.get(
    "",
    summary="List events",
    response_model=EventPage,
    responses={200: {"content": OPENAPI_CONTENT}, **problem_responses(422)},
)
def list_events(
    request: Request,
    session: SessionDep,
    filters: EventFiltersDep,
    page: PageDep,
    sort: Annotated[
        EventSort,
        Query(description="-date (newest first, undated last), date, -fatalities, updated_at."),
    ] = EventSort.newest,
    format: Annotated[
        EventFormat | None,
        Query(description="json (default), csv, ndjson or geojson; or send an Accept header."),
    ] = None,
) -> Response:
    """Events matching every given filter, one keyset page at a time.

    Filters combine with AND; a repeated parameter matches any of its values. Follow
    `meta.next_cursor` (or the `Link: rel="next"` header) for the next page: pages never repeat
    or skip an event, whatever the sort.

    `format=csv` (RFC 4180, flattened columns in a fixed order) and `format=geojson` (a
    FeatureCollection of the page's events with coordinates) page the same way, with the total in
    `X-Total-Count`. `format=ndjson` streams every matching event from the cursor on (capped by
    `limit` only when it is given): the bulk export, in constant server memory.
    """
    fmt = negotiate(format, request)
    if fmt is EventFormat.ndjson:
        return export_response(request, filters, sort, page.cursor)
    listing = service.list_events(
        session=session,
        filters=filters,
        sort=sort,
        limit=page.limit,
        cursor=page.cursor,
        with_total=page.with_total,
    )
    if fmt is not EventFormat.json:
        return page_response(request, fmt, listing, page.limit)
    body = {
        "data": listing.rows,
        "meta": {"limit": page.limit, "next_cursor": listing.next_cursor, "total": listing.total},
    }
    return json_response(request, body, next_cursor=listing.next_cursor)


@router.get(
    "/{event_id}",
    summary="Get one event",
    response_model=EventPublic,
    responses=problem_responses(404, 422),
)
def get_event(
    session: SessionDep,
    event_id: Annotated[str, Path(max_length=40, examples=["evt_01KBSEED00000000000000000A"])],
) -> Response:
    """One event with its actor, target, location, source and exact quote."""
    return json_response(None, service.get_event_or_raise(session=session, event_id=event_id))
