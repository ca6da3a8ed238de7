"""One error tree, one wire format: RFC 9457 ``application/problem+json``.

The body contract, for every 4xx and 5xx answer::

    {"type": "https://faultline.dev/problems/<slug>",   # stable URI per kind of error
     "title": "Not Found",                              # the HTTP reason, short
     "status": 404,                                     # the HTTP status, repeated
     "detail": "No event with id 'evt_123'.",           # what went wrong, for a human
     "errors": [{"loc": ["query", "limit"], "msg": "..."}]}   # per-field problems (may be empty)

Hierarchy::

    FaultlineError (500)
     +-- InvalidParameter (422)
     +-- Unauthorized (401)
     +-- NotFound (404)
     +-- PayloadTooLarge (413)
     +-- UnsupportedMediaType (415)
     +-- Conflict (409)
     +-- ServiceUnavailable (503)
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://faultline.dev/problems/"
logger = logging.getLogger("faultline")


class ProblemItem(BaseModel):
    """One field-level problem: where (``loc``) and what (``msg``)."""

    loc: list[str | int] = Field(examples=[["query", "limit"]])
    msg: str = Field(examples=["Input should be less than or equal to 1000"])


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    type: str = Field(examples=[PROBLEM_BASE + "invalid-parameter"])
    title: str = Field(examples=["Unprocessable Content"])
    status: int = Field(examples=[422])
    detail: str = Field(examples=["Query parameter 'limit' is invalid."])
    errors: list[ProblemItem] = Field(default_factory=list)


class FaultlineError(Exception):
    """Base of every error a client can see."""

    status: ClassVar[int] = 500
    title: ClassVar[str] = "Internal Server Error"
    slug: ClassVar[str] = "internal-error"

    def __init__(self, detail: str, *, errors: Sequence[ProblemItem] = ()) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = list(errors)
        self.headers: dict[str, str] = {}


class InvalidParameter(FaultlineError):
    status, title, slug = 422, "Unprocessable Content", "invalid-parameter"


class Unauthorized(FaultlineError):
    status, title, slug = 401, "Unauthorized", "unauthorized"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.headers = {"WWW-Authenticate": 'Bearer realm="faultline"'}


class NotFound(FaultlineError):
    status, title, slug = 404, "Not Found", "not-found"


class PayloadTooLarge(FaultlineError):
    status, title, slug = 413, "Content Too Large", "payload-too-large"


class UnsupportedMediaType(FaultlineError):
    status, title, slug = 415, "Unsupported Media Type", "unsupported-media-type"


class Conflict(FaultlineError):
    status, title, slug = 409, "Conflict", "conflict"


class ServiceUnavailable(FaultlineError):
    status, title, slug = 503, "Service Unavailable", "service-unavailable"


_SLUGS_BY_STATUS = {
    400: ("Bad Request", "bad-request"),
    408: ("Request Timeout", "request-timeout"),
    414: ("URI Too Long", "uri-too-long"),
    401: (Unauthorized.title, Unauthorized.slug),
    404: (NotFound.title, NotFound.slug),
    405: ("Method Not Allowed", "method-not-allowed"),
    406: ("Not Acceptable", "not-acceptable"),
    413: (PayloadTooLarge.title, PayloadTooLarge.slug),
    415: (UnsupportedMediaType.title, UnsupportedMediaType.slug),
    422: (InvalidParameter.title, InvalidParameter.slug),
    429: ("Too Many Requests", "rate-limited"),
    503: (ServiceUnavailable.title, ServiceUnavailable.slug),
}


def problem_response(
    status: int,
    title: str,
    slug: str,
    detail: str,
    errors: Sequence[ProblemItem] = (),
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = Problem(
        type=PROBLEM_BASE + slug, title=title, status=status, detail=detail, errors=list(errors)
    )
    return JSONResponse(
        body.model_dump(), status_code=status, media_type=PROBLEM_JSON, headers=headers
    )


def _validation_items(errors: Sequence[Any]) -> list[ProblemItem]:
    items = []
    for err in errors:
        loc = [part if isinstance(part, int) else str(part) for part in err.get("loc", ())]
        if loc[:1] == ["query"]:
            # A repeated query parameter is one name to a client (``type=a&type=b``): its errors
            # are located at the name, as the filters' own checks locate them; the message
            # quotes the bad value.
            loc = [part for part in loc if not isinstance(part, int)]
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        items.append(ProblemItem(loc=loc, msg=msg))
    return items


def _describe(items: Sequence[ProblemItem]) -> str:
    if not items:
        return "The request is invalid."
    first = items[0]
    where = ".".join(str(p) for p in first.loc[1:]) or ".".join(str(p) for p in first.loc)
    more = f" (and {len(items) - 1} more)" if len(items) > 1 else ""
    return f"Invalid '{where}': {first.msg}{more}."


async def _faultline_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, FaultlineError)
    return problem_response(
        exc.status, exc.title, exc.slug, exc.detail, exc.errors, exc.headers or None
    )


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    items = _validation_items(exc.errors())
    return problem_response(
        422, InvalidParameter.title, InvalidParameter.slug, _describe(items), items
    )


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400 and exc.detail == "There was an error parsing the body":
        # FastAPI's words for a body json.loads gave up on (too deep a nesting, for one).
        items = [ProblemItem(loc=["body"], msg="unparseable JSON")]
        detail = "The JSON body could not be parsed: malformed or nested too deeply."
        return problem_response(422, InvalidParameter.title, InvalidParameter.slug, detail, items)
    title, slug = _SLUGS_BY_STATUS.get(exc.status_code, ("Error", f"http-{exc.status_code}"))
    detail = exc.detail if isinstance(exc.detail, str) else title
    if exc.status_code == 404 and detail == "Not Found":
        detail = "No such route."
    headers = dict(exc.headers) if exc.headers else None
    if exc.status_code == 405:
        # Starlette names only the first route that matched the path; list every method.
        headers = {**(headers or {}), "Allow": ", ".join(_allowed_methods(request))}
    return problem_response(exc.status_code, title, slug, detail, headers=headers)


def _allowed_methods(request: Request) -> list[str]:
    """Methods some route answers at this path: asked of the router, however it nests routes."""
    methods = set()
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        scope = {**request.scope, "method": method}
        if any(r.matches(scope)[0] is Match.FULL for r in request.app.router.routes):
            methods.add(method)
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods)


async def _database_unavailable(_request: Request, exc: Exception) -> JSONResponse:
    logger.error("database unavailable: %s", type(exc).__name__)
    return problem_response(
        503,
        ServiceUnavailable.title,
        ServiceUnavailable.slug,
        "The database is unavailable; try again shortly.",
        headers={"Retry-After": "5"},
    )


async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
    logger.exception("unhandled error", exc_info=exc)
    return problem_response(500, FaultlineError.title, FaultlineError.slug, "Unexpected error.")


def add_exception_handlers(app: FastAPI) -> None:
    """Render every error the app can raise as problem+json."""
    app.add_exception_handler(FaultlineError, _faultline_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(OperationalError, _database_unavailable)
    app.add_exception_handler(Exception, _unexpected)


_HEADERS: dict[int, dict[str, Any]] = {
    401: {
        "WWW-Authenticate": {
            "description": "The scheme to authenticate with: `Bearer`.",
            "required": True,
            "schema": {"type": "string"},
        }
    },
    429: {
        "Retry-After": {
            "description": "Seconds to wait before the next request is accepted.",
            "required": True,
            "schema": {"type": "string", "pattern": "^[0-9]+$"},
        }
    },
}
_BODYLESS_METHODS = ("get", "head", "options")
# The guards refuse NUL in any query value, path or JSON body (PostgreSQL text cannot hold it):
# every free string a request carries declares so.
NO_NUL_PATTERN = "^[^\\u0000]*$"


def guard_statuses(app: FastAPI, path: str, method: str) -> list[int]:
    """The statuses the middleware and the app-wide dependencies may answer on an operation.

    Every operation: 414 (URL too long) and 422 (too many, repeated, non-UTF-8 or NUL-holding
    query parameters). Every method but GET: 408 and 413, because ``BodyGuardMiddleware``
    reads any body sent, even a DELETE's. 429 when a rate limit covers the operation (the
    general one covers all; the write one every method but GET), and 401 on the ``/v1`` reads
    when ``require_key_for_reads`` is set. The document describes the server as configured.
    """
    settings = getattr(app.state, "settings", None)
    statuses = [414, 422]
    writes = method not in _BODYLESS_METHODS
    if writes:
        statuses += [408, 413]
    if settings is not None:
        if settings.rate_limit_per_minute or (writes and settings.write_rate_limit_per_minute):
            statuses.append(429)
        if settings.require_key_for_reads and path.startswith("/v1/"):
            statuses.append(401)
    return statuses


def document_request_guards(app: FastAPI) -> None:
    """Declare in OpenAPI what the request guards answer on any route (``guard_statuses``).

    Query parameters lose FastAPI's ``anyOf: [..., {type: null}]``: a query string cannot send
    a JSON null, and a fuzzer would otherwise "send null" as a plain, valid string.
    """
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        for path, item in schema.get("paths", {}).items():
            for method, operation in item.items():
                if not isinstance(operation, dict) or "responses" not in operation:
                    continue
                for status, response in problem_responses(
                    *guard_statuses(app, path, method)
                ).items():
                    response.pop("model")
                    operation["responses"].setdefault(str(status), response)
                for parameter in operation.get("parameters", []):
                    _drop_null(parameter.get("schema", {}))
                    _forbid_nul(parameter.get("schema", {}))
        schema.setdefault("components", {}).setdefault("schemas", {}).setdefault(
            "Problem", Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        )
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _forbid_nul(schema: dict[str, Any]) -> None:
    """``NO_NUL_PATTERN`` on a free string (no pattern, enum or format of its own) or its items."""
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
        _forbid_nul(schema["items"])
    elif schema.get("type") == "string" and not {"pattern", "enum", "format"} & schema.keys():
        schema["pattern"] = NO_NUL_PATTERN


def _drop_null(schema: dict[str, Any]) -> None:
    options = schema.get("anyOf")
    if not isinstance(options, list):
        return
    kept = [o for o in options if o != {"type": "null"}]
    if len(kept) == 1:
        del schema["anyOf"]
        schema.update({k: v for k, v in kept[0].items() if k not in schema})
    else:
        schema["anyOf"] = kept


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` entries declaring problem+json bodies for ``statuses``."""
    out: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        title, _slug = _SLUGS_BY_STATUS.get(status, ("Error", "error"))
        out[status] = {
            "model": Problem,
            "description": title,
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        if status in _HEADERS:
            out[status]["headers"] = _HEADERS[status]
    return out
