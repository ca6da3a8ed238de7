"""Statistics API shapes."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, Field


class Interval(StrEnum):
    day = "day"
    week = "week"
    month = "month"
    year = "year"


class FacetBy(StrEnum):
    type = "type"
    actor = "actor"
    country = "country"
    location = "location"


class TimelineBucket(BaseModel):
    period_start: date = Field(examples=["2025-12-01"])
    period_end: date = Field(examples=["2025-12-31"])
    events: int = Field(examples=[3])
    fatalities_low: int = Field(description="Sum of fatalities_low where known.", examples=[9])
    fatalities_best: int = Field(
        description="Sum of fatalities_best, falling back to fatalities_low.", examples=[9]
    )


class TimelineMeta(BaseModel):
    interval: Interval
    total: int = Field(description="Matching events, undated ones included.")
    undated: int = Field(description="Matching events with no known date (not in any bucket).")


class Timeline(BaseModel):
    data: list[TimelineBucket]
    meta: TimelineMeta


class FacetBucket(BaseModel):
    value: str | None = Field(description="The group's key; null for unknown.", examples=["PRK"])
    label: str | None = Field(examples=["North Korea"])
    events: int
    fatalities_low: int
    fatalities_best: int


class FacetMeta(BaseModel):
    by: FacetBy
    total: int = Field(description="Matching events (an event may count in several groups).")


class Facets(BaseModel):
    data: list[FacetBucket]
    meta: FacetMeta
