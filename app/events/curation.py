"""Curation: correct (``PATCH``) or withdraw (``DELETE``) an event, with an API key.

Provenance is not editable: the quote, its offsets and the source stay what the article says.
A corrected pipeline or imported event becomes ``curated``, so neither re-running extraction
nor importing the file again undoes a human's correction (the imported event keeps its
``external_id``). A withdrawn event leaves a tombstone in ``/v1/deletions`` for mirrors.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, cast

import sqlalchemy as sa
from fastapi import APIRouter, Path, Request, Response
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema
from sqlalchemy import CursorResult, Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from app.api.errors import (
    NO_NUL_PATTERN,
    InvalidParameter,
    NotFound,
    ProblemItem,
    problem_responses,
)
from app.api.filters import known_event_type
from app.api.security import ApiKeyDep
from app.events.schemas import EventPublic
from app.events.service import get_event_or_raise
from app.models import Actor, Deletion, Event, Location, Origin
from app.models.common import Certainty, DatePrecision, utcnow
from app.reference.taxonomy import EventTypeSlug
from app.store.db import write_session

router = APIRouter(prefix="/v1/events", tags=["events"])
# The body guard refuses NUL anywhere in a JSON body: the schema says so (``NO_NUL_PATTERN``).
_NO_NUL: dict[str, Any] = {"pattern": NO_NUL_PATTERN}
EventId = Annotated[str, Path(max_length=40, examples=["evt_01KDF0SEED0000000000000000"])]


class EventUpdate(BaseModel):
    """Fields to change; an explicit ``null`` clears a field. Provenance fields are not here."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"example": {"fatalities_low": 9, "fatalities_best": 11}},
    )

    # Fields that can change but never be cleared: null is refused (and not in the schema).
    type: Annotated[EventTypeSlug | SkipJsonSchema[None], BeforeValidator(known_event_type)] = (
        Field(default=None, description='Event type slug; `""` is no slug and is refused.')
    )
    summary: (
        Annotated[str, Field(min_length=1, max_length=2000, json_schema_extra=_NO_NUL)]
        | SkipJsonSchema[None]
    ) = None
    date_start: date | None = None
    date_end: date | None = None
    date_precision: DatePrecision | SkipJsonSchema[None] = None
    actor_id: str | None = Field(default=None, max_length=120, json_schema_extra=_NO_NUL)
    target_id: str | None = Field(default=None, max_length=120, json_schema_extra=_NO_NUL)
    location_id: str | None = Field(default=None, max_length=120, json_schema_extra=_NO_NUL)
    fatalities_low: int | None = Field(default=None, ge=0, le=10**7)
    fatalities_best: int | None = Field(default=None, ge=0, le=10**7)
    fatalities_high: int | None = Field(default=None, ge=0, le=10**7)
    quantity: str | None = Field(default=None, max_length=200, json_schema_extra=_NO_NUL)
    certainty: Certainty | SkipJsonSchema[None] = None
    attribution: str | None = Field(default=None, max_length=300, json_schema_extra=_NO_NUL)
    notes: str | None = Field(default=None, max_length=4000, json_schema_extra=_NO_NUL)


_NOT_NULL = {"type", "summary", "date_precision", "certainty"}


def _check_references(session: Session, changes: dict[str, Any]) -> None:
    for field, table in (("actor_id", Actor), ("target_id", Actor), ("location_id", Location)):
        value = changes.get(field)
        if value is not None and session.get(table, value) is None:
            raise InvalidParameter(
                f"No {table.__name__.lower()} with id {value!r}.",
                errors=[ProblemItem(loc=["body", field], msg="unknown id")],
            )


def update_event(*, engine: Engine, event_id: str, update: EventUpdate) -> None:
    changes = {k: getattr(update, k) for k in update.model_fields_set}
    for field in _NOT_NULL & changes.keys():
        if changes[field] is None:
            raise InvalidParameter(
                f"'{field}' cannot be null.", errors=[ProblemItem(loc=["body", field], msg="null")]
            )
    with write_session(engine) as session, session.begin():
        event = session.get(Event, event_id, with_for_update=True)
        if event is None:
            raise NotFound(f"No event with id {event_id!r}.")
        _check_references(session, changes)
        for field, value in changes.items():
            setattr(event, field, value.value if hasattr(value, "value") else value)
        if event.origin in (Origin.extracted.value, Origin.imported.value):
            event.origin = Origin.curated.value
        event.updated_at = utcnow()
        try:
            session.flush()
        except IntegrityError:
            raise InvalidParameter(
                "The change would make the event inconsistent: dates must be both set with "
                "date_start <= date_end, and fatalities ordered low <= best <= high.",
                errors=[ProblemItem(loc=["body"], msg="violates the event's constraints")],
            ) from None


def delete_event(*, engine: Engine, event_id: str) -> None:
    with write_session(engine) as session, session.begin():
        result = session.execute(sa.delete(Event).where(col(Event.id) == event_id))
        if not cast(CursorResult[Any], result).rowcount:
            raise NotFound(f"No event with id {event_id!r}.")
        session.add(Deletion(id=event_id, deleted_at=utcnow()))


@router.patch(
    "/{event_id}",
    summary="Correct an event",
    response_model=EventPublic,
    responses=problem_responses(401, 404, 422),
)
def patch_event(
    request: Request, event_id: EventId, update: EventUpdate, _key: ApiKeyDep
) -> dict[str, Any]:
    """Change the given fields of an event (a null clears one) and bump its `updated_at`.

    The quote, its offsets and the source cannot change. An extracted or imported event becomes
    `curated`: neither re-extraction nor a re-import of its row undoes the change. Needs
    `Authorization: Bearer <key>`.
    """
    engine = request.app.state.engine
    update_event(engine=engine, event_id=event_id, update=update)
    with Session(engine) as session:
        return get_event_or_raise(session=session, event_id=event_id)


@router.delete(
    "/{event_id}",
    summary="Withdraw an event",
    status_code=204,
    response_class=Response,
    responses=problem_responses(401, 404, 422),
)
def withdraw_event(request: Request, event_id: EventId, _key: ApiKeyDep) -> Response:
    """Delete an event and leave a tombstone in `/v1/deletions`. Needs an API key."""
    delete_event(engine=request.app.state.engine, event_id=event_id)
    return Response(status_code=204)
