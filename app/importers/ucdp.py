"""UCDP GED CSV files (the yearly GED and the monthly Candidate events): one event a row.

Each row becomes one source whose raw text is the CSV record exactly as published (quotes,
doubled quotes and line breaks inside the source fields included); the event's quote is the
``source_article`` field inside it, UCDP's citation of the articles it coded the event from
(the whole record when that is empty), and ``quote_restored`` the citation as read. The
event's external id is ``ucdp:<id>``, so importing a newer file updates what changed.

Mapping (the columns of every GED version are found by name, ``ucdp_layout``):

- type_of_violence -> our type (``data/ucdp_crosswalk.csv``): 1 state-based and 2 non-state
  -> ``armed_clash``, 3 one-sided -> ``attack`` on civilians. Another code is a bad row.
- side_a -> actor, side_b -> target (``ucdp_actors``): ``Government of X`` is the state X,
  ``Civilians`` the civilians of the event's country, other sides armed groups.
- best / low / high -> fatalities_best / _low / _high as UCDP gives them: UCDP's figures
  are estimates of deaths (0 is a count there, not "unknown" as in ACLED); rows whose
  estimates are out of order are bad rows.
- date_start / date_end as given; date_prec -> our precision: 1 ``day`` (``range`` if the
  two dates differ), 2 (a span of 2-6 days) ``range``, 3 ``week``, 4 ``month``, 5 ``year``.
- where_prec -> location precision: 1 (the exact place) ``point``, 2 (within about 25 km of
  a known point) ``city``, 3 (only the second-order administrative division) and 4 (only the
  first-order one) ``admin1``, the finest level of ours that claims no more than UCDP knows;
  5 (a part of the country or a linear feature: a border, a river, a road), 6 (the country
  only) and 7 (international waters or airspace) ``country``. Coordinates as given.
- country: the Gleditsch-Ward number in ``country_id`` (``data/gleditsch_ward.csv``), else
  the ``country`` name as UCDP writes it ("DR Congo (Zaire)").
- provenance: ``source_office`` (with ``source_original``, whom the articles cite) is the
  attribution; ``source_headline``, ``source_date``, ``source_original``, the deaths per side,
  the conflict and dyad, the precisions and the UCDP ids go in the notes.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from datetime import date
from typing import IO

from app.importers.acled_layout import cell, code, whole_number
from app.importers.codes import gleditsch_ward_to_iso3, map_ucdp
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
from app.importers.dates import DayMonthOrder, read_date
from app.importers.files import ExportFileError, LineTap, csv_records, field_span
from app.importers.records import BadRow, ImportRecord, Parsed, Unmapped
from app.importers.ucdp_actors import ucdp_country, ucdp_side
from app.importers.ucdp_layout import (
    GED_COLUMNS,
    column_index,
    is_headerless,
    sniff_delimiter,
)
from app.pipeline.types import EventDraft, LocationDraft

PUBLISHER = "UCDP GED"

VIOLENCE = {"1": "state-based conflict", "2": "non-state conflict", "3": "one-sided violence"}

WHERE_PRECISION = {
    "1": ("point", "exact location"),
    "2": ("city", "within about 25 km of a known point"),
    "3": ("admin1", "second-order administrative division only"),
    "4": ("admin1", "first-order administrative division only"),
    "5": ("country", "part of the country or a linear feature"),
    "6": ("country", "country only"),
    "7": ("country", "international waters or airspace"),
}

DATE_PRECISION = {
    "1": ("day", "exact day"),
    "2": ("range", "within 2-6 days"),
    "3": ("week", "the week"),
    "4": ("month", "within 8-30 days or the month"),
    "5": ("year", "within more than a month, at most the year"),
}


def read_ucdp(text: IO[str]) -> Iterator[Parsed]:
    """Parse a GED CSV record by record, keeping each record's exact text.

    :class:`ExportFileError` when the file is empty or its header names no GED columns.
    """
    tap = LineTap(text)
    try:
        first_line = next(tap)
    except StopIteration:
        raise ExportFileError("empty file: no UCDP GED header row") from None
    delimiter = sniff_delimiter(first_line)
    reader = csv.reader(itertools.chain([first_line], tap), delimiter=delimiter)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise ExportFileError(f"not a UCDP GED CSV: unreadable first row ({exc})") from None
    order = DayMonthOrder()
    if is_headerless(header):
        columns = {name: i for i, name in enumerate(GED_COLUMNS)}
        width = len(GED_COLUMNS)
        yield _parse(header, tap.take(), 1, columns, width, delimiter, order)
    else:
        tap.take()
        columns = column_index(header)
        width = len(header)
    for record in csv_records(reader, tap):
        if isinstance(record, BadRow):
            yield record
            continue
        line, row, raw = record
        if not any(value.strip() for value in row):
            continue  # a blank line, or a spreadsheet's row of empty cells
        yield _parse(row, raw, line, columns, width, delimiter, order)


def _parse(
    row: list[str],
    raw: str,
    line: int,
    columns: dict[str, int],
    width: int,
    delimiter: str,
    order: DayMonthOrder,
) -> Parsed:
    if "\x00" in raw:
        return BadRow(line, "NUL character in the row")
    if len(row) < width or any(value.strip() for value in row[width:]):
        # (Spreadsheets pad rows with empty cells past the header; those are fine.)
        return BadRow(line, f"expected {width} fields, found {len(row)}")

    def get(name: str) -> str:
        i = columns.get(name)
        return cell(row[i]) if i is not None and i < len(row) else ""

    try:
        return _record(get, row, raw, line, columns.get("source_article"), delimiter, order)
    except RowError as exc:
        return BadRow(line, str(exc))


def _record(
    get: Getter,
    row: list[str],
    raw: str,
    line: int,
    article_index: int | None,
    delimiter: str,
    order: DayMonthOrder,
) -> ImportRecord | Unmapped:
    event_id = whole_number(get("id"))
    if event_id is None:
        raise RowError(f"id {get('id')!r} is not a UCDP event id (a whole number)")
    violence = code(get("type_of_violence"))
    mapping = map_ucdp(violence)
    if mapping is None:
        raise RowError(f"type_of_violence {get('type_of_violence')!r} is not 1, 2 or 3")
    if mapping.type is None:
        return Unmapped(line, f"type_of_violence {violence}")
    start, end, precision = _dates(get, order)
    low, best, high = _fatalities(get)
    country = gleditsch_ward_to_iso3(get("country_id")) or ucdp_country(get("country"))
    location = _location(get, country)
    char_start, char_end, restored = field_span(row, raw, article_index, delimiter, cell)
    office = get("source_office")
    draft = EventDraft(
        type=mapping.type,
        summary=_summary(get, violence),
        date_start=start,
        date_end=end,
        date_precision=precision,
        actor=ucdp_side(get("side_a"), get("gwnoa"), country),
        target=ucdp_side(get("side_b"), get("gwnob"), country),
        location=location,
        certainty="reported",
        attribution=_attribution(office, get("source_original")),
        char_start=char_start,
        char_end=char_end,
        quote=raw[char_start:char_end],
        quote_restored=restored,
        fatalities_low=low,
        fatalities_best=best,
        fatalities_high=high,
        notes=_notes(get, event_id, violence),
    )
    return ImportRecord(
        line=line,
        external_id=f"ucdp:{event_id}",
        raw_text=raw,
        title=f"UCDP GED event {event_id}",
        publisher=clip(f"{PUBLISHER} ({office})" if office else PUBLISHER, PUBLISHER_MAX),
        url=None,
        published_at=_source_date(get("source_date"), order) or end,
        draft=draft,
        coordinate_decimals=coordinate_decimals(
            _decimal(get("latitude")), _decimal(get("longitude"))
        ),
    )


def _dates(get: Getter, order: DayMonthOrder) -> tuple[date, date, str]:
    year = whole_number(get("year"))
    start = _day(get("date_start"), "date_start", year, order)
    end = _day(get("date_end"), "date_end", None, order) if get("date_end") else start
    if end < start:
        raise RowError(f"date_end {get('date_end')!r} is before date_start {get('date_start')!r}")
    prec = code(get("date_prec"))
    if prec and prec not in DATE_PRECISION:
        raise RowError(f"date_prec {get('date_prec')!r} is not 1-5")
    precision = DATE_PRECISION[prec][0] if prec else "day"
    if precision == "day" and end != start:
        precision = "range"  # an exact start and end more than a day apart
    return start, end, precision


def _day(text: str, column: str, year: int | None, order: DayMonthOrder) -> date:
    """UCDP writes ``2023-04-15`` (or ``2023-04-15 00:00:00.000``); a spreadsheet may have
    written anything ``dates.read_date`` reads. ``year`` settles a two-digit year when it
    can (an event may end in the next year, so a date outside it is read without it)."""
    if not text:
        raise RowError(f"{column} is empty")
    try:
        reading = read_date(text, year, column)
    except RowError:
        reading = read_date(text, None, column)
    order.learn(reading)
    return order.resolve(reading)


def _source_date(text: str, order: DayMonthOrder) -> date | None:
    """The first of the articles' dates (``"2023-04-16;2023-04-17"``), if it reads as one."""
    first = text.split(";")[0].strip()
    if not first:
        return None
    try:
        return order.resolve(read_date(first, None, "source_date"))
    except RowError:
        return None


