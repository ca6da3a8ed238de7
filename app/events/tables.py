"""The tables and date bounds that the event SQL modules share."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from app.models import Event, EventCountry, RollupDay, RollupMonth
from app.models.rollup import RollupBound

_FAR_PAST, _FAR_FUTURE = date(1, 1, 1), date(9999, 12, 31)
# The first month that can hold dated events: ``rollup_month`` files undated ones in 0001-01.
_FIRST_MONTH = date(1, 2, 1)
_MONTH: sa.Table = RollupMonth.__table__  # type: ignore[attr-defined]
_DAY: sa.Table = RollupDay.__table__  # type: ignore[attr-defined]
_BOUND: sa.Table = RollupBound.__table__  # type: ignore[attr-defined]
_EVENT_COUNTRY: sa.Table = EventCountry.__table__  # type: ignore[attr-defined]
_EVENT: sa.Table = Event.__table__  # type: ignore[attr-defined]
