"""GDELT event files, 1.0 and 2.0: one event per line, tab-separated, no header, no quoting.

Three layouts, told apart by their column count (the file's first lines decide; a file that
is none of them is refused, exit 2):

- GDELT 2.0 exports (``YYYYMMDDHHMMSS.export.CSV[.zip]``): 61 columns (Event Codebook V2.0),
  DATEADDED ``YYYYMMDDHHMMSS``.
- GDELT 1.0 daily files (``YYYYMMDD.export.CSV[.zip]``, from April 2013): 58 columns, 57 in
  the historical backfiles that have no SOURCEURL. The geography blocks have no ADM2Code,
  DATEADDED is ``YYYYMMDD`` (GDELT 1.0 Data Format Codebook).

Each line becomes one source whose raw text is the line itself, and the event's quote
is the whole line: GDELT publishes codes, not sentences, so the row is the exact record the
event came from. SOURCEURL (the first article GDELT saw) is the source's url. A 1.0 event's
id is ``gdelt1:<GLOBALEVENTID>``, a 2.0 event's ``gdelt:<GLOBALEVENTID>``: the two are
separate codings with their own id counters.

Mapping: EventCode -> our type through ``data/cameo_crosswalk.csv``; Actor1/Actor2 -> actor
and target (CAMEO country codes -> ISO3 via ``data/cameo_countries.csv``); ActionGeo ->
location (FIPS 10-4 -> ISO3 via ``data/fips10_4.csv``; Geo_Type 1 country, 2/5 admin1,
3/4 city); SQLDATE -> a day-precision date. GDELT has no casualty counts. Goldstein,
QuadClass, NumMentions/Sources/Articles and AvgTone go in the notes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import IO
from urllib.parse import urlsplit

from app.importers.codes import cameo_country_to_iso3, cameo_name, fips_to_iso3, map_cameo
from app.importers.common import (
    ATTRIBUTION_MAX,
    NAME_MAX,
    PUBLISHER_MAX,
    URL_MAX,
    RowError,
    clip,
    coordinate_decimals,
    coordinates,
    slug_id,
    state_actor,
    title_case,
)
from app.importers.files import ExportFileError
from app.importers.records import BadRow, ImportRecord, Parsed, Unmapped
from app.pipeline.types import ActorDraft, EventDraft, LocationDraft
from app.sources.urls import is_web_url

_ACTOR_FIELDS = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
_GEO_ACTORS = ("Actor1", "Actor2", "Action")
_GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long")

_EVENT = (
    *("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass"),
    *("GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone"),
)
_HEAD = (
    *("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"),
    *(f"Actor{n}{field}" for n in (1, 2) for field in _ACTOR_FIELDS),
)

#: The 61 columns of a GDELT 2.0 event record, in file order.
COLUMNS: tuple[str, ...] = (
    *_HEAD,
    *_EVENT,
    *(f"{who}Geo_{field}" for who in _GEO_ACTORS for field in (*_GEO_FIELDS, "FeatureID")),
    *("DATEADDED", "SOURCEURL"),
)

#: The 57 columns of a GDELT 1.0 record (no ADM2Code in the geography), 58 with SOURCEURL.
COLUMNS_V1: tuple[str, ...] = (
    *_HEAD,
    *_EVENT,
    *(
        f"{who}Geo_{field}"
        for who in _GEO_ACTORS
        for field in (*(f for f in _GEO_FIELDS if f != "ADM2Code"), "FeatureID")
    ),
    "DATEADDED",
)


@dataclass(frozen=True, slots=True)
class Layout:
    """One generation of the GDELT event file."""

    name: str
    columns: tuple[str, ...]
    id_prefix: str
    dateadded_digits: int


LAYOUTS = {
    len(COLUMNS): Layout("GDELT 2.0", COLUMNS, "gdelt", 14),
    len(COLUMNS_V1) + 1: Layout("GDELT 1.0", (*COLUMNS_V1, "SOURCEURL"), "gdelt1", 8),
    len(COLUMNS_V1): Layout("GDELT 1.0", COLUMNS_V1, "gdelt1", 8),
}
GDELT2 = LAYOUTS[len(COLUMNS)]

#: Lines looked at to decide the layout (a broken first line does not decide it alone).
SNIFF_LINES = 20

#: Geo_Type -> location precision (1 COUNTRY, 2 USSTATE, 3 USCITY, 4 WORLDCITY, 5 WORLDSTATE).
GEO_PRECISION = {"1": "country", "2": "admin1", "3": "city", "4": "city", "5": "admin1"}

_ARMED = frozenset({"MIL", "COP", "SPY", "REB", "INS", "SEP", "UAF", "PKO", "IMG"})
_ORGANIZATION = frozenset(
    {"IGO", "NGO", "NGM", "MNC", "BUS", "PTY", "EDU", "HLH", "HRI", "DEV", "ENV", "AGR", "LAB"}
    | {"LEG", "JUD", "INT"}
)


def read_gdelt(text: IO[str]) -> Iterator[Parsed]:
    """Parse an event file line by line, in the layout its column count names.

    Blank lines are passed over, and so is a header row of the codebook's column names (which
    GDELT's files have not, but copies often do). :class:`ExportFileError` when none of the
    first lines has the column count of a GDELT layout: the file is something else, and no row
    is stored.
    """
    numbered = (
        (n, line.rstrip("\r\n"))
        for n, line in enumerate(text, start=1)
        if line.strip() and not _is_header(line)
    )
    head: list[tuple[int, str]] = []
    for number, raw in numbered:
        head.append((number, raw))
        if len(head) >= SNIFF_LINES:
            break
    if not head:
        return
    layout = detect_layout(raw for _n, raw in head)
    for number, raw in head:
        yield parse_line(raw, number, layout)
    for number, raw in numbered:
        yield parse_line(raw, number, layout)


def _is_header(line: str) -> bool:
    return line[:14].lstrip("\ufeff").upper().startswith("GLOBALEVENTID")


def detect_layout(lines: Iterator[str]) -> Layout:
    """The layout most of ``lines`` have the column count of; :class:`ExportFileError` if none."""
    sample = list(lines)
    counts = Counter(line.count("\t") + 1 for line in sample)
    known = [(n, count) for count, n in counts.items() if count in LAYOUTS]
    if not known:
        found = ", ".join(str(count) for count, _n in counts.most_common(3))
        hint = ""
        if any(line.count(",") + 1 in LAYOUTS for line in sample):
            hint = " (this one is comma-separated, as a BigQuery CSV export is: not read)"
        raise ExportFileError(
            f"not a GDELT event file: its lines have {found} tab-separated columns; GDELT 1.0 "
            f"daily files have 57 (58 with SOURCEURL) and GDELT 2.0 exports 61{hint}"
        )
    return LAYOUTS[max(known)[1]]


def parse_line(raw: str, line: int, layout: Layout = GDELT2) -> Parsed:
    """One GDELT line -> an :class:`ImportRecord`, or why it is unmapped or bad."""
    if "\x00" in raw:
        return BadRow(line, "NUL character in the row")
    fields = raw.split("\t")
    if len(fields) != len(layout.columns):
        return BadRow(
            line,
            f"expected {len(layout.columns)} tab-separated columns ({layout.name}), "
            f"found {len(fields)}",
        )
    row = dict(zip(layout.columns, (f.strip() for f in fields), strict=True))
    try:
        return _record(row, raw, line, layout)
    except RowError as exc:
        return BadRow(line, str(exc))


def _record(row: dict[str, str], raw: str, line: int, layout: Layout) -> ImportRecord | Unmapped:
    event_id = row["GLOBALEVENTID"]
    if not event_id.isdigit() or len(event_id) > 20:
        raise RowError(f"GLOBALEVENTID {event_id!r} is not a number")
    day = _yyyymmdd(row["SQLDATE"], "SQLDATE")
    added_text = row["DATEADDED"]
    if added_text and not (len(added_text) == layout.dateadded_digits and added_text.isdigit()):
        shape = "YYYYMMDDHHMMSS" if layout.dateadded_digits == 14 else "YYYYMMDD"
        raise RowError(f"DATEADDED {added_text!r} is not {shape}")
    added = _yyyymmdd(added_text[:8], "DATEADDED") if added_text else None
    location = _location(row)
    code = row["EventCode"]
    if not code:
        raise RowError("no EventCode")
    mapping = map_cameo(code)
    if mapping is None or mapping.type is None:
        return Unmapped(line, f"CAMEO {code} {cameo_name(code)}")
    actor, target = _actor(row, "Actor1"), _actor(row, "Actor2")
    url, site = _url(row.get("SOURCEURL", ""))
    draft = EventDraft(
        type=mapping.type,
        summary=_summary(row, actor, target, code),
        date_start=day,
        date_end=day,
        date_precision="day",
        actor=actor,
        target=target,
        location=location,
        certainty="reported",
        attribution=clip(site, ATTRIBUTION_MAX) if site else None,
        char_start=0,
        char_end=len(raw),
        quote=raw,
        quote_restored=raw,
        notes=_notes(row, code, layout),
    )
    return ImportRecord(
        line=line,
        external_id=f"{layout.id_prefix}:{event_id}",
        raw_text=raw,
        title=f"{layout.name} event {event_id}",
        publisher=clip(f"{layout.name} ({site})" if site else layout.name, PUBLISHER_MAX),
        url=url,
        published_at=added or day,
        draft=draft,
        coordinate_decimals=coordinate_decimals(row["ActionGeo_Lat"], row["ActionGeo_Long"]),
    )


def _yyyymmdd(text: str, column: str) -> date:
    try:
        if len(text) != 8 or not text.isdigit():
            raise ValueError
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        raise RowError(f"{column} {text!r} is not a date (YYYYMMDD)") from None


def _url(text: str) -> tuple[str | None, str | None]:
    """(url, site): SOURCEURL is usually a URL, sometimes a citation ("BBC Monitoring")."""
    if not text:
        return None, None
    parts = urlsplit(text)
    if parts.scheme in ("http", "https") and parts.hostname:
        host = parts.hostname.removeprefix("www.")
        return (text if len(text) <= URL_MAX and is_web_url(text) else None), host
    return None, text


def _actor(row: dict[str, str], prefix: str) -> ActorDraft | None:
    code, name = row[f"{prefix}Code"], row[f"{prefix}Name"]
    if not code and not name:
        return None
    country_code = row[f"{prefix}CountryCode"]
    iso3 = cameo_country_to_iso3(country_code) if country_code else None
    types = [row[f"{prefix}Type{k}Code"] for k in (1, 2, 3) if row[f"{prefix}Type{k}Code"]]
    if iso3 and code == country_code and not types and not row[f"{prefix}KnownGroupCode"]:
        return state_actor(iso3)
    display = clip(title_case(name) if name else code, NAME_MAX)
    # The CAMEO code (country + role: RUSMIL, RUSGOV, IGOUNO) keeps "Russia" the army apart
    # from "Russia" the government, which GDELT names alike.
    return ActorDraft(slug_id(display, code), display, _kind(types, row, prefix), iso3)


def _kind(types: list[str], row: dict[str, str], prefix: str) -> str:
    """Actor kind from CAMEO role codes (MIL, GOV, MED ...); a known group is an organization."""
    if any(t in _ARMED for t in types):
        return "armed_force"
    if "MED" in types:
        return "media"
    if "GOV" in types or "UIS" in types:
        return "state"
    if row[f"{prefix}KnownGroupCode"] or any(t in _ORGANIZATION for t in types):
        return "organization"
    return "group"


def _location(row: dict[str, str]) -> LocationDraft | None:
    point = coordinates(row["ActionGeo_Lat"], row["ActionGeo_Long"])
    geo_type, full_name = row["ActionGeo_Type"], row["ActionGeo_FullName"]
    if geo_type in ("", "0") or not full_name:
        return None
    precision = GEO_PRECISION.get(geo_type)
    if precision is None:
        raise RowError(f"ActionGeo_Type {geo_type!r} is not 0-5")
    parts = [p.strip() for p in full_name.split(",") if p.strip()]
    admin1 = None
    if geo_type in ("3", "4") and len(parts) >= 3:
        admin1 = parts[1]
    elif geo_type in ("2", "5"):
        admin1 = parts[0]
    return LocationDraft(
        id=slug_id(full_name),
        name=clip(parts[0], NAME_MAX),
        country=fips_to_iso3(row["ActionGeo_CountryCode"]),
        admin1=clip(admin1, NAME_MAX) if admin1 else None,
        lat=point[0] if point else None,
        lon=point[1] if point else None,
        precision=precision,
    )


def _summary(
    row: dict[str, str], actor: ActorDraft | None, target: ActorDraft | None, code: str
) -> str:
    who = actor.name if actor else "An unnamed actor"
    whom = f" → {target.name}" if target else ""
    where = f", in {row['ActionGeo_FullName']}" if row["ActionGeo_FullName"] else ""
    return f"{who}{whom}: {cameo_name(code)} (CAMEO {code}){where}."


def _notes(row: dict[str, str], code: str, layout: Layout) -> tuple[str, ...]:
    actors = " / ".join(row[c] for c in ("Actor1Code", "Actor2Code") if row[c])
    return (
        f"Imported from {layout.name} (machine-coded), GLOBALEVENTID {row['GLOBALEVENTID']}",
        f"CAMEO {code} (base {row['EventBaseCode']}, root {row['EventRootCode']}), "
        f"QuadClass {row['QuadClass']}, Goldstein {row['GoldsteinScale']}",
        f"NumMentions {row['NumMentions']}, NumSources {row['NumSources']}, "
        f"NumArticles {row['NumArticles']}, AvgTone {row['AvgTone']}, "
        f"IsRootEvent {row['IsRootEvent']}",
        *([f"CAMEO actor codes {actors}"] if actors else []),
        f"Quote: the GDELT record itself (tab-separated, {len(layout.columns)} columns)",
    )
