"""Places events happened at, with coordinates where known."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.common import LocationPrecision, in_check


class Location(SQLModel, table=True):
    """A place, identified by a slug (``kursk-oblast``); WGS84 degrees.

    Imported places of one name are told apart by their coordinates (``place_key``).
    """

    __tablename__ = "location"
    __table_args__ = (
        sa.CheckConstraint(in_check("precision", LocationPrecision), name="precision"),
        sa.CheckConstraint("lat IS NULL OR (lat >= -90 AND lat <= 90)", name="lat_range"),
        sa.CheckConstraint("lon IS NULL OR (lon >= -180 AND lon <= 180)", name="lon_range"),
        sa.CheckConstraint("(lat IS NULL) = (lon IS NULL)", name="lat_lon_together"),
        sa.CheckConstraint("country IS NULL OR length(country) = 3", name="country_iso3"),
        sa.Index("ix_location_lon_lat", "lon", "lat"),
    )

    id: str = Field(primary_key=True, max_length=120)
    name: str = Field(max_length=200)
    country: str | None = Field(default=None, max_length=3, index=True)
    admin1: str | None = Field(default=None, max_length=200)
    lat: float | None = Field(default=None)
    lon: float | None = Field(default=None)
    precision: str = Field(max_length=10)
    #: An imported place's name key (``slug(name, admin1, country)``), shared by the places of
    #: one name: the id of the first of them, and of the others ``key-<coordinates digest>``
    #: (``app.importers.places``). None for the pipeline's gazetteer places.
    place_key: str | None = Field(default=None, max_length=120, index=True)
    #: The decimals the source wrote the coordinates with, i.e. their precision; None if unknown.
    coordinate_decimals: int | None = Field(default=None)
