"""Shared column helpers, id generation and the enumerations stored in the database."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel
from ulid import ULID

# Named constraints make migrations reproducible across SQLite and PostgreSQL; this must be
# set before any table class is defined.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class DatePrecision(StrEnum):
    day = "day"
    week = "week"
    month = "month"
    year = "year"
    range = "range"
    unknown = "unknown"


class Certainty(StrEnum):
    confirmed = "confirmed"
    reported = "reported"
    alleged = "alleged"


class ActorKind(StrEnum):
    person = "person"
    state = "state"
    armed_force = "armed_force"
    organization = "organization"
    media = "media"
    group = "group"


class LocationPrecision(StrEnum):
    point = "point"
    city = "city"
    admin1 = "admin1"
    country = "country"


class Origin(StrEnum):
    """How an event came to be: coded by hand, by the pipeline, or imported from a dataset."""

    curated = "curated"
    extracted = "extracted"
    imported = "imported"


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id(prefix: str) -> str:
    """A prefixed ULID (``evt_01JG...``): sortable by creation time, opaque to clients."""
    return f"{prefix}_{ULID()}"


def in_check(column: str, values: type[StrEnum] | tuple[str, ...]) -> str:
    """SQL text of ``column IN (...)`` for a CHECK constraint."""
    members = [v.value for v in values] if isinstance(values, type) else list(values)
    return f"{column} IN ({', '.join(repr(m) for m in members)})"


def timestamp_field() -> datetime:
    """A non-null timezone-aware timestamp column defaulting to now (UTC)."""
    result: datetime = Field(
        default_factory=utcnow, sa_type=sa.DateTime(timezone=True), nullable=False
    )
    return result
