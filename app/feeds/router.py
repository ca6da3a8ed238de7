"""``/v1/feeds``: the managed list of news feeds that ``faultline watch`` polls."""

from __future__ import annotations

from typing import Annotated, Any, TypeAlias

from fastapi import APIRouter, Path, Request, Response
from fastapi.concurrency import run_in_threadpool

from app.api.errors import problem_responses
from app.api.pagination import PageDep, page_body
from app.api.security import ApiKeyDep
from app.feeds import service
from app.feeds.schemas import FeedCreate, FeedPage, FeedPublic
from app.store.db import SessionDep

router = APIRouter(prefix="/v1/feeds", tags=["feeds"])

FeedId: TypeAlias = Annotated[
    str,
    Path(max_length=40, pattern=r"^[A-Za-z0-9_]+$", examples=["feed_01KBFEED00000000000000000A"]),
]


@router.get(
    "", summary="List watched feeds", response_model=FeedPage, responses=problem_responses(422)
)
def list_feeds(
    request: Request, response: Response, session: SessionDep, page: PageDep
) -> dict[str, Any]:
    """The feeds `faultline watch` polls when given no URL, with their last poll and items."""
    rows, cursor, total = service.list_feeds_page(session=session, page=page)
    return page_body(request, response, rows, limit=page.limit, next_cursor=cursor, total=total)


@router.get(
    "/{feed_id}",
    summary="Get one watched feed",
    response_model=FeedPublic,
    responses=problem_responses(404, 422),
)
def get_feed(session: SessionDep, feed_id: FeedId) -> dict[str, Any]:
    """One feed with its last poll and its items counted by where they stand."""
    return service.get_feed_or_raise(session=session, feed_id=feed_id)


@router.post(
    "",
    summary="Watch a feed",
    status_code=201,
    response_model=FeedPublic,
    responses={
        200: {"model": FeedPublic, "description": "The feed was already watched."},
        **problem_responses(401, 413, 422),
    },
)
async def add_feed(
    request: Request, response: Response, payload: FeedCreate, _key: ApiKeyDep
) -> dict[str, Any]:
    """Add a feed to the list `faultline watch` polls: 201 when new, 200 when already there.

    Nothing is fetched here; the next `faultline watch` run polls it. Needs an API key.
    """
    feed, created = await run_in_threadpool(
        service.add_feed, engine=request.app.state.engine, url=payload.url
    )
    if not created:
        response.status_code = 200
    response.headers["Location"] = f"/v1/feeds/{feed['id']}"
    return feed


@router.delete(
    "/{feed_id}",
    summary="Stop watching a feed",
    status_code=204,
    response_class=Response,
    responses=problem_responses(401, 404, 422),
)
def delete_feed(request: Request, feed_id: FeedId, _key: ApiKeyDep) -> Response:
    """Remove a feed and forget its items; the articles stored from it stay. Needs an API key."""
    service.delete_feed(engine=request.app.state.engine, feed_id=feed_id)
    return Response(status_code=204)
