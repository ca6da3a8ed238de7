"""Helpers both formats use: state actors, coordinates, bounded strings, title case."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import lru_cache
from typing import TypeAlias

import pycountry

from app.importers.codes import curated_countries
from app.pipeline.gazetteer import slugify
from app.pipeline.types import ActorDraft

ID_MAX = 120
NAME_MAX = 200
PUBLISHER_MAX = 200
ATTRIBUTION_MAX = 300
URL_MAX = 2000
#: Larger than any single event's toll, and within a 32-bit integer column.
MAX_FATALITIES = 10_000_000
#: A row's value by column name, cleaned ("" for a column the file lacks).
Getter: TypeAlias = Callable[[str], str]
#: Decimals of a coordinate past which a source's precision is noise.
MAX_DECIMALS = 15


class RowError(ValueError):
    """A value in a row that cannot be read; its message becomes the bad row's reason."""


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def slug_id(*parts: str) -> str:
    """A slug id that fits the id columns: ``"Kharkiv", "UKR"`` -> ``kharkiv-ukr``."""
    return slugify(" ".join(p for p in parts if p))[:ID_MAX].strip("-")


_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def title_case(name: str) -> str:
    """GDELT's upper-case names for reading: ``"PEOPLE'S ARMY"`` -> ``"People's Army"``."""
    return _WORD.sub(lambda m: m.group(0).capitalize(), name.lower())


@lru_cache(maxsize=512)
def state_actor(iso3: str) -> ActorDraft:
    """The state actor of ``iso3``, with the id the pipeline's gazetteer gives it (``russia``)."""
    curated = curated_countries().get(iso3, {})
    country = pycountry.countries.get(alpha_3=iso3)
    short = curated.get("short") if isinstance(curated, dict) else None
    if not short and country is not None:
        short = getattr(country, "common_name", None) or country.name
    name = str(short or iso3)
    return ActorDraft(slug_id(name), clip(name, NAME_MAX), "state", iso3)


def coordinates(lat_text: str, lon_text: str) -> tuple[float, float] | None:
    """Both empty -> None; otherwise two finite WGS84 degrees in range, or :class:`RowError`."""
    lat_text, lon_text = lat_text.strip(), lon_text.strip()
    if not lat_text and not lon_text:
        return None
    if not lat_text or not lon_text:
        raise RowError(f"latitude {lat_text!r} and longitude {lon_text!r} must come together")
    try:
        lat, lon = float(lat_text), float(lon_text)
    except ValueError:
        raise RowError(f"coordinates {lat_text!r}, {lon_text!r} are not numbers") from None
    if not (math.isfinite(lat) and -90 <= lat <= 90):
        raise RowError(f"latitude {lat_text!r} is outside -90..90")
    if not (math.isfinite(lon) and -180 <= lon <= 180):
        raise RowError(f"longitude {lon_text!r} is outside -180..180")
    return lat, lon


def coordinate_decimals(lat_text: str, lon_text: str) -> int | None:
    """The decimals of the finer of two written coordinates (``"32.37", "75.5"`` -> 2); None
    when either is missing or not plain decimal notation (``1e-5``)."""
    counts = []
    for text in (lat_text.strip(), lon_text.strip()):
        match = _DECIMAL.fullmatch(text)
        if match is None:
            return None
        counts.append(len(match.group(1) or ""))
    return min(max(counts), MAX_DECIMALS)


_DECIMAL = re.compile(r"[+-]?\d+(?:\.(\d*))?")
