"""Actor API shapes."""

from __future__ import annotations

from pydantic import BaseModel, Field

from app.api.pagination import PageMeta
from app.events.schemas import ActorRef


class ActorPublic(ActorRef):
    """An actor with the number of events it acted in or was the target of."""

    events_count: int = Field(examples=[4])


class ActorPage(BaseModel):
    data: list[ActorPublic]
    meta: PageMeta
