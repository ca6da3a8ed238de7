"""Real ACLED exports of each generation (a dozen rows each, copied byte for byte from files
found in public repositories; tests/importers/data/README.md says where from).

Each layout is read with the right counts, and hand-checked rows land with the right type,
dates, tolls, actors and their countries, places and coordinates.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.importers.acled import read_acled
from app.importers.files import open_export
from app.importers.records import BadRow, ImportRecord, Parsed, Unmapped
from tests.importers.conftest import (
    ACLED_2015,
    ACLED_2020,
    ACLED_2023,
    ACLED_2025,
)


def read(path: Path) -> list[Parsed]:
    with open_export(path, encoding="utf-8-sig") as export:
        return list(read_acled(export.text))


def by_id(path: Path) -> dict[str, ImportRecord]:
    return {
        r.external_id.removeprefix("acled:"): r for r in read(path) if isinstance(r, ImportRecord)
    }


def summary(record: ImportRecord) -> tuple[Any, ...]:
    """(type, start, end, precision, toll, actor, its country, target, its country)."""
    d = record.draft
    return (
        d.type, d.date_start, d.date_end, d.date_precision, d.fatalities_best,
        d.actor.name if d.actor else None, d.actor.country if d.actor else None,
        d.target.name if d.target else None, d.target.country if d.target else None,
    )  # fmt: skip


def place(record: ImportRecord) -> tuple[Any, ...]:
    loc = record.draft.location
    assert loc is not None
    return (loc.name, loc.admin1, loc.country, loc.precision, loc.lat, loc.lon)


@pytest.mark.parametrize(
    ("path", "records", "unmapped", "bad"),
    [
        (ACLED_2015, 10, ["Strategic development"] * 2, []),
        (ACLED_2020, 10, ["Strategic developments / Change to group/activity"], [9]),
        (
            ACLED_2023,
            9,
            [
                "Strategic developments / Other",
                "Violence against civilians / Abduction/forced disappearance",
                "Strategic developments / Disrupted weapons use",
            ],
            [],
        ),
        (
            ACLED_2025,
            10,
            [
                "Strategic developments / Arrests",
                "Strategic developments / Change to group/activity",
            ],
            [],
        ),
    ],
)
def test_each_layout_reads_every_row(
    path: Path, records: int, unmapped: list[str], bad: list[int]
) -> None:
    parsed = read(path)
    assert len(parsed) == 12
    assert sum(isinstance(p, ImportRecord) for p in parsed) == records
    assert [u.key for u in parsed if isinstance(u, Unmapped)] == unmapped
    assert [b.line for b in parsed if isinstance(b, BadRow)] == bad


class TestAcled2015:
    """Upper-case headers, GWNO, ALLY_ACTOR_1, no SUB_EVENT_TYPE, the old event types,
    "01-January-2015", CRLF and notes over several lines."""

    def test_old_event_types(self) -> None:
        found = by_id(ACLED_2015)
        assert {eid: r.draft.type for eid, r in found.items()} == {
            "1BNG": "protest",  # Riots/Protests
            "4BNG": "armed_clash",  # Battle-No change of territory
            "6BNG": "attack",  # Violence against civilians
            "17BNG": "attack",  # Remote violence
            "449BNG": "attack",
            "1310BNG": "protest",
            "1CAM": "protest",
            "100CAM": "armed_clash",
            "19IND": "armed_clash",
            "167IND": "armed_clash",
        }

    def test_rows(self) -> None:
        found = by_id(ACLED_2015)
        assert summary(found["19IND"]) == (
            "armed_clash", date(2015, 1, 2), date(2015, 1, 2), "day", 1,
            "Military Forces of Pakistan", "PAK", "Military Forces of India", "IND",
        )  # fmt: skip
        assert place(found["19IND"]) == (
            "Kathua", "Jammu and Kashmir", "IND", "city", 32.37, 75.52,
        )  # fmt: skip
        assert summary(found["449BNG"])[:5] == (
            "attack",
            date(2015, 2, 3),
            date(2015, 2, 3),
            "day",
            8,
        )
        # TIME_PRECISION 3: the month.
        assert summary(found["1310BNG"])[1:4] == (date(2015, 11, 1), date(2015, 11, 30), "month")
        assert place(found["1CAM"])[2] == "KHM"
        # ALLY_ACTOR_1 is today's assoc_actor_1.
        assert "associated with actor1: AL: Awami League" in found["1BNG"].draft.notes

    def test_notes_over_several_lines_stay_exact(self) -> None:
        with ACLED_2015.open(encoding="utf-8", newline="") as file:
            text = file.read()
        record = by_id(ACLED_2015)["1BNG"]
        # Rows end in CRLF; the line breaks inside a cell are Excel's bare LF.
        assert record.raw_text + "\r\n" in text and record.raw_text.count("\n") == 5
        draft = record.draft
        assert record.raw_text[draft.char_start : draft.char_end] == draft.quote
        assert draft.quote.startswith("One person was injured in a gunfight")


class TestAcled2020:
    """The 2020 export tool (data_id, iso3) re-saved by Excel: "9-May-20", CRLF."""

    def test_rows(self) -> None:
        found = by_id(ACLED_2020)
        assert summary(found["YEM52360"]) == (
            "armed_clash", date(2020, 5, 9), date(2020, 5, 9), "day", 7,
            "Military Forces of Yemen (2016-) Supreme Political Council", "YEM",
            "Military Forces of Yemen (2012-)", "YEM",
        )  # fmt: skip
        assert summary(found["SYR78126"])[0] == "airstrike"
        assert summary(found["SYR78126"])[7:] == ("Military Forces of Iran (1989-)", "IRN")
        # time_precision 2 and 3 around the Excel dates.
        assert summary(found["MEX17991"])[1:5] == (date(2020, 5, 6), date(2020, 5, 12), "week", 1)
        assert summary(found["MEX17978"])[1:4] == (date(2020, 5, 1), date(2020, 5, 31), "month")
        assert place(found["ISR1786"]) == ("Haifa", "Haifa", "ISR", "point", 32.8184, 34.9885)

    def test_the_democratic_republic_of_congo(self) -> None:
        found = by_id(ACLED_2020)
        clash = summary(found["DRC17189"])
        assert clash[:5] == ("armed_clash", date(2020, 5, 7), date(2020, 5, 7), "day", 23)
        assert clash[6] == "COD"
        # "... Liberation of Congo" is a rebel group's name, not the Republic of Congo's forces.
        assert clash[8] is None
        agreement = found["DRC17165"].draft
        assert agreement.target is not None
        assert (agreement.target.kind, agreement.target.country) == ("state", "COD")
        assert place(found["DRC17165"])[2] == "COD"

    def test_a_row_without_an_id_is_bad(self) -> None:
        (bad,) = [b for b in read(ACLED_2020) if isinstance(b, BadRow)]
        assert bad == BadRow(9, "event_id_cnty '' is empty or too long")


class TestAcled2023:
    """The 2023 layout written by R: empty cells are NA."""

    def test_na_is_no_value(self) -> None:
        found = by_id(ACLED_2023)
        protest = found["BEN784"].draft
        assert protest.target is None  # actor2 NA, not an actor named "NA"
        names = {a.name for r in found.values() for a in (r.draft.actor, r.draft.target) if a}
        assert "NA" not in names
        assert not any(
            note.split(": ")[-1] == "NA" for r in found.values() for note in r.draft.notes
        )

    def test_rows(self) -> None:
        found = by_id(ACLED_2023)
        assert summary(found["BEN848"]) == (
            "armed_clash", date(2022, 10, 12), date(2022, 10, 12), "day", 8,
            "Military Forces of Benin (2016-)", "BEN", "Unidentified Armed Group (Benin)", "BEN",
        )  # fmt: skip
        assert place(found["BEN848"]) == ("Nouari", "Atacora", "BEN", "point", 10.9144, 1.0711)
        assert summary(found["BEN658"])[:5] == (
            "protest", date(2022, 4, 9), date(2022, 4, 9), "day", 2,
        )  # fmt: skip
        assert summary(found["BEN764"])[1:4] == (date(2022, 10, 23), date(2022, 10, 29), "week")
        assert place(found["BEN106"])[3] == "admin1"


class TestAcled2025:
    """The API in 2025 via pandas: inter codes as words, ISO dates, US forces."""

    def test_us_strikes_have_the_us_as_country(self) -> None:
        found = by_id(ACLED_2025)
        assert summary(found["SOM49639"]) == (
            "airstrike", date(2025, 4, 1), date(2025, 4, 1), "day", 3,
            "Military Forces of the United States (2025-)", "USA",
            "Islamic State Somalia Province", None,
        )  # fmt: skip
        actor = found["SOM49639"].draft.actor
        assert actor is not None and actor.kind == "armed_force"  # "External/Other forces"
        assert place(found["SOM49639"]) == (
            "Buuraha Cali Miskat", "Bari", "SOM", "point", 10.8548, 49.7434,
        )  # fmt: skip

    def test_rows(self) -> None:
        found = by_id(ACLED_2025)
        assert summary(found["SOM49640"])[5:7] == ("Military Forces of Ethiopia (2018-)", "ETH")
        assert summary(found["SOM49849"])[:5] == (
            "armed_clash", date(2025, 4, 16), date(2025, 4, 16), "day", 58,
        )  # fmt: skip
        assert summary(found["SOM50136"])[0::4] == ("attack", 22, "SOM")
        assert found["SOM49847"].draft.type == "troop_deployment"
        assert found["SOM49639"].published_at == date(2025, 10, 6)


def _resave(path: Path, *, delimiter: str, quoting: int, bom: bool, eol: str) -> str:
    """The file as a spreadsheet would write it back: other delimiter, quotes, BOM, EOL."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, quoting=quoting, lineterminator=eol).writerows(rows)
    return ("\ufeff" if bom else "") + out.getvalue()


@pytest.mark.parametrize(
    ("delimiter", "quoting", "bom", "eol"),
    [
        (";", csv.QUOTE_MINIMAL, True, "\r\n"),  # Excel in a decimal-comma locale
        (",", csv.QUOTE_ALL, False, "\n"),  # every number quoted
        ("\t", csv.QUOTE_MINIMAL, True, "\r\n"),
    ],
)
def test_a_resaved_file_gives_the_same_events(
    tmp_path: Path, delimiter: str, quoting: int, bom: bool, eol: str
) -> None:
    path = tmp_path / "resaved.csv"
    path.write_text(
        _resave(ACLED_2025, delimiter=delimiter, quoting=quoting, bom=bom, eol=eol), newline=""
    )
    again = by_id(path)
    original = by_id(ACLED_2025)
    assert set(again) == set(original)
    for eid, record in original.items():
        assert summary(again[eid]) == summary(record)
        assert place(again[eid]) == place(record)
        draft = again[eid].draft
        assert again[eid].raw_text[draft.char_start : draft.char_end] == draft.quote
