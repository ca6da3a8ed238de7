"""ACLED CSV exports (API ``_format=csv`` or the export tool): a header row, one event a row.

Each row becomes one source whose raw text is the CSV record exactly as exported (quotes,
doubled quotes and line breaks inside ``notes`` included); the event's quote is the ``notes``
narrative inside it (the whole record when notes are empty), and ``quote_restored`` is the
notes as read (quotes undoubled). The row's ``source`` column is the attribution.

Mapping (decisions in ``data/acled_crosswalk.csv`` and the README):

- event_type / sub_event_type -> our type; rows with no good match are counted as unmapped.
- actor1 -> actor, actor2 -> target; kind from inter1/inter2 (state forces, rebels, militias
  and external forces are armed forces, "Government of X" a state; rioters, protesters and
  civilians groups); country from a country named in the actor ("Civilians (Sudan)",
  "Military Forces of Russia (2000-)"), else none.
- fatalities: ACLED's one figure is its most conservative count, so ``n > 0`` gives low = best
  = n and high null; 0 gives nulls, since ACLED records "no information" as 0 and our
  convention is that no reported toll is null, not 0.
- time_precision 1 -> that day; 2 -> the week around the date (ACLED codes a mid-point);
  3 -> the calendar month (ACLED codes the month's mid-point).
- geo_precision 1 -> point (the town itself), 2 -> city (near or in the area of that town),
  3 -> admin1 (only the region is known); location country from ``iso`` (ISO numeric), else
  the ``country`` name.
"""

from __future__ import annotations

import calendar
import csv
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import IO, TypeAlias

from app.importers.codes import country_name_to_iso3, iso_numeric_to_iso3, map_acled
from app.importers.common import (
    ATTRIBUTION_MAX,
    NAME_MAX,
    PUBLISHER_MAX,
    RowError,
    clip,
    coordinates,
    slug_id,
)
from app.importers.files import ExportFileError, LineTap, csv_field_spans
from app.importers.records import BadRow, ImportRecord, Parsed, Unmapped
from app.pipeline.types import ActorDraft, EventDraft, LocationDraft

PUBLISHER = "ACLED"

#: Columns an ACLED export cannot lack; the others default to empty.
REQUIRED_COLUMNS = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1")

#: ACLED's interaction codes (numeric before 2024, words since) -> actor kind.
INTER_KINDS = {
    "1": "armed_force",
    "state forces": "armed_force",
    "2": "armed_force",
    "rebel group": "armed_force",
    "rebel groups": "armed_force",
    "3": "armed_force",
    "political militia": "armed_force",
    "political militias": "armed_force",
    "4": "armed_force",
    "identity militia": "armed_force",
    "identity militias": "armed_force",
    "5": "group",
    "rioters": "group",
    "6": "group",
    "protesters": "group",
    "7": "group",
    "civilians": "group",
    "8": "armed_force",
    "external/other forces": "armed_force",
}

#: A row's value by column name, stripped ("" for a column the export lacks).
_Getter: TypeAlias = Callable[[str], str]

#: Larger than any single event's toll, and within a 32-bit integer column.
MAX_FATALITIES = 10_000_000

GEO_PRECISION = {"": "point", "1": "point", "2": "city", "3": "admin1"}
_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y")


def read_acled(text: IO[str]) -> Iterator[Parsed]:
    """Parse an export record by record, keeping each record's exact text."""
    tap = LineTap(text)
    reader = csv.reader(tap)
    try:
        header = [name.strip().lstrip("\ufeff") for name in next(reader)]
    except StopIteration:
        raise ExportFileError("empty file: no ACLED header row") from None
    tap.take()
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise ExportFileError(f"not an ACLED export: no column {', '.join(missing)}")
    columns = {name: i for i, name in enumerate(header)}
    while True:
        line = tap.line_number + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            tap.take()
            yield BadRow(line, f"unreadable CSV: {exc}")
            continue
        raw = tap.take()
        if not row or not raw.strip():
            continue
        if "\x00" in raw:
            yield BadRow(line, "NUL character in the row")
            continue
        if len(row) != len(header):
            yield BadRow(line, f"expected {len(header)} fields, found {len(row)}")
            continue
        try:
            yield _record(row, raw, line, columns)
        except RowError as exc:
            yield BadRow(line, str(exc))


def _record(row: list[str], raw: str, line: int, columns: dict[str, int]) -> Parsed:
    def get(name: str) -> str:
        return row[columns[name]].strip() if name in columns else ""

    event_id = get("event_id_cnty")
    if not event_id or len(event_id) > 100:
        raise RowError(f"event_id_cnty {event_id!r} is empty or too long")
    start, end, precision = _dates(get("event_date"), get("time_precision"))
    fatalities = _fatalities(get("fatalities"))
    published = _timestamp(get("timestamp"))
    location = _location(get)
    mapping = map_acled(get("event_type"), get("sub_event_type"))
    if mapping is None or mapping.type is None:
        return Unmapped(line, f"{get('event_type')} / {get('sub_event_type')}")
    char_start, char_end, restored = _notes_span(row, raw, columns.get("notes"))
    source = get("source")
    draft = EventDraft(
        type=mapping.type,
        summary=get("notes") or _summary(get),
        date_start=start,
        date_end=end,
        date_precision=precision,
        actor=_actor(get("actor1"), get("inter1")),
        target=_actor(get("actor2"), get("inter2")),
        location=location,
        certainty="reported",
        attribution=clip(source, ATTRIBUTION_MAX) if source else None,
        char_start=char_start,
        char_end=char_end,
        quote=raw[char_start:char_end],
        quote_restored=restored,
        fatalities_low=fatalities,
        fatalities_best=fatalities,
        fatalities_high=None,
        notes=_notes(get, event_id),
    )
    return ImportRecord(
        line=line,
        external_id=f"acled:{event_id}",
        raw_text=raw,
        title=f"ACLED event {event_id}",
        publisher=clip(f"{PUBLISHER} ({source})" if source else PUBLISHER, PUBLISHER_MAX),
        url=None,
        published_at=published or start,
        draft=draft,
    )


