"""``/v1/actors``: who acts and is acted upon."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response

from app.actors import service
from app.actors.schemas import ActorPage, ActorPublic
from app.api.errors import problem_responses
from app.api.filters import ISO3_PATTERN
from app.api.pagination import PageDep, page_body
from app.models.common import ActorKind
from app.store.db import SessionDep

router = APIRouter(prefix="/v1/actors", tags=["actors"])


@router.get("", summary="List actors", response_model=ActorPage, responses=problem_responses(422))
def list_actors(
    request: Request,
    response: Response,
    session: SessionDep,
    page: PageDep,
    kind: Annotated[ActorKind | None, Query(description="Only actors of this kind.")] = None,
    country: Annotated[
        str | None,
        Query(
            pattern=ISO3_PATTERN,
            description="ISO3 country of the actor (case-insensitive: `prk` is `PRK`).",
            examples=["PRK"],
        ),
    ] = None,
    q: Annotated[
        str | None, Query(min_length=1, max_length=100, description="Part of the name.")
    ] = None,
) -> dict[str, Any]:
    """Actors in id order, each with the number of events it acted in or was the target of."""
    rows, cursor, total = service.list_actors(
        session=session, page=page, kind=kind, country=country, q=q
    )
    return page_body(request, response, rows, limit=page.limit, next_cursor=cursor, total=total)


@router.get(
    "/{actor_id}",
    summary="Get one actor",
    response_model=ActorPublic,
    responses=problem_responses(404, 422),
)
def get_actor(
    session: SessionDep,
    actor_id: Annotated[str, Path(max_length=120, examples=["kim-jong-un"])],
) -> dict[str, Any]:
    """One actor with its event count; list its events with `/v1/events?actor={id}`."""
    return service.get_actor_or_raise(session=session, actor_id=actor_id)
