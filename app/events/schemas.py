"""Event API shapes, as the public contract (API.md) names them."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from app.api.pagination import PageMeta
from app.models.common import ActorKind, Certainty, DatePrecision, LocationPrecision, Origin


class EventSort(StrEnum):
    newest = "-date"
    oldest = "date"
    deadliest = "-fatalities"
    updated = "updated_at"


class ActorRef(BaseModel):
    id: str = Field(examples=["kim-jong-un"])
    name: str = Field(examples=["Kim Jong Un"])
    kind: ActorKind
    country: str | None = Field(examples=["PRK"])


class LocationRef(BaseModel):
    id: str = Field(examples=["kursk-oblast"])
    name: str = Field(examples=["Kursk region"])
    country: str | None = Field(examples=["RUS"])
    admin1: str | None = Field(examples=["Kursk Oblast"])
    lat: float | None = Field(examples=[51.73])
    lon: float | None = Field(examples=[36.19])
    precision: LocationPrecision


class SourceRef(BaseModel):
    id: str = Field(examples=["src_01KB0000000000000000000000"])
    title: str | None
    publisher: str | None = Field(examples=["Al Jazeera"])
    published_at: date | None = Field(examples=["2025-12-27"])
    url: str | None


class EventPublic(BaseModel):
    """One coded event with its provenance: ``source.raw_text[char_start:char_end] == quote``."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": "evt_01KBSEED00000000000000000A",
                "type": "greeting",
                "plover": "SUPPORT",
                "cameo": "051",
                "goldstein": 3.4,
                "summary": "Vladimir Putin sends a New Year's greeting to Kim Jong Un.",
                "date_start": "2025-12-18",
                "date_end": "2025-12-18",
                "date_precision": "day",
                "actor": {
                    "id": "vladimir-putin",
                    "name": "Vladimir Putin",
                    "kind": "person",
                    "country": "RUS",
                },
                "target": {
                    "id": "kim-jong-un",
                    "name": "Kim Jong Un",
                    "kind": "person",
                    "country": "PRK",
                },
                "location": None,
                "fatalities_low": None,
                "fatalities_best": None,
                "fatalities_high": None,
                "quantity": None,
                "certainty": "reported",
                "attribution": "state media",
                "source": {
                    "id": "src_01KBSEED0000000000000000AJ",
                    "title": "North Korean, Russian leaders exchange New Year's greetings",
                    "publisher": "Al Jazeera",
                    "published_at": "2025-12-27",
                    "url": None,
                },
                "quote": "President Putin’s ain New Year’s greeting to the North Korean person "
                "connected December 18",
                "quote_restored": "President Putin’s own New Year’s greeting to the North Korean "
                "leader on December 18",
                "char_start": 412,
                "char_end": 494,
                "origin": "curated",
                "confidence": None,
                "notes": "Dated by the article's 'on December 18'.",
                "created_at": "2025-12-27T12:00:00Z",
                "updated_at": "2025-12-27T12:00:00Z",
            }
        }
    )

    id: str
    type: str = Field(description="Event type slug; see /v1/event-types.")
    plover: str | None = Field(description="PLOVER event category.")
    cameo: str | None = Field(description="CAMEO code (leading zeros kept); null if none.")
    goldstein: float | None = Field(description="Goldstein score of the CAMEO code.")
    summary: str
    date_start: date | None
    date_end: date | None
    date_precision: DatePrecision
    actor: ActorRef | None
    target: ActorRef | None
    location: LocationRef | None
    fatalities_low: int | None
    fatalities_best: int | None
    fatalities_high: int | None
    quantity: str | None
    certainty: Certainty
    attribution: str | None
    source: SourceRef
    quote: str = Field(description="The exact characters of the source's raw text.")
    quote_restored: str = Field(description="The same span after text normalization.")
    char_start: int
    char_end: int
    origin: Origin = Field(
        description=(
            "curated (hand-coded, or corrected by hand: imports and re-extraction leave it "
            "alone), extracted (pipeline) or imported."
        )
    )
    confidence: float | None = Field(description="The pipeline's confidence; null if curated.")
    notes: str | None = Field(description="The coder's note: how dates, tolls or actors were read.")
    external_id: str | None = Field(
        description="The record's id in the dataset it was imported from; null otherwise.",
        examples=[None],
    )
    created_at: datetime
    updated_at: datetime


class EventPage(BaseModel):
    """A page of events."""

    data: list[EventPublic]
    meta: PageMeta
