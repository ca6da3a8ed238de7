"""ACLED CSV exports (API ``_format=csv`` or the export tool): a header row, one event a row.

Each row becomes one source whose raw text is the CSV record exactly as exported (quotes,
doubled quotes and line breaks inside ``notes`` included); the event's quote is the ``notes``
narrative inside it (the whole record when notes are empty), and ``quote_restored`` is the
notes as read (quotes undoubled). The row's ``source`` column is the attribution.

Mapping (decisions in ``data/acled_crosswalk.csv`` and the README):

Every generation of the export is read (``acled_layout``: columns by name, case-insensitive,
with each era's aliases; ``NA``/``NULL``/empty as no value; a semicolon or tab delimiter
where a spreadsheet chose one), and dates in every form ACLED and spreadsheets write, checked
against the ``year`` column (``dates``).

- event_type / sub_event_type -> our type; rows with no good match are counted as unmapped.
  Files from before 2019 have no sub_event_type and older event types ("Riots/Protests",
  "Battle-No change of territory", "Remote violence"): they map by event type alone.
- actor1 -> actor, actor2 -> target; kind from inter1/inter2 (state forces, rebels, militias
  and external forces are armed forces, "Government of X" a state; rioters, protesters and
  civilians groups); country from a country named in the actor ("Civilians (Sudan)",
  "Military Forces of the United States (2025-)"), else none (``acled_actors``).
- fatalities: ACLED's one figure is its most conservative count, so ``n > 0`` gives low = best
  = n and high null; 0 gives nulls, since ACLED records "no information" as 0 and our
  convention is that no reported toll is null, not 0.
- time_precision 1 -> that day; 2 -> the week around the date (ACLED codes a mid-point);
  3 -> the calendar month (ACLED codes the month's mid-point).
- geo_precision 1 -> point (the town itself), 2 -> city (near or in the area of that town),
  3 -> admin1 (only the region is known); location country from ``iso3`` (2019-2022), else
  ``iso`` (ISO numeric), else the ``country`` name.
"""

from __future__ import annotations

import calendar
import csv
import itertools
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import IO

import pycountry

from app.importers.acled_actors import acled_actor
from app.importers.acled_layout import (
    cell,
    code,
    column_index,
    sniff_delimiter,
    whole_number,
)
from app.importers.codes import country_name_to_iso3, iso_numeric_to_iso3, map_acled
from app.importers.common import (
    ATTRIBUTION_MAX,
    MAX_FATALITIES,
    NAME_MAX,
    PUBLISHER_MAX,
    Getter,
    RowError,
    clip,
    coordinate_decimals,
    coordinates,
    slug_id,
)
from app.importers.dates import Ambiguous, DayMonthOrder, Reading, read_date
from app.importers.files import ExportFileError, LineTap, csv_records, field_span
from app.importers.records import BadRow, ImportRecord, Parsed, Unmapped
from app.pipeline.types import EventDraft, LocationDraft

PUBLISHER = "ACLED"

GEO_PRECISION = {"": "point", "1": "point", "2": "city", "3": "admin1"}

#: Rows held back while their dates could be day-month or month-day and no row has told
#: which (see ``app.importers.dates``); past this many, the separator's habit decides.
MAX_PENDING_ROWS = 5000


def read_acled(text: IO[str]) -> Iterator[Parsed]:
    """Parse an export record by record, keeping each record's exact text."""
    tap = LineTap(text)
    try:
        first = next(tap)
    except StopIteration:
        raise ExportFileError("empty file: no ACLED header row") from None
    delimiter = sniff_delimiter(first)
    reader = csv.reader(itertools.chain([first], tap), delimiter=delimiter)
    header = next(reader)
    tap.take()
    columns = column_index(header)
    order = DayMonthOrder()
    pending: list[_Row] = []
    for record in csv_records(reader, tap):
        if isinstance(record, BadRow):
            yield record
            continue
        line, row, raw = record
        if not any(value.strip() for value in row) or _hashtags(row):
            continue  # a blank line, a spreadsheet's row of empty cells, HDX's HXL tag row
        error = None
        if "\x00" in raw:
            error = "NUL character in the row"
        elif not _fits(row, header):
            error = f"expected {len(header)} fields, found {len(row)}"
        item = _Row(row, raw, line, columns, delimiter, error)
        settled = item.reading is not None and order.learn(item.reading)
        if pending or (isinstance(item.reading, Ambiguous) and order.order is None):
            pending.append(item)
            if not settled and len(pending) < MAX_PENDING_ROWS:
                continue
            order.settle(_separator(pending))
            yield from (held.parse(order) for held in pending)
            pending.clear()
            continue
        yield item.parse(order)
    if pending:
        order.settle(_separator(pending))
        yield from (held.parse(order) for held in pending)


def _fits(row: list[str], header: list[str]) -> bool:
    """As many fields as the header names, give or take trailing empty ones (Excel pads rows
    and headers alike with empty columns)."""
    if len(row) >= len(header):
        return not any(value.strip() for value in row[len(header) :])
    return not any(name.strip() for name in header[len(row) :])


def _hashtags(row: list[str]) -> bool:
    """The second header row of HDX's ACLED files (``#event+code``, ``#date+occurred``)."""
    return all(value.strip().startswith("#") for value in row if value.strip())


