"""Events coded from a source, and the tombstones of withdrawn ones."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.common import Certainty, DatePrecision, Origin, in_check, timestamp_field
from app.reference.taxonomy import EVENT_TYPE_SLUGS


class Event(SQLModel, table=True):
    """One coded event; ``quote == source.raw_text[char_start:char_end]`` exactly."""

    __tablename__ = "event"
    __table_args__ = (
        sa.CheckConstraint(in_check("type", EVENT_TYPE_SLUGS), name="type"),
        sa.CheckConstraint(in_check("date_precision", DatePrecision), name="date_precision"),
        sa.CheckConstraint(in_check("certainty", Certainty), name="certainty"),
        sa.CheckConstraint(in_check("origin", Origin), name="origin"),
        sa.CheckConstraint(
            "date_start IS NULL OR date_end IS NULL OR date_start <= date_end", name="date_order"
        ),
        sa.CheckConstraint("(date_start IS NULL) = (date_end IS NULL)", name="dates_together"),
        sa.CheckConstraint("fatalities_low IS NULL OR fatalities_low >= 0", name="low_nonneg"),
        sa.CheckConstraint("fatalities_best IS NULL OR fatalities_best >= 0", name="best_nonneg"),
        sa.CheckConstraint("fatalities_high IS NULL OR fatalities_high >= 0", name="high_nonneg"),
        sa.CheckConstraint(
            "fatalities_low IS NULL OR fatalities_best IS NULL "
            "OR fatalities_low <= fatalities_best",
            name="low_le_best",
        ),
        sa.CheckConstraint(
            "fatalities_best IS NULL OR fatalities_high IS NULL "
            "OR fatalities_best <= fatalities_high",
            name="best_le_high",
        ),
        sa.CheckConstraint(
            "fatalities_low IS NULL OR fatalities_high IS NULL "
            "OR fatalities_low <= fatalities_high",
            name="low_le_high",
        ),
        sa.CheckConstraint("char_start >= 0 AND char_start < char_end", name="span_order"),
        sa.CheckConstraint(
            "confidence IS NULL OR (confidence >= 0 AND confidence <= 1)", name="confidence_range"
        ),
        sa.CheckConstraint("length(quote) = char_end - char_start", name="quote_length"),
        # Sort and filter paths: newest first (the default), by type, by update time.
        sa.Index("ix_event_date_start_id", "date_start", "id"),
        sa.Index("ix_event_updated_at_id", "updated_at", "id"),
        sa.Index("ix_event_fatalities_low", "fatalities_low"),
        # The -date / date keyset under a type filter: (type, date_start, id) is walked in
        # order, dated rows then undated ones (date_start IS NULL), with no sort step. It also
        # serves every (type) and (type, date_start) lookup (no separate index for those).
        sa.Index("ix_event_type_date_start_id", "type", "date_start", "id"),
    )

    id: str = Field(primary_key=True, max_length=40)
    source_id: str = Field(foreign_key="source.id", index=True, max_length=40, ondelete="CASCADE")
    type: str = Field(max_length=40)
    summary: str = Field(sa_type=sa.Text)
    date_start: date | None = Field(default=None)
    date_end: date | None = Field(default=None, index=True)
    date_precision: str = Field(max_length=10)
    actor_id: str | None = Field(default=None, foreign_key="actor.id", index=True, max_length=120)
    target_id: str | None = Field(default=None, foreign_key="actor.id", index=True, max_length=120)
    location_id: str | None = Field(
        default=None, foreign_key="location.id", index=True, max_length=120
    )
    fatalities_low: int | None = Field(default=None)
    fatalities_best: int | None = Field(default=None)
    fatalities_high: int | None = Field(default=None)
    quantity: str | None = Field(default=None, max_length=200)
    certainty: str = Field(max_length=10)
    attribution: str | None = Field(default=None, max_length=300)
    char_start: int
    char_end: int
    quote: str = Field(sa_type=sa.Text)
    quote_restored: str = Field(sa_type=sa.Text)
    origin: str = Field(max_length=10)
    confidence: float | None = Field(default=None)
    notes: str | None = Field(default=None, sa_type=sa.Text)
    external_id: str | None = Field(
        default=None,
        max_length=120,
        unique=True,
        description="The record's id in the dataset it was imported from ('gdelt:1234').",
    )
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class Deletion(SQLModel, table=True):
    """A tombstone: the id of an event withdrawn at ``deleted_at``, for mirrors to follow."""

    __tablename__ = "deletion"
    __table_args__ = (sa.Index("ix_deletion_deleted_at_id", "deleted_at", "id"),)

    id: str = Field(primary_key=True, max_length=40)
    deleted_at: datetime = timestamp_field()
