"""Reading GDELT 2.0 event exports: columns, codes, actors, places, dates, bad rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.importers.files import open_export
from app.importers.gdelt import COLUMNS, parse_line, read_gdelt
from app.importers.records import BadRow, ImportRecord, Parsed, Unmapped
from tests.importers.conftest import GDELT_FILE


def read(path: Path = GDELT_FILE) -> list[Parsed]:
    with open_export(path) as export:
        return list(read_gdelt(export.text))


def records() -> dict[str, ImportRecord]:
    return {r.external_id: r for r in read() if isinstance(r, ImportRecord)}


def test_the_codebook_has_61_columns() -> None:
    assert len(COLUMNS) == 61 and len(set(COLUMNS)) == 61
    assert (COLUMNS[0], COLUMNS[26], COLUMNS[51], COLUMNS[60]) == (
        "GLOBALEVENTID", "EventCode", "ActionGeo_Type", "SOURCEURL",
    )  # fmt: skip


def test_every_row_lands_in_one_outcome() -> None:
    parsed = read()
    assert len(parsed) == 22
    assert sum(isinstance(p, ImportRecord) for p in parsed) == 17
    assert [(u.line, u.key) for u in parsed if isinstance(u, Unmapped)] == [
        (10, "CAMEO 173 Arrest, detain, or charge with legal action"),
        (11, "CAMEO 020 Appeal"),
    ]
    assert [(b.line, b.reason) for b in parsed if isinstance(b, BadRow)] == [
        (17, "expected 61 tab-separated columns (GDELT 2.0), found 60"),
        (18, "SQLDATE '20251399' is not a date (YYYYMMDD)"),
        (19, "latitude '95.5' is outside -90..90"),
    ]


def test_types_follow_the_crosswalk() -> None:
    types = {ext.removeprefix("gdelt:125430000").removeprefix("gdelt:12543000"): r.draft.type
             for ext, r in records().items()}  # fmt: skip
    assert types == {
        "1": "armed_clash", "2": "airstrike", "3": "attack", "4": "prisoner_exchange",
        "5": "agreement", "6": "protest", "7": "sanction", "8": "meeting", "9": "greeting",
        "12": "accusation", "13": "arms_transfer", "14": "troop_deployment", "15": "threat",
        "16": "statement", "20": "weapons_test", "21": "protest", "22": "attack",
    }  # fmt: skip


def test_quote_is_the_whole_line() -> None:
    lines = GDELT_FILE.read_text(encoding="utf-8").splitlines()
    for record in records().values():
        draft = record.draft
        assert record.raw_text == lines[record.line - 1]
        assert (draft.char_start, draft.char_end) == (0, len(record.raw_text))
        assert record.raw_text[draft.char_start : draft.char_end] == draft.quote


def test_an_armed_clash_in_kharkiv() -> None:
    record = records()["gdelt:1254300001"]
    draft = record.draft
    assert (draft.date_start, draft.date_end, draft.date_precision) == (
        draft.date_start, draft.date_start, "day",
    )  # fmt: skip
    assert draft.date_start is not None and draft.date_start.isoformat() == "2025-12-18"
    assert draft.actor is not None and draft.target is not None
    assert (draft.actor.id, draft.actor.name, draft.actor.kind, draft.actor.country) == (
        "russia-rusmil", "Russia", "armed_force", "RUS",
    )  # fmt: skip
    assert (draft.target.kind, draft.target.country) == ("armed_force", "UKR")
    place = draft.location
    assert place is not None
    assert (place.name, place.admin1, place.country, place.precision) == (
        "Kharkiv", "Kharkivs'ka Oblast'", "UKR", "city",
    )  # fmt: skip
    assert (place.lat, place.lon) == (49.9808, 36.2527)
    assert draft.fatalities_low is draft.fatalities_best is draft.fatalities_high is None
    assert record.url and record.url.startswith("https://www.reuters.com/")
    assert record.publisher == "GDELT 2.0 (reuters.com)"
    assert draft.attribution == "reuters.com"
    notes = "; ".join(draft.notes)
    assert "NumMentions 12" in notes and "AvgTone -6.8729" in notes and "Goldstein -10.0" in notes
    assert draft.summary == (
        "Russia → Ukraine: Fight with small arms and light weapons (CAMEO 193), "
        "in Kharkiv, Kharkivs'ka Oblast', Ukraine."
    )


@pytest.mark.parametrize(
    ("event", "fips_place", "iso3", "precision"),
    [
        ("2", "Gaza", "PSE", "city"),  # FIPS GZ (Gaza Strip)
        ("4", "Ukraine", "UKR", "country"),  # FIPS UP
        ("6", "Austin", "USA", "city"),  # Geo_Type 3, US city
        ("7", "Russia", "RUS", "country"),  # FIPS RS
        ("12", "Fujian", "CHN", "admin1"),  # Geo_Type 5, world state; FIPS CH is China
        ("20", "Punggye-ri", "PRK", "city"),  # FIPS KN
        ("21", "Dili", "TLS", "city"),  # FIPS TT
    ],
)
def test_action_geography(event: str, fips_place: str, iso3: str, precision: str) -> None:
    place = records()[f"gdelt:{1254300000 + int(event)}"].draft.location
    assert place is not None
    assert (place.name, place.country, place.precision) == (fips_place, iso3, precision)


def test_actors_and_their_countries() -> None:
    found = records()
    # A bare country code is the state, with the id the pipeline's gazetteer uses.
    prisoner = found["gdelt:1254300004"].draft
    assert prisoner.actor is not None and prisoner.target is not None
    assert (prisoner.actor.id, prisoner.actor.kind, prisoner.target.id) == (
        "russia",
        "state",
        "ukraine",
    )
    # CAMEO's ROM is ISO's ROU; TMP is TLS; a region code (MEA) gives no country.
    meeting = found["gdelt:1254300008"].draft
    assert meeting.actor is not None and meeting.actor.country == "ROU"
    riot = found["gdelt:1254300021"].draft
    assert riot.actor is not None and riot.actor.country == "TLS"
    violation = found["gdelt:1254300022"].draft
    assert violation.actor is not None and violation.actor.country is None
    # A known group (UNO) with no country is an organization.
    agreement = found["gdelt:1254300005"].draft
    assert agreement.target is not None
    assert (agreement.target.name, agreement.target.kind, agreement.target.country) == (
        "United Nations", "organization", None,
    )  # fmt: skip
    greeting = found["gdelt:1254300009"].draft
    assert greeting.actor is not None and greeting.actor.name == "Vladimir Putin"


def test_missing_fields_are_nulls_not_errors() -> None:
    found = records()
    threat = found["gdelt:1254300015"].draft  # no ActionGeo at all
    assert threat.location is None
    statement = found["gdelt:1254300016"]  # no Actor2, SOURCEURL is a citation
    assert statement.draft.target is None
    assert statement.url is None and statement.publisher == "GDELT 2.0 (BBC Monitoring)"


def test_dateadded_is_the_publication_day() -> None:
    record = records()["gdelt:1254300001"]
    assert record.published_at is not None and record.published_at.isoformat() == "2025-12-18"


def test_unknown_geo_type_and_bad_id_are_bad_rows() -> None:
    fields = GDELT_FILE.read_text(encoding="utf-8").splitlines()[0].split("\t")
    fields[51] = "9"
    assert parse_line("\t".join(fields), 5) == BadRow(5, "ActionGeo_Type '9' is not 0-5")
    fields[51], fields[0] = "4", "12x"
    assert parse_line("\t".join(fields), 6) == BadRow(6, "GLOBALEVENTID '12x' is not a number")


def test_reads_the_zip_gdelt_ships(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "20251227151500.export.CSV.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(GDELT_FILE, GDELT_FILE.name)
    assert read(path) == read()
