"""``/v1/sources``: articles, as received and as normalized, and ingesting new ones."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request, Response
from fastapi.concurrency import run_in_threadpool

from app.api.errors import UnsupportedMediaType, problem_responses
from app.api.pagination import PageDep, page_body
from app.api.security import ApiKeyDep
from app.sources import service
from app.sources.schemas import SourceCreate, SourceDetail, SourcePage
from app.store.db import SessionDep

router = APIRouter(prefix="/v1/sources", tags=["sources"])


async def require_json(request: Request) -> None:
    """Refuse bodies that do not say they are JSON before reading them."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json" and not media_type.endswith("+json"):
        raise UnsupportedMediaType(
            f"Send the article as application/json, not {media_type or 'no content type'!r}."
        )


@router.get("", summary="List sources", response_model=SourcePage, responses=problem_responses(422))
def list_sources(
    request: Request, response: Response, session: SessionDep, page: PageDep
) -> dict[str, Any]:
    """Articles, most recently ingested first, with raw and normalized text and event counts."""
    rows, cursor, total = service.list_sources(session=session, page=page)
    return page_body(request, response, rows, limit=page.limit, next_cursor=cursor, total=total)


@router.get(
    "/{source_id}",
    summary="Get one source with its events",
    response_model=SourceDetail,
    responses=problem_responses(404, 422),
)
def get_source(
    session: SessionDep,
    source_id: Annotated[str, Path(max_length=40, examples=["src_01KBSEED0000000000000000AJ"])],
) -> dict[str, Any]:
    """One article with every event coded from it, in text order."""
    return service.get_source_or_raise(session=session, source_id=source_id)


@router.post(
    "",
    summary="Ingest an article",
    status_code=201,
    response_model=SourceDetail,
    responses={
        200: {"model": SourceDetail, "description": "The same text was already ingested."},
        **problem_responses(401, 413, 415, 422),
    },
    dependencies=[Depends(require_json)],
)
async def ingest_source(
    request: Request, response: Response, payload: SourceCreate, _key: ApiKeyDep
) -> dict[str, Any]:
    """Normalize the text, extract its events and store both in one transaction.

    Answers 201 with the new source and its events, or 200 with the stored one when the same
    text was ingested before (nothing is duplicated). Needs `Authorization: Bearer <key>`.
    """
    result = await run_in_threadpool(
        service.ingest_source, engine=request.app.state.engine, payload=payload
    )
    if not result.created:
        response.status_code = 200
    response.headers["Location"] = f"/v1/sources/{result.source['id']}"
    return result.source
