"""Source (article) API shapes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.api.errors import NO_NUL_PATTERN
from app.api.filters import TEXT_PATTERN, Day
from app.api.pagination import PageMeta
from app.events.schemas import EventPublic
from app.sources.urls import WEB_URL_PATTERN, check_web_url

SEED_EXAMPLE_TEXT = (
    "North Korean leader Kim Jong Un sent a New Year’s greeting to Russian President "
    "Vladimir Putin on Saturday, state media reported.\nPublished On 27 Dec 2025"
)


_NO_NUL: dict[str, Any] = {"pattern": NO_NUL_PATTERN}


class SourceCreate(BaseModel):
    """An article to ingest; only ``text`` is required."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "example": {
                "text": SEED_EXAMPLE_TEXT,
                "title": "Kim sends New Year greeting to Putin",
                "publisher": "Example Wire",
                "url": "https://example.org/kim-putin",
                "published_at": "2025-12-27",
            }
        },
    )

    # The patterns document the validators below (no NUL; text not only whitespace) so that
    # generated clients and contract fuzzers know what is refused.
    text: str = Field(
        min_length=1,
        description="The article as captured, byte for byte.",
        json_schema_extra={"pattern": TEXT_PATTERN},
    )
    title: str | None = Field(default=None, max_length=500, json_schema_extra=_NO_NUL)
    url: str | None = Field(
        default=None,
        max_length=2000,
        description="Where the article was published: an http or https URL.",
        examples=["https://example.org/kim-putin"],
        json_schema_extra={"pattern": WEB_URL_PATTERN},
    )
    publisher: str | None = Field(default=None, max_length=200, json_schema_extra=_NO_NUL)
    published_at: Day | None = Field(
        default=None,
        description="Publication day; read from a 'Published On 27 Dec 2025' line if absent.",
    )

    @field_validator("text")
    @classmethod
    def _has_words(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text is empty or only whitespace")
        if "\x00" in value:
            raise ValueError("text contains NUL characters")
        return value

    @field_validator("title", "url", "publisher")
    @classmethod
    def _no_nul(cls, value: str | None) -> str | None:
        if value is not None and "\x00" in value:
            raise ValueError("contains NUL characters")
        return value

    @field_validator("url")
    @classmethod
    def _web_url(cls, value: str | None) -> str | None:
        return check_web_url(value)


class SourcePublic(BaseModel):
    """An article as received (``raw_text``) and as normalized (``text``)."""

    id: str = Field(examples=["src_01KBSEED0000000000000000AJ"])
    title: str | None
    publisher: str | None = Field(examples=["Al Jazeera"])
    url: str | None
    published_at: date | None = Field(examples=["2025-12-27"])
    content_sha256: str = Field(description="SHA-256 of raw_text in UTF-8, hex.")
    raw_text: str = Field(description="The text exactly as received: quotes slice it.")
    text: str = Field(description="The normalized text: debris removed, spun words restored.")
    spun: bool = Field(description="Whether the normalizer found spun (synonym-swapped) text.")
    events_count: int = Field(examples=[11])
    created_at: datetime
    updated_at: datetime


class SourceDetail(SourcePublic):
    """A source with every event coded from it, in text order."""

    events: list[EventPublic]


class SourcePage(BaseModel):
    data: list[SourcePublic]
    meta: PageMeta