def _parse_date(text: str) -> date:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise RowError(f"event_date {text!r} is not a date (YYYY-MM-DD or '18 December 2025')")


def _dates(text: str, time_precision: str) -> tuple[date, date, str]:
    day = _parse_date(text)
    if time_precision in ("", "1"):
        return day, day, "day"
    if time_precision == "2":
        return day - timedelta(days=3), day + timedelta(days=3), "week"
    if time_precision == "3":
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1), day.replace(day=last), "month"
    raise RowError(f"time_precision {time_precision!r} is not 1, 2 or 3")


def _fatalities(text: str) -> int | None:
    if not text:
        return None
    if not text.isdigit():
        raise RowError(f"fatalities {text!r} is not a whole number")
    value = int(text)
    if value > MAX_FATALITIES:
        raise RowError(f"fatalities {text!r} is beyond any recorded event")
    return value or None


def _timestamp(text: str) -> date | None:
    if not text:
        return None
    try:
        return datetime.fromtimestamp(int(text), UTC).date()
    except (ValueError, OverflowError, OSError):
        raise RowError(f"timestamp {text!r} is not a Unix time") from None


def _location(get: _Getter) -> LocationDraft | None:
    point = coordinates(get("latitude"), get("longitude"))
    geo = get("geo_precision")
    if geo not in GEO_PRECISION:
        raise RowError(f"geo_precision {geo!r} is not 1, 2 or 3")
    place, admin1, country = get("location"), get("admin1"), get("country")
    if point is None and not place:
        return None
    iso3 = iso_numeric_to_iso3(get("iso")) or country_name_to_iso3(country)
    suffix = "" if geo in ("", "1") else f"geo{geo}"
    return LocationDraft(
        id=slug_id(", ".join(p for p in (place, admin1, country) if p), suffix),
        name=clip(place or admin1 or country, NAME_MAX),
        country=iso3,
        admin1=clip(admin1, NAME_MAX) if admin1 else None,
        lat=point[0] if point else None,
        lon=point[1] if point else None,
        precision=GEO_PRECISION[geo],
    )


def _actor(name: str, inter: str) -> ActorDraft | None:
    if not name:
        return None
    kind = INTER_KINDS.get(inter.strip().casefold(), "group")
    if name.startswith("Government of "):
        kind = "state"
    return ActorDraft(slug_id(name), clip(name, NAME_MAX), kind, _actor_country(name))


def _actor_country(name: str) -> str | None:
    """The country an ACLED actor names: ``"Protesters (Nigeria)"``, ``"... of Iran (1989-)"``."""
    candidates = []
    rest = name
    while "(" in rest and ")" in rest:
        inner = rest[rest.index("(") + 1 : rest.index(")")]
        candidates.append(inner)
        rest = rest[rest.index(")") + 1 :]
    if " of " in name:
        after = name.split(" of ", 1)[1]
        candidates.append(after.split("(", 1)[0])
    for candidate in candidates:
        iso3 = country_name_to_iso3(candidate.strip())
        if iso3:
            return iso3
    return None


def _notes_span(row: list[str], raw: str, notes_index: int | None) -> tuple[int, int, str]:
    """Offsets of the notes inside the record, and the notes as read; else the whole record."""
    if notes_index is not None and row[notes_index].strip():
        spans = csv_field_spans(raw)
        if spans is not None and len(spans) == len(row):
            start, end = spans[notes_index]
            if raw[start:end].replace('""', '"') == row[notes_index] and start < end:
                return start, end, row[notes_index]
    return 0, len(raw), raw


def _summary(get: _Getter) -> str:
    actors = " and ".join(a for a in (get("actor1"), get("actor2")) if a)
    where = ", ".join(p for p in (get("location"), get("country")) if p)
    return f"{get('sub_event_type')}: {actors}" + (f" in {where}" if where else "") + "."


def _notes(get: _Getter, event_id: str) -> tuple[str, ...]:
    fatalities = get("fatalities") or "0"
    notes = [
        f"Imported from ACLED, event_id_cnty {event_id}",
        f"ACLED type: {get('event_type')} / {get('sub_event_type')}"
        + (f" ({get('disorder_type')})" if get("disorder_type") else ""),
        f"ACLED fatalities {fatalities}: its most conservative count, stored as low and best; "
        "0 means none or unknown to ACLED and is stored as null",
        f"time_precision {get('time_precision') or '1'}, "
        f"geo_precision {get('geo_precision') or '1'}",
    ]
    for label, column in (
        ("associated with actor1", "assoc_actor_1"),
        ("associated with actor2", "assoc_actor_2"),
        ("interaction", "interaction"),
        ("civilian targeting", "civilian_targeting"),
        ("source scale", "source_scale"),
        ("tags", "tags"),
    ):
        if get(column):
            notes.append(f"{label}: {get(column)}")
    return tuple(notes)
