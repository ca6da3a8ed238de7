"""The code tables importers map through, loaded from ``app/importers/data`` on first use.

- ``cameo_eventcodes.tsv``: CAMEO event code -> name.
- ``cameo_crosswalk.csv``: CAMEO event code (longest listed prefix) -> our event type or none.
- ``acled_crosswalk.csv``: ACLED (event_type, sub_event_type) -> our event type or none.
- ``fips10_4.csv``: FIPS 10-4 country code (GDELT geography) -> ISO 3166-1 alpha-3.
- ``cameo_countries.csv``: CAMEO actor country codes that differ from ISO3 (or are regions).
- ``ucdp_crosswalk.csv``: UCDP GED type_of_violence -> our event type.
- ``gleditsch_ward.csv``: Gleditsch-Ward state number (UCDP's country_id, gwnoa) -> ISO3.
- ``country_names.csv``: country names ACLED and UCDP write that pycountry does not match.

Each table keeps its reasons next to its rows; the loaders drop ``#`` comment lines.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import pycountry

from app.reference.taxonomy import EVENT_TYPES_BY_SLUG


@dataclass(frozen=True, slots=True)
class Mapping:
    """Where a source code lands: ``type`` is a taxonomy slug, or None for "no good match"."""

    key: str
    type: str | None
    reason: str


def _rows(name: str, *, delimiter: str = ",") -> Iterator[list[str]]:
    text = (resources.files("app.importers") / "data" / name).read_text(encoding="utf-8")
    lines = (line for line in text.splitlines() if line and not line.startswith("#"))
    yield from csv.reader(lines, delimiter=delimiter)


@lru_cache(maxsize=1)
def curated_countries() -> dict[str, Any]:
    """The project's country table (ISO3 -> short name, aliases, demonyms, capitals)."""
    path = resources.files("app") / "data" / "gazetteer" / "countries.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _slug_or_none(value: str, where: str) -> str | None:
    if not value:
        return None
    if value not in EVENT_TYPES_BY_SLUG:
        raise ValueError(f"{where}: {value!r} is not an event type of app/reference/taxonomy.py")
    return value


@lru_cache(maxsize=1)
def cameo_names() -> dict[str, str]:
    return {code: name for code, name in _rows("cameo_eventcodes.tsv", delimiter="\t")}


def cameo_name(code: str) -> str:
    """``"193"`` -> ``"Fight with small arms and light weapons"``; unknown codes name themselves."""
    name = cameo_names().get(code)
    if name is None:
        return f"CAMEO {code}"
    return name.removesuffix(", not specified below")


@lru_cache(maxsize=1)
def cameo_crosswalk() -> dict[str, Mapping]:
    rows = _rows("cameo_crosswalk.csv")
    next(rows)
    return {
        code: Mapping(code, _slug_or_none(slug, f"cameo_crosswalk.csv {code}"), reason)
        for code, slug, reason in rows
    }


def map_cameo(code: str) -> Mapping | None:
    """The crosswalk row of ``code``'s longest listed prefix, or None if no prefix is listed."""
    table = cameo_crosswalk()
    for end in range(len(code), 1, -1):
        found = table.get(code[:end])
        if found is not None:
            return found
    return None


def _acled_key(name: str) -> str:
    """``" Battle - No change of territory"`` -> ``battle-no change of territory``."""
    folded = " ".join(name.casefold().split())
    return re.sub(r"\s*([-/])\s*", r"\1", folded)


@lru_cache(maxsize=1)
def acled_crosswalk() -> dict[tuple[str, str], Mapping]:
    rows = _rows("acled_crosswalk.csv")
    next(rows)
    table = {}
    for event_type, sub_event_type, slug, reason in rows:
        key = f"{event_type} / {sub_event_type}" if sub_event_type else event_type
        table[(_acled_key(event_type), _acled_key(sub_event_type))] = Mapping(
            key, _slug_or_none(slug, f"acled_crosswalk.csv {key}"), reason
        )
    return table


