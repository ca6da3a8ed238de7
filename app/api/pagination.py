"""Keyset pagination: opaque cursors, the ``{data, meta}`` envelope and the ``Link`` header.

A cursor is URL-safe base64 of compact JSON ``{"s": <sort>, "k": [<last row's sort key>]}``.
It names the sort it was made for, so a cursor replayed with another sort is refused (422)
rather than silently skipping rows. Clients must treat it as opaque.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from typing import Annotated, Any, Generic, TypeAlias, TypeVar

import orjson
import sqlalchemy as sa
from fastapi import Depends, Query, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, and_, or_

from app.api.errors import InvalidParameter, ProblemItem

T = TypeVar("T")
MAX_LIMIT = 1000
MAX_CURSOR_CHARS = 2048


class PageMeta(BaseModel):
    """Paging facts: the page size, the cursor of the next page, the exact number of matches."""

    limit: int = Field(examples=[50])
    next_cursor: str | None = Field(examples=["eyJzIjoiLWRhdGUiLCJrIjpbIjIwMjUtMTItMTgiXX0"])
    total: int | None = Field(
        description="Exact number of matches; null when with_total=false.", examples=[10]
    )


class Page(BaseModel, Generic[T]):
    """The list envelope every list endpoint answers."""

    data: list[T]
    meta: PageMeta


class PageParams(BaseModel):
    limit: int
    cursor: str | None
    with_total: bool


async def page_params(
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description="Page size, 1 to 1000.", examples=[50])
    ] = 50,
    cursor: Annotated[
        str | None,
        Query(
            max_length=MAX_CURSOR_CHARS,
            description="The opaque `next_cursor` of the previous page.",
        ),
    ] = None,
    with_total: Annotated[
        bool, Query(description="Count all matches into `meta.total` (false: null, cheaper).")
    ] = True,
) -> PageParams:
    return PageParams(limit=limit, cursor=cursor, with_total=with_total)


PageDep: TypeAlias = Annotated[PageParams, Depends(page_params)]


def encode_cursor(sort: str, key: Sequence[Any]) -> str:
    raw = json.dumps({"s": sort, "k": list(key)}, separators=(",", ":"), default=str)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str, types: Sequence[type]) -> list[Any]:
    """The key a cursor holds, checked against the sort and the key's expected types."""
    invalid = InvalidParameter(
        "The cursor is not one this server issued for this sort; start again without it.",
        errors=[ProblemItem(loc=["query", "cursor"], msg="invalid cursor")],
    )
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeError, RecursionError):
        raise invalid from None
    if not isinstance(payload, dict) or payload.get("s") != sort:
        raise invalid
    key = payload.get("k")
    if not isinstance(key, list) or len(key) != len(types):
        raise invalid
    for value, expected in zip(key, types, strict=True):
        if expected is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise invalid
        if expected is str and not isinstance(value, str):
            raise invalid
        if isinstance(value, int) and abs(value) > 2**62:
            raise invalid
    return key


def keyset_after(
    columns: Sequence[tuple[ColumnElement[Any], bool]], values: Sequence[Any]
) -> ColumnElement[bool]:
    """Rows strictly after ``values`` in the order ``columns`` (each with descending or not).

    Expands ``(a, b, c) > (x, y, z)`` by hand because the directions may differ per column.
    """
    clauses = []
    for i, (column, descending) in enumerate(columns):
        equal = [col == values[j] for j, (col, _desc) in enumerate(columns[:i])]
        step = column < values[i] if descending else column > values[i]
        clauses.append(and_(*equal, step))
    return or_(*clauses)


ORJSON_OPTIONS = orjson.OPT_UTC_Z | orjson.OPT_NON_STR_KEYS


def json_response(
    request: Request | None, body: Any, *, next_cursor: str | None = None
) -> Response:
    """``body`` as JSON bytes in a Response, with the ``Link`` header when there is a next page.

    The hot paths build plain dicts from rows and serialize them once with orjson: FastAPI
    skips validating and re-serializing a returned Response, which at 100 events a page costs
    more than the query. The route keeps ``response_model`` for the OpenAPI document; the
    shape is held to it by the tests instead of at run time.
    """
    response = Response(orjson.dumps(body, option=ORJSON_OPTIONS), media_type="application/json")
    if request is not None:
        set_link_header(request, response, next_cursor)
    return response


def set_link_header(request: Request, response: Response, next_cursor: str | None) -> None:
    """``Link: <...&cursor=...>; rel="next"`` when there is a next page."""
    if next_cursor is None:
        return
    url = request.url.remove_query_params("cursor").include_query_params(cursor=next_cursor)
    response.headers["Link"] = f'<{url}>; rel="next"'


def id_keyset_page(
    session: Any,
    query: Any,
    id_column: Any,
    *,
    sort: str,
    params: PageParams,
    descending: bool = False,
) -> tuple[list[Any], str | None, int | None]:
    """A page of ``query`` ordered by its unique ``id_column``: rows, next cursor, total.

    For the small lists (actors, locations, sources, deletions) where the id is the order.
    """
    total = None
    if params.with_total:
        count = sa.select(sa.func.count()).select_from(query.order_by(None).subquery())
        total = int(session.execute(count).scalar_one())
    if params.cursor is not None:
        (last,) = decode_cursor(params.cursor, sort, (str,))
        query = query.where(id_column < last if descending else id_column > last)
    order = id_column.desc() if descending else id_column.asc()
    rows = list(session.execute(query.order_by(order).limit(params.limit + 1)).all())
    next_cursor = None
    if len(rows) > params.limit:
        rows = rows[: params.limit]
        next_cursor = encode_cursor(sort, [rows[-1]._mapping[id_column.key]])
    return rows, next_cursor, total


def page_body(
    request: Request,
    response: Response,
    rows: list[Any],
    *,
    limit: int,
    next_cursor: str | None,
    total: int | None,
) -> dict[str, Any]:
    """The ``{data, meta}`` envelope of a list page, with its ``Link`` header set."""
    set_link_header(request, response, next_cursor)
    return {"data": rows, "meta": {"limit": limit, "next_cursor": next_cursor, "total": total}}
