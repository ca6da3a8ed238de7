"""Imported places resolved by their coordinates, not keyed by their name alone.

A reader names a row's place by its words: ``slug(location, admin1, country)`` for ACLED, the
FullName for GDELT. Two villages of one name in one province are still two places, tens of km
apart, so that name is only the place's *key* (``Location.place_key``). A row's place is the
stored place of its key whose coordinates agree with the row's within the precision the row
gives them: one unit of the last decimal written (0.0001° for ACLED's four decimals, 0.01° for
a file that kept two; a spreadsheet that dropped a trailing zero costs one decimal of one
coordinate only, as the finer of the two counts). Without a match the row founds a new place:
the first of a key takes the key as its id (ids read as they did), later ones
``<key>-<digest of the coordinates>``, the same in every import and database, so two imports
founding it at once agree on it.

A place without coordinates agrees only with another without: it is never given coordinates
it does not have, nor are a row's coordinates dropped for a place that lacks them.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from app.importers.common import ID_MAX
from app.importers.records import ImportRecord
from app.models import Location

#: Decimals assumed for a stored place whose precision was not recorded (before migration
#: 5b7e1d2c9f40, and the pipeline's gazetteer places): ACLED's and GDELT's usual four.
DEFAULT_DECIMALS = 4


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    lat: float | None
    lon: float | None
    decimals: int | None

    def agrees(self, lat: float | None, lon: float | None, decimals: int | None) -> bool:
        """The same place: coordinates within one unit of the coarser precision of the two."""
        if self.lat is None or self.lon is None or lat is None or lon is None:
            return self.lat is None and lat is None
        coarser = min(
            DEFAULT_DECIMALS if self.decimals is None else self.decimals,
            DEFAULT_DECIMALS if decimals is None else decimals,
        )
        tolerance = 10.0**-coarser * (1 + 1e-9)
        return abs(self.lat - lat) <= tolerance and abs(self.lon - lon) <= tolerance


def digest_id(key: str, lat: float | None, lon: float | None) -> str:
    point = "none" if lat is None or lon is None else f"{lat:.6f},{lon:.6f}"
    digest = hashlib.sha256(f"{key}|{point}".encode()).hexdigest()[:10]
    return f"{key[: ID_MAX - 11]}-{digest}"


@dataclass
class Resolved:
    """A batch's records with their places' ids, and the columns of the places it founds."""

    records: list[ImportRecord]
    new_places: dict[str, dict[str, Any]]


def resolve_places(session: Session, records: Sequence[ImportRecord]) -> Resolved:
    """Give each record's location the id of the place it is (see the module docstring)."""
    keys = {r.draft.location.id for r in records if r.draft.location is not None}
    if not keys:
        return Resolved(list(records), {})
    known: dict[str, list[Place]] = defaultdict(list)
    taken: set[str] = set()
    query = sa.select(
        col(Location.id),
        col(Location.place_key),
        col(Location.lat),
        col(Location.lon),
        col(Location.coordinate_decimals),
    ).where(sa.or_(col(Location.place_key).in_(keys), col(Location.id).in_(keys)))
    for row in session.execute(query):
        known[row.place_key or row.id].append(
            Place(row.id, row.lat, row.lon, row.coordinate_decimals)
        )
        taken.add(row.id)
    new_places: dict[str, dict[str, Any]] = {}
    out: list[ImportRecord] = []
    for record in records:
        location = record.draft.location
        if location is None:
            out.append(record)
            continue
        key, lat, lon = location.id, location.lat, location.lon
        decimals = record.coordinate_decimals
        place = next((p for p in known[key] if p.agrees(lat, lon, decimals)), None)
        if place is None:
            place_id = key if key not in taken else digest_id(key, lat, lon)
            place = Place(place_id, lat, lon, decimals)
            known[key].append(place)
            if place_id not in taken:
                taken.add(place_id)
                new_places[place_id] = {"place_key": key, "coordinate_decimals": decimals}
        if place.id != key:
            draft = replace(record.draft, location=replace(location, id=place.id))
            record = replace(record, draft=draft)
        out.append(record)
    return Resolved(out, new_places)
