"""Reading ACLED CSV exports: types, dates and precisions, fatalities, places, quotes."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from app.importers.acled import read_acled
from app.importers.files import ExportFileError, csv_field_spans, open_export
from app.importers.records import BadRow, ImportRecord, Parsed, Unmapped
from tests.importers.conftest import ACLED_FILE


def read(path: Path = ACLED_FILE) -> list[Parsed]:
    with open_export(path, encoding="utf-8-sig") as export:
        return list(read_acled(export.text))


def records() -> dict[str, ImportRecord]:
    return {r.external_id.removeprefix("acled:"): r for r in read() if isinstance(r, ImportRecord)}


def test_every_row_lands_in_one_outcome() -> None:
    parsed = read()
    assert len(parsed) == 22
    assert sum(isinstance(p, ImportRecord) for p in parsed) == 17
    assert [(u.line, u.key) for u in parsed if isinstance(u, Unmapped)] == [
        (13, "Strategic developments / Arrests"),
        (14, "Strategic developments / Looting/property destruction"),
    ]
    # Line numbers are the file's: the notes of NGA40002 span two lines.
    assert [(b.line, b.reason) for b in parsed if isinstance(b, BadRow)] == [
        (20, "event_date '2025-13-40' is not a date"),
        (21, "coordinates 'abc', '37.4667' are not numbers"),
        (22, "expected 31 fields, found 29"),
    ]


def test_all_six_event_types_are_mapped() -> None:
    types = {eid: r.draft.type for eid, r in records().items()}
    assert types == {
        "UKR201001": "armed_clash",  # Battles / Armed clash
        "MMR80001": "armed_clash",  # Battles / Non-state actor overtakes territory
        "ETH12003": "armed_clash",  # Battles / Government regains territory
        "UKR201002": "airstrike",  # Explosions/Remote violence / Air/drone strike
        "PSE10001": "airstrike",
        "UKR201003": "attack",  # ... / Shelling/artillery/missile attack
        "YEM90001": "attack",  # ... / Remote explosive/landmine/IED
        "SDN30001": "attack",  # Violence against civilians / Attack
        "SDN30002": "attack",  # Violence against civilians / Sexual violence
        "NGA40001": "protest",  # Protests / Peaceful protest
        "NGA40002": "protest",  # Protests / Excessive force against protesters
        "XKX11001": "protest",  # Protests / Protest with intervention
        "USA13001": "protest",
        "IND50001": "protest",  # Riots / Violent demonstration
        "IND50002": "protest",  # Riots / Mob violence
        "SYR60001": "agreement",  # Strategic developments / Agreement
        "MLI70001": "troop_deployment",  # ... / Headquarters or base established
    }


@pytest.mark.parametrize(
    ("event_id", "start", "end", "precision"),
    [
        ("UKR201001", date(2025, 12, 18), date(2025, 12, 18), "day"),  # time_precision 1
        ("UKR201003", date(2025, 12, 12), date(2025, 12, 18), "week"),  # 2: the week around it
        ("SDN30002", date(2025, 11, 1), date(2025, 11, 30), "month"),  # 3: the calendar month
        ("ETH12003", date(2025, 10, 1), date(2025, 10, 31), "month"),
    ],
)
def test_time_precision(event_id: str, start: date, end: date, precision: str) -> None:
    draft = records()[event_id].draft
    assert (draft.date_start, draft.date_end, draft.date_precision) == (start, end, precision)


@pytest.mark.parametrize(
    ("event_id", "low", "best"),
    [("UKR201002", 2, 2), ("SDN30001", 12, 12), ("MMR80001", 20, 20), ("UKR201001", None, None)],
)
def test_fatalities(event_id: str, low: int | None, best: int | None) -> None:
    draft = records()[event_id].draft
    assert (draft.fatalities_low, draft.fatalities_best, draft.fatalities_high) == (low, best, None)


@pytest.mark.parametrize(
    ("event_id", "name", "admin1", "iso3", "precision", "lat", "lon"),
    [
        ("UKR201002", "Kharkiv", "Kharkiv", "UKR", "point", 49.9935, 36.2304),
        ("UKR201003", "Pokrovsk", "Donetsk", "UKR", "city", 48.2823, 37.1758),
        ("SDN30002", "El Geneina", "West Darfur", "SDN", "admin1", 13.4526, 22.4473),
        ("PSE10001", "Khan Yunis", "Gaza Strip", "PSE", "point", 31.3462, 34.306),
        ("XKX11001", "North Mitrovica", "Mitrovica", "XKX", "point", 42.8914, 20.866),  # iso 0
        ("USA13001", "Portland", "Oregon", "USA", "point", 45.5234, -122.6762),
    ],
)
def test_locations(
    event_id: str, name: str, admin1: str, iso3: str, precision: str, lat: float, lon: float
) -> None:
    place = records()[event_id].draft.location
    assert place is not None
    assert (place.name, place.admin1, place.country, place.precision, place.lat, place.lon) == (
        name, admin1, iso3, precision, lat, lon,
    )  # fmt: skip


def test_actors() -> None:
    found = records()
    strike = found["UKR201002"].draft
    assert strike.actor is not None and strike.target is not None
    assert (strike.actor.name, strike.actor.kind, strike.actor.country) == (
        "Military Forces of Russia (2000-) Air Force", "armed_force", "RUS",
    )  # fmt: skip
    assert (strike.target.id, strike.target.kind, strike.target.country) == (
        "civilians-ukraine", "group", "UKR",
    )  # fmt: skip
    agreement = found["SYR60001"].draft
    assert agreement.actor is not None and agreement.target is not None
    assert (agreement.actor.kind, agreement.actor.country) == ("state", "SYR")
    assert (agreement.target.kind, agreement.target.country) == ("armed_force", None)
    protest = found["NGA40001"].draft
    assert protest.target is None
    assert "associated with actor1: Traders (Nigeria)" in protest.notes


def test_quote_is_the_notes_inside_the_exact_row() -> None:
    text = ACLED_FILE.read_text(encoding="utf-8")
    for record in records().values():
        draft = record.draft
        assert record.raw_text in text
        assert record.raw_text[draft.char_start : draft.char_end] == draft.quote
    strike = records()["UKR201002"]
    # The file doubles the quotes inside a quoted field; the quote keeps them, the restored
    # reading (and the summary) has the notes as ACLED wrote them.
    assert 'a ""Shahed"" drone' in strike.draft.quote
    assert 'a "Shahed" drone' in strike.draft.quote_restored
    assert strike.draft.summary == strike.draft.quote_restored
    assert strike.draft.attribution == "Kharkiv Regional Military Administration"
    assert strike.publisher == "ACLED (Kharkiv Regional Military Administration)"
    assert strike.url is None and strike.published_at == date(2025, 12, 23)  # from `timestamp`


def test_notes_spanning_lines_stay_whole() -> None:
    record = records()["NGA40002"]
    assert record.line == 8 and record.raw_text.count("\n") == 1
    assert record.draft.quote.endswith("in Abuja.\nOne protester was killed.")


def test_empty_notes_quote_the_whole_row() -> None:
    record = records()["USA13001"]
    assert (record.draft.char_start, record.draft.char_end) == (0, len(record.raw_text))
    assert record.draft.summary == (
        "Peaceful protest: Protesters (United States) in Portland, United States."
    )


def test_the_export_tool_date_format_and_worded_inter_codes() -> None:
    header = ACLED_FILE.read_text(encoding="utf-8").splitlines()[0]
    row = (
        "NGA1,18 December 2025,2025,1,Political violence,Battles,Armed clash,"
        "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad,,Rebel group,"
        "Military Forces of Nigeria (2023-),,State forces,Rebel group-State forces,,566,"
        "Western Africa,Nigeria,Borno,Maiduguri,,Maiduguri,11.8464,13.1603,1,Daily Trust,"
        "National,Fighting near Maiduguri.,5,,1766448000"
    )
    (record,) = list(read_acled(io.StringIO(f"{header}\r\n{row}\r\n")))
    assert isinstance(record, ImportRecord)
    assert record.draft.date_start == date(2025, 12, 18)
    assert record.draft.actor is not None and record.draft.actor.kind == "armed_force"


def test_a_file_without_acled_columns_is_refused() -> None:
    with pytest.raises(ExportFileError, match="not an ACLED export: no column event_id_cnty"):
        list(read_acled(io.StringIO("id,date\n1,2025-01-01\n")))


@pytest.mark.parametrize(
    ("record", "spans"),
    [
        ("a,b", [(0, 1), (2, 3)]),
        ('a,"b,c",', [(0, 1), (3, 6), (8, 8)]),
        ('"x ""y"" z",1', [(1, 10), (12, 13)]),
        ('"a"b,c', None),
    ],
)
def test_csv_field_spans(record: str, spans: list[tuple[int, int]] | None) -> None:
    assert csv_field_spans(record) == spans


def test_what_r_and_pandas_write() -> None:
    """R's ``write.csv`` adds a row-number column with an empty name and writes NA; pandas
    writes numbers of a column with gaps as floats ("3.0") and gaps as "nan" or empty."""
    text = (
        '"","event_id_cnty","event_date","year","time_precision","event_type","sub_event_type",'
        '"actor1","inter1","actor2","inter2","iso","country","location","latitude","longitude",'
        '"geo_precision","fatalities","notes","timestamp"\r\n'
        '"1","SOM1","2025-04-01","2025","1.0","Battles","Armed clash","Al Shabaab","2.0",'
        '"Military Forces of Somalia (2022-)","1.0","706.0","Somalia","Jowhar","2.7809",'
        '"45.5005","1.0","3.0","Fighting.","1743724800.0"\r\n'
        '"2","SOM2","2025-04-02","2025","1","Protests","Peaceful protest","Protesters (Somalia)",'
        '"6","NA","NULL","NA","Somalia","NA","nan","nan","NA","NA","NA","NA"\r\n'
    )
    first, second = read_acled(io.StringIO(text))
    assert isinstance(first, ImportRecord) and isinstance(second, ImportRecord)
    clash = first.draft
    assert (clash.fatalities_best, clash.date_precision) == (3, "day")
    assert clash.actor is not None and clash.actor.kind == "armed_force"
    assert clash.target is not None and clash.target.country == "SOM"
    assert clash.location is not None and clash.location.country == "SOM"
    assert first.published_at == date(2025, 4, 4)
    protest = second.draft
    assert protest.target is None and protest.fatalities_best is None
    assert protest.location is None  # no place and no coordinates: NA is none of them
    assert protest.summary == "Peaceful protest: Protesters (Somalia) in Somalia."
    assert (protest.char_start, protest.char_end) == (0, len(second.raw_text))


def test_a_header_without_data_rows_is_an_empty_import() -> None:
    header = ACLED_FILE.read_text(encoding="utf-8").splitlines()[0]
    assert list(read_acled(io.StringIO(header + "\r\n"))) == []


def test_a_file_excel_saved_as_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    text = ACLED_FILE.read_text(encoding="utf-8")
    header, first = text.splitlines()[:2]
    row = first.replace("Ministry of Defence of Ukraine; Suspilne Media", "Agência Lusa – Bogotá")
    path.write_bytes(f"{header}\r\n{row}\r\n".encode("cp1252"))
    (record,) = read(path)
    assert isinstance(record, ImportRecord)
    assert record.draft.attribution == "Agência Lusa – Bogotá"


def test_spreadsheet_padding_and_hdx_tags_are_no_rows() -> None:
    """Excel pads with empty columns and leaves rows of empty cells; HDX's copies of ACLED put
    a row of HXL hashtags under the header."""
    text = (
        "event_id_cnty,event_date,year,event_type,sub_event_type,actor1,notes,\r\n"
        "#event+code,#date+occurred,#date+year,#event+type,#event+type+sub,#group+name,#description,\r\n"
        "CHL1,2020-01-05,2020,Protests,Peaceful protest,Protesters (Chile),n1,,\r\n"
        "CHL2,2020-01-06,2020,Protests,Peaceful protest,Protesters (Chile),n2\r\n"
        ",,,,,,,\r\n"
        "CHL3,2020-01-07,2020,Protests,Peaceful protest,Protesters (Chile),n3,,x\r\n"
    )
    parsed = list(read_acled(io.StringIO(text)))
    assert [type(p).__name__ for p in parsed] == ["ImportRecord", "ImportRecord", "BadRow"]
    assert parsed[2] == BadRow(6, "expected 8 fields, found 9")


def test_excel_unicode_text_utf16_tab_separated(tmp_path: Path) -> None:
    """Excel's "Unicode Text" save: UTF-16 with a byte order mark, tab-separated."""
    from tests.importers.conftest import ACLED_2025

    rows = list(csv.reader(io.StringIO(ACLED_2025.read_text(encoding="utf-8"))))
    out = io.StringIO()
    csv.writer(out, delimiter="\t", lineterminator="\r\n").writerows(rows)
    path = tmp_path / "unicode.txt"
    path.write_bytes(out.getvalue().encode("utf-16"))
    again = [r for r in read(path) if isinstance(r, ImportRecord)]
    original = [r for r in read(ACLED_2025) if isinstance(r, ImportRecord)]
    assert [r.external_id for r in again] == [r.external_id for r in original]
    assert [r.draft.actor for r in again] == [r.draft.actor for r in original]
