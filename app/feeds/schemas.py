"""Feed API shapes: the managed list of feeds ``faultline watch`` polls."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.api.pagination import PageMeta
from app.sources.urls import WEB_URL_PATTERN, check_web_url


class FeedCreate(BaseModel):
    """A feed to watch: its RSS or Atom URL."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"example": {"url": "https://example.org/world/rss.xml"}}
    )

    url: str = Field(
        max_length=2000,
        description="The feed's http or https URL.",
        json_schema_extra={"pattern": WEB_URL_PATTERN},
    )

    @field_validator("url")
    @classmethod
    def _web_url(cls, value: str) -> str:
        return check_web_url(value) or value


class FeedItemCounts(BaseModel):
    """The feed's items by where they stand (see the README's "Live feeds")."""

    pending: int
    ingested: int
    duplicate: int
    skipped: int
    failed: int


class FeedPublic(BaseModel):
    """A watched feed, with what its last poll found."""

    id: str = Field(examples=["feed_01KBFEED00000000000000000A"])
    url: str
    title: str | None = Field(description="The feed's own title, from its last poll.")
    last_polled_at: datetime | None
    last_status: int | None = Field(
        description="HTTP status of the last poll (200, 304); null when it failed."
    )
    last_error: str | None = Field(description="Why the last poll failed, if it did.")
    items: FeedItemCounts
    created_at: datetime
    updated_at: datetime


class FeedPage(BaseModel):
    data: list[FeedPublic]
    meta: PageMeta
