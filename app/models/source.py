"""Articles, stored exactly as received next to their normalized reading."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.common import new_id, timestamp_field


class Source(SQLModel, table=True):
    """One article. ``raw_text`` is never edited: every event quote is a slice of it."""

    __tablename__ = "source"
    __table_args__ = (
        sa.UniqueConstraint("content_sha256"),
        sa.CheckConstraint("length(content_sha256) = 64", name="sha256_length"),
    )

    id: str = Field(default_factory=lambda: new_id("src"), primary_key=True, max_length=40)
    title: str | None = Field(default=None, max_length=500)
    publisher: str | None = Field(default=None, max_length=200)
    url: str | None = Field(default=None, max_length=2000)
    published_at: date | None = Field(default=None, index=True)
    content_sha256: str = Field(max_length=64)
    raw_text: str = Field(sa_type=sa.Text)
    text: str = Field(sa_type=sa.Text)
    spun: bool = Field(default=False)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()