def _fatalities(get: Getter) -> tuple[int | None, int | None, int | None]:
    low, best, high = (_count(get, name) for name in ("low", "best", "high"))
    known = [(n, v) for n, v in (("low", low), ("best", best), ("high", high)) if v is not None]
    if any(a[1] > b[1] for a, b in itertools.pairwise(known)):
        shown = ", ".join(f"{n} {v}" for n, v in known)
        raise RowError(f"fatality estimates out of order ({shown}): UCDP has low <= best <= high")
    return low, best, high


def _count(get: Getter, name: str) -> int | None:
    text = get(name)
    if not text:
        return None
    value = whole_number(text)
    if value is None:
        raise RowError(f"{name} {text!r} is not a whole number")
    if value > MAX_FATALITIES:
        raise RowError(f"{name} {text!r} is beyond any recorded event")
    return value


def _location(get: Getter, country: str | None) -> LocationDraft | None:
    point = coordinates(_decimal(get("latitude")), _decimal(get("longitude")))
    where = code(get("where_prec"))
    if where and where not in WHERE_PRECISION:
        raise RowError(f"where_prec {get('where_prec')!r} is not 1-7")
    place, admin1, country_name = get("where_coordinates"), get("adm_1"), get("country")
    if point is None and not (place or admin1):
        return None
    suffix = "" if where in ("", "1") else f"wp{where}"
    return LocationDraft(
        id=slug_id(", ".join(p for p in (place, admin1, country_name) if p), suffix),
        name=clip(place or admin1 or country_name, NAME_MAX),
        country=country,
        admin1=clip(admin1, NAME_MAX) if admin1 else None,
        lat=point[0] if point else None,
        lon=point[1] if point else None,
        precision=WHERE_PRECISION[where or "1"][0],
    )


