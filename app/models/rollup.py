"""Derived tables kept exact by database triggers (see the ``rollups`` migration).

They are written by no Python code path: the triggers on ``event``, ``actor`` and ``location``
maintain them on every insert, update and delete, whoever issues it (ingest, the seed loader,
reextract, a cascade from a deleted source, or plain SQL). The bulk loader (``app.corpus.synth``)
suspends the triggers and rebuilds its own rows set-wise in the same transaction.

- ``event_country``: one row per event and distinct country among its actor, target and
  location. Keyed for the ``country=`` filter in ``-date``/``date`` order (keyset pages by
  ``(dated, day, event_id)``), so page 50 costs what page 1 costs.
- ``rollup_month``: counts and fatality sums per (scope, type, month of ``date_start``), where
  scope is ``*`` (every event) or a country. Undated events sit in month ``0001-01-01``.
- ``rollup_day``: the same per (scope, span, date_start, type, date_end) for dated events;
  ``span`` splits one-day events (``date_start = date_end``) from ranges, so a date window reads
  ``date_start BETWEEN from AND to`` for the former and the few range rows for the latter.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

ALL_SCOPE = "*"
UNDATED_DAY = date(1, 1, 1)


class EventCountry(SQLModel, table=True):
    __tablename__ = "event_country"
    __table_args__ = (
        sa.Index("ix_event_country_event_id", "event_id"),
        {"sqlite_with_rowid": False},
    )

    country: str = Field(primary_key=True, max_length=3)
    dated: bool = Field(primary_key=True)
    day: date = Field(primary_key=True)
    event_id: str = Field(primary_key=True, max_length=40)


class RollupMonth(SQLModel, table=True):
    __tablename__ = "rollup_month"
    __table_args__ = ({"sqlite_with_rowid": False},)

    scope: str = Field(primary_key=True, max_length=3)
    type: str = Field(primary_key=True, max_length=40)
    month: date = Field(primary_key=True)
    events: int
    fatalities_low: int
    fatalities_best: int


class RollupDay(SQLModel, table=True):
    __tablename__ = "rollup_day"
    __table_args__ = ({"sqlite_with_rowid": False},)

    scope: str = Field(primary_key=True, max_length=3)
    span: bool = Field(primary_key=True)
    day_start: date = Field(primary_key=True)
    type: str = Field(primary_key=True, max_length=40)
    day_end: date = Field(primary_key=True)
    events: int
    fatalities_low: int
    fatalities_best: int


class RollupBound(SQLModel, table=True):
    """Named bounds over the stored events, kept by triggers; ``max_span_days`` only grows.

    ``max_span_days`` is at least the longest ``date_end - date_start`` ever stored, so a date
    window needs only the range rollups starting that many days before it.
    """

    __tablename__ = "rollup_bound"

    name: str = Field(primary_key=True, max_length=40)
    value: int