def map_acled(event_type: str, sub_event_type: str) -> Mapping | None:
    """The row of (event type, sub-event type); else of the event type alone (files without
    sub-event types, old codebooks, a sub-event type ACLED added since); else None."""
    table = acled_crosswalk()
    kind, sub = _acled_key(event_type), _acled_key(sub_event_type)
    found = table.get((kind, sub))
    if found is None and sub:
        general = table.get((kind, ""))
        if general is not None:
            label = f"{event_type.strip()} / {sub_event_type.strip()}"
            return Mapping(label, general.type, f"sub-event type not listed: {general.reason}")
    return found if found is not None else table.get((kind, ""))


@lru_cache(maxsize=1)
def ucdp_crosswalk() -> dict[str, Mapping]:
    rows = _rows("ucdp_crosswalk.csv")
    next(rows)
    return {
        code: Mapping(code, _slug_or_none(slug, f"ucdp_crosswalk.csv {code}"), reason)
        for code, slug, reason in rows
    }


def map_ucdp(type_of_violence: str) -> Mapping | None:
    """UCDP's type_of_violence (``"1"``, ``"2"``, ``"3"``) -> its row; None for another code."""
    return ucdp_crosswalk().get(type_of_violence.strip())


@lru_cache(maxsize=1)
def gleditsch_ward_table() -> dict[int, str | None]:
    rows = _rows("gleditsch_ward.csv")
    next(rows)
    return {int(gwno): iso3 or None for gwno, iso3, _name in rows}


def gleditsch_ward_to_iso3(value: str) -> str | None:
    """A Gleditsch-Ward state number (``"365"``, ``"365.0"``) -> ISO3 (``"RUS"``), or None."""
    text = value.strip().removesuffix(".0")
    if not text.isdigit():
        return None
    return gleditsch_ward_table().get(int(text))


@lru_cache(maxsize=1)
def fips_table() -> dict[str, str | None]:
    rows = _rows("fips10_4.csv")
    next(rows)
    return {fips: iso3 or None for fips, iso3, _name in rows}


def fips_to_iso3(code: str) -> str | None:
    """GDELT geography's FIPS 10-4 country code -> ISO3 (``"UP"`` -> ``"UKR"``)."""
    return fips_table().get(code.strip().upper())


@lru_cache(maxsize=1)
def cameo_country_table() -> dict[str, str | None]:
    rows = _rows("cameo_countries.csv")
    next(rows)
    return {code: iso3 or None for code, iso3, _name in rows}


@lru_cache(maxsize=1024)
def cameo_country_to_iso3(code: str) -> str | None:
    """A CAMEO actor country code -> ISO3 (``"ROM"`` -> ``"ROU"``; regions -> None)."""
    code = code.strip().upper()
    overrides = cameo_country_table()
    if code in overrides:
        return overrides[code]
    if len(code) == 3 and pycountry.countries.get(alpha_3=code) is not None:
        return code
    return None


def _fold(name: str) -> str:
    """Accents, case, hyphens and a leading "the" do not tell countries apart."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    folded = " ".join(folded.casefold().replace("-", " ").split())
    return folded.removeprefix("the ")


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """pycountry's names, then the project's own country table (the pipeline's gazetteer:
    short names and aliases, ``app/data/gazetteer/countries.json``), then ACLED's spellings."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names[_fold(value)] = country.alpha_3
    for iso3, entry in curated_countries().items():
        if isinstance(entry, dict):
            for value in (entry.get("short"), *entry.get("aliases", ())):
                # Two-letter aliases ("US", "UK") are abbreviations, not names ACLED writes.
                if isinstance(value, str) and len(value) > 3:
                    names[_fold(value)] = iso3
    rows = _rows("country_names.csv")
    next(rows)
    names.update({_fold(name): iso3 for name, iso3 in rows})
    return names


@lru_cache(maxsize=4096)
def country_name_to_iso3(name: str) -> str | None:
    """``"Democratic Republic of Congo"`` -> ``"COD"``; None when the name is no country."""
    return _country_names().get(_fold(name))


@lru_cache(maxsize=512)
def iso_numeric_to_iso3(value: str) -> str | None:
    """ACLED's ``iso`` column (ISO 3166-1 numeric, ``"804"``) -> ``"UKR"``."""
    digits = value.strip()
    if not digits.isdigit() or int(digits) == 0:
        return None
    country = pycountry.countries.get(numeric=f"{int(digits):03d}")
    return None if country is None else str(country.alpha_3)
