"""Liveness and readiness probes."""

from __future__ import annotations

from typing import Literal

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import SQLAlchemyError

from app.api.errors import PROBLEM_JSON, Problem, problem_responses
from app.store.migrate import current_revision, head_revision

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: Literal["ok"]


class Readiness(BaseModel):
    status: Literal["ready"]
    revision: str


@router.get("/healthz", summary="Liveness", response_model=Health)
def healthz() -> Health:
    """The process is up and answering; says nothing of the database."""
    return Health(status="ok")


@router.get(
    "/readyz", summary="Readiness", response_model=Readiness, responses=problem_responses(503)
)
def readyz(request: Request) -> Readiness | JSONResponse:
    """The database answers and its schema is at the latest migration."""
    engine = request.app.state.engine
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        current = current_revision(engine)
    except SQLAlchemyError:
        return _not_ready("The database is unreachable.")
    head = head_revision()
    if current != head:
        return _not_ready(f"The schema is at revision {current!r}, not the latest {head!r}.")
    return Readiness(status="ready", revision=str(current))


def _not_ready(detail: str) -> JSONResponse:
    body = Problem(
        type="https://faultline.dev/problems/not-ready",
        title="Service Unavailable",
        status=503,
        detail=detail,
    )
    return JSONResponse(
        body.model_dump(), status_code=503, media_type=PROBLEM_JSON, headers={"Retry-After": "5"}
    )
