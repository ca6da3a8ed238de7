"""Actors: states, people, armed forces, organizations, media and groups."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.common import ActorKind, in_check


class Actor(SQLModel, table=True):
    """An actor, identified by the slug of its canonical name (``kim-jong-un``)."""

    __tablename__ = "actor"
    __table_args__ = (
        sa.CheckConstraint(in_check("kind", ActorKind), name="kind"),
        sa.CheckConstraint("country IS NULL OR length(country) = 3", name="country_iso3"),
    )

    id: str = Field(primary_key=True, max_length=120)
    name: str = Field(max_length=200)
    kind: str = Field(max_length=20, index=True)
    country: str | None = Field(default=None, max_length=3, index=True)