def _decimal(text: str) -> str:
    """A coordinate a European spreadsheet wrote with a decimal comma (``"48,595556"``)."""
    if text.count(",") == 1 and "." not in text:
        return text.replace(",", ".")
    return text


def _attribution(office: str, original: str) -> str | None:
    if office and original:
        return clip(f"{office}, citing {original}", ATTRIBUTION_MAX)
    return clip(office or original, ATTRIBUTION_MAX) if (office or original) else None


def _summary(get: Getter, violence: str) -> str:
    sides = " against ".join(s for s in (get("side_a"), get("side_b")) if s)
    place = get("where_coordinates") or get("adm_1")
    where = ", ".join(p for p in (place, get("country")) if p)
    text = f"{VIOLENCE[violence].capitalize()}: {sides}" + (f" at {where}" if where else "")
    estimates = [f"{n} {get(n)}" for n in ("low", "high") if get(n)]
    if get("best"):
        text += f"; {get('best')} killed (UCDP best estimate"
        text += f"; {', '.join(estimates)})" if estimates else ")"
    return text + "."


def _notes(get: Getter, event_id: int, violence: str) -> tuple[str, ...]:
    relid = f", relid {get('relid')}" if get("relid") else ""
    notes = [
        f"Imported from UCDP GED, id {event_id}{relid}",
        f"UCDP type_of_violence {violence} ({VIOLENCE[violence]})",
    ]
    for label, name, ident in (
        ("conflict", "conflict_name", "conflict_new_id"),
        ("dyad", "dyad_name", "dyad_new_id"),
    ):
        if get(name):
            notes.append(f"{label}: {get(name)}" + (f" ({get(ident)})" if get(ident) else ""))
    deaths = ", ".join(
        f"{label} {get(name)}"
        for label, name in (
            ("side A", "deaths_a"),
            ("side B", "deaths_b"),
            ("civilians", "deaths_civilians"),
            ("unknown", "deaths_unknown"),
        )
        if get(name)
    )
    notes.append(
        "UCDP fatality estimates stored as they are (low/best/high)"
        + (f"; best estimate by side: {deaths}" if deaths else "")
    )
    where, when = code(get("where_prec")), code(get("date_prec"))
    notes.append(
        f"where_prec {where or '?'}"
        + (f" ({WHERE_PRECISION[where][1]})" if where in WHERE_PRECISION else "")
        + f", date_prec {when or '?'}"
        + (f" ({DATE_PRECISION[when][1]})" if when in DATE_PRECISION else "")
    )
    for label, name in (
        ("where", "where_description"),
        ("admin2", "adm_2"),
        ("event clarity", "event_clarity"),
        ("code status", "code_status"),
        ("number of sources", "number_of_sources"),
        ("source headline", "source_headline"),
        ("source date", "source_date"),
        ("source office", "source_office"),
        ("source original", "source_original"),
    ):
        if get(name):
            notes.append(f"{label}: {get(name)}")
    return tuple(notes)