class _Row:
    """One CSV record, its event date read as soon as it arrives (to learn the file's order)."""

    def __init__(
        self,
        row: list[str],
        raw: str,
        line: int,
        columns: dict[str, int],
        delimiter: str,
        error: str | None,
    ) -> None:
        self.row, self.raw, self.line = row, raw, line
        self.columns, self.delimiter, self.error = columns, delimiter, error
        self.reading: Reading | Ambiguous | None = None
        self.date_error: str | None = None
        if error is None:
            try:
                self.reading = read_date(self.get("event_date"), _year(self.get("year")))
            except RowError as exc:
                self.date_error = str(exc)

    def get(self, name: str) -> str:
        i = self.columns.get(name)
        return cell(self.row[i]) if i is not None and i < len(self.row) else ""

    def parse(self, order: DayMonthOrder) -> Parsed:
        if self.error:
            return BadRow(self.line, self.error)
        try:
            return _record(self, order)
        except RowError as exc:
            return BadRow(self.line, str(exc))


def _separator(rows: list[_Row]) -> str:
    return next((r.reading.separator for r in rows if isinstance(r.reading, Ambiguous)), "-")


def _year(text: str) -> int | None:
    year = whole_number(text)
    return year if year is not None and 1900 <= year <= 2100 else None


def _record(item: _Row, order: DayMonthOrder) -> Parsed:
    get, line, raw = item.get, item.line, item.raw
    event_id = get("event_id_cnty")
    if not event_id or len(event_id) > 100:
        raise RowError(f"event_id_cnty {event_id!r} is empty or too long")
    if item.reading is None:
        raise RowError(item.date_error or f"event_date {get('event_date')!r} is not a date")
    start, end, precision = _dates(order.resolve(item.reading), code(get("time_precision")))
    fatalities = _fatalities(get("fatalities"))
    published = _timestamp(get("timestamp"))
    location = _location(get)
    mapping = map_acled(get("event_type"), get("sub_event_type"))
    if mapping is None or mapping.type is None:
        key = mapping.key if mapping is not None else _type_key(get)
        return Unmapped(line, key)
    char_start, char_end, restored = field_span(
        item.row, raw, item.columns.get("notes"), item.delimiter, cell
    )
    source = get("source")
    draft = EventDraft(
        type=mapping.type,
        summary=get("notes") or _summary(get),
        date_start=start,
        date_end=end,
        date_precision=precision,
        actor=acled_actor(get("actor1"), get("inter1")),
        target=acled_actor(get("actor2"), get("inter2")),
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
        coordinate_decimals=coordinate_decimals(
            _decimal(get("latitude")), _decimal(get("longitude"))
        ),
    )


def _type_key(get: Getter) -> str:
    sub = get("sub_event_type")
    return f"{get('event_type')} / {sub}" if sub else get("event_type")


def _dates(day: date, time_precision: str) -> tuple[date, date, str]:
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
    value = whole_number(text)
    if value is None:
        raise RowError(f"fatalities {text!r} is not a whole number")
    if value > MAX_FATALITIES:
        raise RowError(f"fatalities {text!r} is beyond any recorded event")
    return value or None


def _timestamp(text: str) -> date | None:
    """ACLED's upload time: Unix seconds, or a date where a spreadsheet converted it."""
    if not text:
        return None
    seconds = whole_number(text)
    try:
        if seconds is not None:
            return datetime.fromtimestamp(seconds, UTC).date()
    except (ValueError, OverflowError, OSError):
        pass
    try:
        reading = read_date(text, None, "timestamp")
    except RowError:
        raise RowError(f"timestamp {text!r} is not a Unix time") from None
    return reading.day if isinstance(reading, Reading) else None


def _location(get: Getter) -> LocationDraft | None:
    point = coordinates(_decimal(get("latitude")), _decimal(get("longitude")))
    geo = code(get("geo_precision"))
    if geo not in GEO_PRECISION:
        raise RowError(f"geo_precision {geo!r} is not 1, 2 or 3")
    place, admin1, country = get("location"), get("admin1"), get("country")
    if point is None and not place:
        return None
    suffix = "" if geo in ("", "1") else f"geo{geo}"
    return LocationDraft(
        id=slug_id(", ".join(p for p in (place, admin1, country) if p), suffix),
        name=clip(place or admin1 or country, NAME_MAX),
        country=_country(get),
        admin1=clip(admin1, NAME_MAX) if admin1 else None,
        lat=point[0] if point else None,
        lon=point[1] if point else None,
        precision=GEO_PRECISION[geo],
    )


def _country(get: Getter) -> str | None:
    """``iso3`` (2019-2022 exports), else ``iso`` (ISO numeric), else the ``country`` name."""
    alpha = get("iso3").upper()
    if alpha == "XKX" or (len(alpha) == 3 and pycountry.countries.get(alpha_3=alpha)):
        return alpha
    return iso_numeric_to_iso3(code(get("iso"))) or country_name_to_iso3(get("country"))


def _decimal(text: str) -> str:
    """A coordinate a European spreadsheet wrote with a decimal comma (``"12,0455"``)."""
    if text.count(",") == 1 and "." not in text:
        return text.replace(",", ".")
    return text


def _summary(get: Getter) -> str:
    actors = " and ".join(a for a in (get("actor1"), get("actor2")) if a)
    where = ", ".join(p for p in (get("location"), get("country")) if p)
    what = get("sub_event_type") or get("event_type")
    return f"{what}: {actors}" + (f" in {where}" if where else "") + "."


def _notes(get: Getter, event_id: str) -> tuple[str, ...]:
    fatalities = get("fatalities") or "0"
    notes = [
        f"Imported from ACLED, event_id_cnty {event_id}",
        f"ACLED type: {_type_key(get)}"
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
