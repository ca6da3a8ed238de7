"""Watched news feeds and the items seen in them: the state ``faultline watch`` resumes from."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.common import in_check, new_id, timestamp_field


class ItemStatus(StrEnum):
    """Where an item stands; only ``pending`` and retryable ``failed`` items are fetched again.

    ``pending``: seen in its feed, page not yet fetched or not yet stored (a killed run leaves
    these, and the next run takes them up). ``ingested``: stored as a new source.
    ``duplicate``: its text was already stored. ``skipped``: refused for good (robots.txt,
    not HTML, too large, no main text, a 4xx answer). ``failed``: a transient error (timeout,
    connection, 5xx), tried again on later runs up to ``MAX_ATTEMPTS``.
    """

    pending = "pending"
    ingested = "ingested"
    duplicate = "duplicate"
    skipped = "skipped"
    failed = "failed"


class Feed(SQLModel, table=True):
    """An RSS or Atom feed, with the validators of its last answer for conditional requests."""

    __tablename__ = "feed"
    __table_args__ = (sa.UniqueConstraint("url"),)

    id: str = Field(default_factory=lambda: new_id("feed"), primary_key=True, max_length=40)
    url: str = Field(max_length=2000)
    title: str | None = Field(default=None, max_length=500)
    etag: str | None = Field(default=None, max_length=500)
    last_modified: str | None = Field(default=None, max_length=100)
    last_polled_at: datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    last_status: int | None = Field(default=None)
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class FeedItem(SQLModel, table=True):
    """One article link seen in a feed, keyed by its URL across all feeds (fetched once)."""

    __tablename__ = "feed_item"
    __table_args__ = (
        sa.UniqueConstraint("url"),
        sa.CheckConstraint(in_check("status", ItemStatus), name="status_known"),
    )

    id: str = Field(default_factory=lambda: new_id("fitem"), primary_key=True, max_length=40)
    feed_id: str = Field(
        sa_column=sa.Column(
            sa.String(40), sa.ForeignKey("feed.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    url: str = Field(max_length=2000)
    guid: str | None = Field(default=None, max_length=2000)
    title: str | None = Field(default=None, max_length=500)
    published_at: date | None = Field(default=None)
    status: str = Field(default=ItemStatus.pending.value, max_length=20, index=True)
    reason: str | None = Field(default=None, max_length=500)
    attempts: int = Field(default=0)
    source_id: str | None = Field(
        default=None,
        sa_column=sa.Column(
            sa.String(40), sa.ForeignKey("source.id", ondelete="SET NULL"), nullable=True
        ),
    )
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()
