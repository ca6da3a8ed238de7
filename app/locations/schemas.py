"""Location API shapes."""

from __future__ import annotations

from pydantic import BaseModel, Field

from app.api.pagination import PageMeta
from app.events.schemas import LocationRef


class LocationPublic(LocationRef):
    """A place with the number of events located there."""

    events_count: int = Field(examples=[2])


class LocationPage(BaseModel):
    data: list[LocationPublic]
    meta: PageMeta
