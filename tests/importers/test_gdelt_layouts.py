"""GDELT 1.0 and 2.0 files as GDELT published them (real rows), the layout told by the column
count, and files of no GDELT layout refused."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest

from app.importers.files import ExportFileError, open_export
from app.importers.gdelt import COLUMNS_V1, read_gdelt
from app.importers.records import BadRow, ImportRecord, Parsed, Unmapped
from tests.importers.conftest import GDELT1_FILE, GDELT2_REAL


def read(path: Path) -> list[Parsed]:
    with open_export(path) as export:
        return list(read_gdelt(export.text))


def records(path: Path) -> dict[str, ImportRecord]:
    return {r.external_id: r for r in read(path) if isinstance(r, ImportRecord)}


def test_the_gdelt_1_codebook_has_57_columns() -> None:
    assert len(COLUMNS_V1) == 57 and len(set(COLUMNS_V1)) == 57
    assert "ActionGeo_ADM2Code" not in COLUMNS_V1
    assert (COLUMNS_V1[26], COLUMNS_V1[49], COLUMNS_V1[56]) == (
        "EventCode", "ActionGeo_Type", "DATEADDED",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("path", "mapped", "unmapped"),
    [
        (GDELT1_FILE, 8, ["020", "173", "050", "036"]),
        (GDELT2_REAL, 8, ["173", "120", "020", "160"]),
    ],
)
def test_every_row_is_read(path: Path, mapped: int, unmapped: list[str]) -> None:
    parsed = read(path)
    assert len(parsed) == 12
    assert not [p for p in parsed if isinstance(p, BadRow)]
    assert sum(isinstance(p, ImportRecord) for p in parsed) == mapped
    assert [u.key.split()[1] for u in parsed if isinstance(u, Unmapped)] == unmapped


class TestGdelt1:
    def test_a_meeting_in_algeria(self) -> None:
        record = records(GDELT1_FILE)["gdelt1:253461011"]
        draft = record.draft
        assert (draft.type, draft.date_start, draft.date_precision) == (
            "meeting", date(2003, 4, 4), "day",
        )  # fmt: skip
        assert draft.actor is not None and (draft.actor.id, draft.actor.kind) == (
            "afghanistan", "state",
        )  # fmt: skip
        place = draft.location
        assert place is not None
        assert (place.name, place.country, place.precision, place.lat, place.lon) == (
            "Algeria", "DZA", "country", 28.0, 3.0,
        )  # fmt: skip
        assert record.published_at == date(2013, 4, 1)  # DATEADDED, YYYYMMDD in 1.0
        assert record.publisher == "GDELT 1.0 (BBC Monitoring)" and record.url is None
        assert record.title == "GDELT 1.0 event 253461011"
        assert draft.notes[0] == "Imported from GDELT 1.0 (machine-coded), GLOBALEVENTID 253461011"
        assert draft.notes[-1] == "Quote: the GDELT record itself (tab-separated, 58 columns)"
        assert draft.quote == record.raw_text == GDELT1_FILE.read_text().splitlines()[0]

    def test_serbia_is_fips_rb(self) -> None:
        found = records(GDELT1_FILE)
        belgrade = [
            r.draft.location
            for r in found.values()
            if r.draft.location and r.draft.location.name == "Belgrade"
        ]
        assert len(belgrade) == 3
        assert {(p.country, p.lat, p.lon) for p in belgrade} == {("SRB", 44.8186, 20.4681)}

    def test_actor_codes_with_a_leading_space(self) -> None:
        # GDELT 1.0 writes " UIS" for Actor2Code: the code is UIS.
        target = records(GDELT1_FILE)["gdelt1:253461011"].draft.target
        assert target is not None and target.id == "the-international-community-uis"

    def test_without_sourceurl_57_columns(self, tmp_path: Path) -> None:
        lines = GDELT1_FILE.read_text(encoding="utf-8").splitlines()
        path = tmp_path / "19790101.export.CSV"
        path.write_text("".join(line.rsplit("\t", 1)[0] + "\n" for line in lines))
        short, full = records(path), records(GDELT1_FILE)
        assert set(short) == set(full)
        for ext, record in short.items():
            assert record.url is None and record.publisher == "GDELT 1.0"
            assert record.draft.type == full[ext].draft.type
            assert record.draft.location == full[ext].draft.location

    def test_the_zip(self, tmp_path: Path) -> None:
        path = tmp_path / "20130401.export.CSV.zip"
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.write(GDELT1_FILE, "20130401.export.CSV")
        assert read(path) == read(GDELT1_FILE)


def test_gdelt_2_real_rows() -> None:
    found = records(GDELT2_REAL)
    protest = found["gdelt:479491243"].draft
    assert protest.type == "protest"
    assert protest.actor is not None and protest.actor.country == "AUS"
    assert protest.target is not None and protest.target.country == "IND"
    south_sudan = found["gdelt:479492310"].draft.location  # FIPS OD
    assert south_sudan is not None and south_sudan.country == "SSD"
    assert (
        found["gdelt:479491239"].url == (GDELT2_REAL.read_text().splitlines()[0].rsplit("\t", 1)[1])
    )


class TestLayouts:
    def test_a_broken_first_line_does_not_decide(self) -> None:
        lines = GDELT1_FILE.read_text(encoding="utf-8").splitlines()
        text = "\t".join(lines[0].split("\t")[:40]) + "\n" + "\n".join(lines[1:]) + "\n"
        parsed = list(read_gdelt(io.StringIO(text)))
        assert parsed[0] == BadRow(1, "expected 58 tab-separated columns (GDELT 1.0), found 40")
        assert len(parsed) == 12 and sum(isinstance(p, BadRow) for p in parsed) == 1

    @pytest.mark.parametrize(
        "text",
        [
            "event_id_cnty,event_date\nX1,2020-01-01\n",  # an ACLED file
            "a\tb\tc\n1\t2\t3\n",
            "\t".join(["1"] * 59) + "\n",  # near, but no GDELT layout
        ],
    )
    def test_a_file_of_no_gdelt_layout_is_refused(self, text: str) -> None:
        with pytest.raises(ExportFileError, match=r"^not a GDELT event file: its lines have "):
            list(read_gdelt(io.StringIO(text)))

    def test_an_empty_file_has_no_rows(self) -> None:
        assert list(read_gdelt(io.StringIO("\n\n"))) == []


def test_a_header_row_of_column_names_is_passed_over() -> None:
    header = "\t".join(("GLOBALEVENTID", *COLUMNS_V1[1:], "SOURCEURL"))
    text = header + "\n" + GDELT1_FILE.read_text(encoding="utf-8")
    parsed = list(read_gdelt(io.StringIO(text)))
    assert len(parsed) == 12 and not [p for p in parsed if isinstance(p, BadRow)]
    assert parsed[0].line == 2


def test_a_comma_separated_export_is_refused_with_a_hint() -> None:
    lines = GDELT1_FILE.read_text(encoding="utf-8").splitlines()
    text = "".join(line.replace("\t", ",") + "\n" for line in lines)
    with pytest.raises(ExportFileError, match="comma-separated, as a BigQuery CSV export is"):
        list(read_gdelt(io.StringIO(text)))
