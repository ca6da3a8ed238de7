"""``/v1/event-types``: the taxonomy with definitions and crosswalks."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter
from pydantic import BaseModel, Field

from app.reference.taxonomy import CAMEO_CODEBOOK, EVENT_TYPES, GOLDSTEIN_SOURCE, PLOVER_CODEBOOK

router = APIRouter(prefix="/v1", tags=["event types"])


class EventTypePublic(BaseModel):
    slug: str = Field(examples=["greeting"])
    label: str = Field(examples=["Greeting"])
    definition: str
    plover: str | None = Field(examples=["SUPPORT"])
    plover_mode: str | None
    cameo: str | None = Field(examples=["051"])
    cameo_name: str | None = Field(examples=["Praise or endorse"])
    goldstein: float | None = Field(examples=[3.4])
    quad_class: int = Field(
        description="1 verbal cooperation, 2 material cooperation, 3 verbal conflict, "
        "4 material conflict (GDELT).",
        examples=[1],
    )


class Codebooks(BaseModel):
    cameo: str
    plover: str
    goldstein: str


class EventTypeList(BaseModel):
    data: list[EventTypePublic]
    codebooks: Codebooks


@router.get("/event-types", summary="List the event taxonomy", response_model=EventTypeList)
def list_event_types() -> EventTypeList:
    """Every event type with a one-line definition and its PLOVER and CAMEO mappings."""
    return EventTypeList(
        data=[EventTypePublic(**asdict(t)) for t in EVENT_TYPES],
        codebooks=Codebooks(
            cameo=CAMEO_CODEBOOK, plover=PLOVER_CODEBOOK, goldstein=GOLDSTEIN_SOURCE
        ),
    )
