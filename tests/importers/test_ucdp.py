"""Reading UCDP GED CSVs: types, sides, tolls, precisions, provenance, layouts, bad rows."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from app.importers.files import ExportFileError, open_export
from app.importers.records import BadRow, ImportRecord, Parsed
from app.importers.ucdp import read_ucdp
from app.importers.ucdp_actors import ucdp_side
from tests.importers.conftest import ACLED_FILE, UCDP_FILE


def read(path: Path = UCDP_FILE) -> list[Parsed]:
    with open_export(path, encoding="utf-8-sig") as export:
        return list(read_ucdp(export.text))


def records(path: Path = UCDP_FILE) -> dict[str, ImportRecord]:
    return {
        r.external_id.removeprefix("ucdp:"): r for r in read(path) if isinstance(r, ImportRecord)
    }


def test_every_row_lands_in_one_outcome() -> None:
    parsed = read()
    assert len(parsed) == 14
    assert sum(isinstance(p, ImportRecord) for p in parsed) == 13
    # Line numbers are the file's: the source_article of 452118 spans three lines.
    assert [(b.line, b.reason) for b in parsed if isinstance(b, BadRow)] == [
        (17, "fatality estimates out of order (low 15, best 12, high 14): UCDP has low <= best "
         "<= high"),
    ]  # fmt: skip


def test_type_of_violence() -> None:
    types = {eid: r.draft.type for eid, r in records().items()}
    assert types == {
        "443521": "armed_clash",  # 1 state-based: Russia - Ukraine
        "452118": "armed_clash",  # 1: Government of Sudan - RSF
        "421706": "armed_clash",
        "411958": "armed_clash",
        "401233": "armed_clash",
        "455091": "armed_clash",
        "447390": "armed_clash",  # 2 non-state: IS - Boko Haram
        "436652": "armed_clash",  # 2: cartels
        "453907": "attack",  # 3 one-sided: RSF - Civilians
        "438210": "attack",
        "418863": "attack",
        "468112": "attack",
        "389944": "attack",
    }


@pytest.mark.parametrize(
    ("event_id", "actor", "target"),
    [
        ("443521", ("russia", "Russia", "state", "RUS"), ("ukraine", "Ukraine", "state", "UKR")),
        ("452118", ("sudan", "Sudan", "state", "SDN"), ("rsf", "RSF", "armed_force", None)),
        (
            "453907",
            ("rsf", "RSF", "armed_force", None),
            ("civilians-sudan", "Civilians (Sudan)", "group", "SDN"),
        ),
        (
            "411958",  # "Government of DR Congo (Zaire)", gwnoa 490
            (
                "democratic-republic-of-the-congo",
                "Democratic Republic of the Congo",
                "state",
                "COD",
            ),
            ("m23", "M23", "armed_force", None),
        ),
        ("401233", ("myanmar", "Myanmar", "state", "MMR"), ("kio", "KIO", "armed_force", None)),
        (
            "447390",
            ("is", "IS", "armed_force", None),
            (
                "jamaatu-ahlis-sunna-liddaawati-wal-jihad",
                "Jama'atu Ahlis Sunna Lidda'awati wal-Jihad",
                "armed_force",
                None,
            ),
        ),
        (
            "468112",  # at sea off Aden: the civilians of the event's country, Yemen (678)
            ("ansarallah", "Ansarallah", "armed_force", None),
            ("civilians-yemen", "Civilians (Yemen)", "group", "YEM"),
        ),
    ],
)
def test_sides_are_actors(
    event_id: str, actor: tuple[str, ...], target: tuple[str | None, ...]
) -> None:
    draft = records()[event_id].draft
    assert draft.actor is not None and draft.target is not None
    assert (draft.actor.id, draft.actor.name, draft.actor.kind, draft.actor.country) == actor
    assert (draft.target.id, draft.target.name, draft.target.kind, draft.target.country) == target


@pytest.mark.parametrize(
    ("event_id", "low", "best", "high"),
    [
        ("443521", 16, 16, 20),
        ("418863", 100, 121, 121),  # low below best
        ("447390", 30, 40, 60),
        ("468112", 3, 3, 3),
    ],
)
def test_fatalities_as_ucdp_gives_them(event_id: str, low: int, best: int, high: int) -> None:
    draft = records()[event_id].draft
    assert (draft.fatalities_low, draft.fatalities_best, draft.fatalities_high) == (low, best, high)


@pytest.mark.parametrize(
    ("event_id", "start", "end", "precision"),
    [
        ("443521", date(2023, 1, 15), date(2023, 1, 15), "day"),  # date_prec 1
        ("452118", date(2023, 4, 15), date(2023, 4, 18), "range"),  # 2: within 2-6 days
        ("438210", date(2023, 2, 12), date(2023, 2, 18), "week"),  # 3
        ("447390", date(2023, 3, 1), date(2023, 3, 31), "month"),  # 4
        ("401233", date(2022, 1, 1), date(2022, 12, 31), "year"),  # 5
    ],
)
def test_date_precision(event_id: str, start: date, end: date, precision: str) -> None:
    draft = records()[event_id].draft
    assert (draft.date_start, draft.date_end, draft.date_precision) == (start, end, precision)


@pytest.mark.parametrize(
    ("event_id", "name", "country", "precision", "lat", "lon"),
    [
        ("443521", "Bakhmut town", "UKR", "point", 48.595556, 38.0),  # where_prec 1
        ("453907", "El Geneina town", "SDN", "city", 13.4525, 22.448889),  # 2
        ("447390", "Bama LGA", "NGA", "admin1", 11.5213, 13.6856),  # 3: admin2 only
        ("438210", "Deir ez-Zor province", "SYR", "admin1", 35.0, 40.5),  # 4
        ("401233", "Myanmar", "MMR", "country", 21.0, 96.0),  # 6
        ("468112", "Gulf of Aden", "YEM", "country", 12.2, 45.6),  # 7: at sea
        ("411958", "Kibumba village", "COD", "point", -1.5144, 29.3419),  # country_id 490
    ],
)
def test_places(
    event_id: str, name: str, country: str, precision: str, lat: float, lon: float
) -> None:
    location = records()[event_id].draft.location
    assert location is not None
    assert (location.name, location.country, location.precision) == (name, country, precision)
    assert (location.lat, location.lon) == (lat, lon)


def test_the_quote_is_the_source_article() -> None:
    text = UCDP_FILE.read_text(encoding="utf-8")
    for record in records().values():
        draft = record.draft
        assert record.raw_text in text
        assert record.raw_text[draft.char_start : draft.char_end] == draft.quote
    khartoum = records()["452118"]
    assert khartoum.raw_text.count("\n") == 2  # the record spans three lines
    assert '""We are trapped""' in khartoum.draft.quote
    assert khartoum.draft.quote_restored.startswith(
        'Agence France Presse,2023-04-16,"Sudan: army and paramilitaries fight for Khartoum, '
        'airport";\nBBC News,2023-04-17,"Sudan fighting: ""We are trapped"", residents say";'
    )
    assert khartoum.draft.attribution == (
        "Agence France Presse;BBC News;Al Jazeera, citing Sudan Doctors' Union; residents"
    )
    assert khartoum.publisher == "UCDP GED (Agence France Presse;BBC News;Al Jazeera)"
    assert khartoum.published_at == date(2023, 4, 16)  # the first article's date
    assert khartoum.title == "UCDP GED event 452118"


def test_an_empty_source_article_quotes_the_whole_record() -> None:
    bama = records()["447390"]
    assert bama.draft.quote == bama.raw_text
    assert bama.draft.attribution == "HumAngle, citing local militia members"
    assert "source headline: ISWAP and Boko Haram fighters clash again around Bama" in (
        bama.draft.notes
    )


def test_notes_keep_the_rest_of_the_row() -> None:
    notes = records()["389944"].draft.notes
    assert notes[:2] == (
        "Imported from UCDP GED, id 389944, relid AFG-2021-3-234-88",
        "UCDP type_of_violence 3 (one-sided violence)",
    )
    assert "conflict: IS - Civilians (234)" in notes
    assert (
        "UCDP fatality estimates stored as they are (low/best/high); best estimate by side: "
        "side A 0, side B 0, civilians 157, unknown 13"
    ) in notes
    assert "where_prec 1 (exact location), date_prec 1 (exact day)" in notes
    assert "source original: Afghan health officials; Pentagon" in notes
    assert "source date: 2021-08-27;2021-08-28" in notes


def _rewrite(
    tmp_path: Path,
    *,
    rename: dict[str, str] | None = None,
    header: bool = True,
    quoting: int = csv.QUOTE_MINIMAL,
    prefix: str = "",
    newline: str = "\n",
) -> Path:
    with UCDP_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    names = [(rename or {}).get(name, name) for name in rows[0]]
    out = io.StringIO()
    writer = csv.writer(out, quoting=quoting, lineterminator=newline)
    writer.writerows([names, *rows[1:]] if header else rows[1:])
    path = tmp_path / "ged.csv"
    path.write_text(prefix + out.getvalue(), encoding="utf-8", newline="")
    return path


def _mapped(path: Path) -> dict[str, tuple[object, ...]]:
    return {
        eid: (
            r.draft.type,
            r.draft.fatalities_low,
            r.draft.fatalities_best,
            r.draft.fatalities_high,
            r.draft.date_start,
            r.draft.date_precision,
            r.draft.actor.country if r.draft.actor else None,
            r.draft.target.id if r.draft.target else None,
            r.draft.location.country if r.draft.location else None,
            r.draft.location.precision if r.draft.location else None,
        )
        for eid, r in records(path).items()
    }


def test_older_layout_upper_case_est_columns_bom_crlf_quoted_numbers(tmp_path: Path) -> None:
    """GED 1.x-5.0 names (``BEST_EST``, ``GWNO``, DBF-cut ``TYPE_OF_VI``), a BOM, CRLF line
    ends and every number quoted read as today's layout does."""
    rename = {
        "best": "BEST_EST",
        "low": "LOW_EST",
        "high": "HIGH_EST",
        "country_id": "GWNO",
        "type_of_violence": "TYPE_OF_VI",
        "source_article": "SOURCE_ART",
        "where_prec": "WHERE_PREC",
        "id": "ID",
    }
    path = _rewrite(tmp_path, rename=rename, quoting=csv.QUOTE_ALL, prefix="\ufeff", newline="\r\n")
    assert _mapped(path) == _mapped(UCDP_FILE)
    khartoum = records(path)["452118"]
    assert khartoum.draft.quote.startswith("Agence France Presse")
    assert khartoum.raw_text.startswith('"452118",') and not khartoum.raw_text.endswith("\r")


def test_a_file_without_a_header_row(tmp_path: Path) -> None:
    """Candidate 24.0.1 was published without one: today's 49 columns are assumed."""
    path = _rewrite(tmp_path, header=False)
    assert _mapped(path) == _mapped(UCDP_FILE)
    assert [(p.line, type(p).__name__) for p in read(path)][:2] == [
        (1, "ImportRecord"),
        (2, "ImportRecord"),
    ]


def test_semicolon_delimited(tmp_path: Path) -> None:
    with UCDP_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerows(rows)
    path = tmp_path / "ged.csv"
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    assert _mapped(path) == _mapped(UCDP_FILE)


def test_bad_values_are_bad_rows_with_reasons(tmp_path: Path) -> None:
    with UCDP_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, first = rows[0], rows[1]
    at = {name: i for i, name in enumerate(header)}

    def changed(**values: str) -> list[str]:
        row = list(first)
        for name, value in values.items():
            row[at[name]] = value
        return row

    bad = [
        changed(type_of_violence="4"),
        changed(where_prec="9"),
        changed(date_prec="6"),
        changed(date_end="2023-01-10"),
        changed(date_start="2023-02-30"),
        changed(best="many"),
        changed(latitude="95.1"),
        changed(id="UKR-1"),
        first[:20],
    ]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *bad])
    path = tmp_path / "bad.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    assert [(b.line, b.reason) for b in read(path) if isinstance(b, BadRow)] == [
        (2, "type_of_violence '4' is not 1, 2 or 3"),
        (3, "where_prec '9' is not 1-7"),
        (4, "date_prec '6' is not 1-5"),
        (5, "date_end '2023-01-10' is before date_start '2023-01-15 00:00:00.000'"),
        (6, "date_start '2023-02-30' is not a date"),
        (7, "best 'many' is not a whole number"),
        (8, "latitude '95.1' is outside -90..90"),
        (9, "id 'UKR-1' is not a UCDP event id (a whole number)"),
        (10, "expected 49 fields, found 20"),
    ]


def test_not_a_ged_file() -> None:
    with pytest.raises(ExportFileError, match=r"^not a UCDP GED CSV: no column id, "):
        read(ACLED_FILE)


def test_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(ExportFileError, match="empty file"):
        read(path)


@pytest.mark.parametrize(
    ("name", "gwno", "expected"),
    [
        ("Government of Russia (Soviet Union)", "", ("russia", "state", "RUS")),  # by name
        ("Government of Yemen (North Yemen)", "678", ("yemen", "state", "YEM")),
        ("Government of Bosnia-Herzegovina", "", ("bosnia-and-herzegovina", "state", "BIH")),
        (
            "Government of United States of America, Government of United Kingdom",
            "2, 200",
            ("united-states", "state", "USA"),
        ),
        (
            "Government of United States of America, Government of United Kingdom",
            "",
            ("united-states", "state", "USA"),
        ),
        ("Government of Nowhere", "", ("government-of-nowhere", "state", None)),
        ("civilians", "", ("civilians-mali", "group", "MLI")),
        (
            "Forces of the Caucasus Emirate",
            "",
            ("forces-of-the-caucasus-emirate", "armed_force", None),
        ),
    ],
)
def test_ucdp_sides(name: str, gwno: str, expected: tuple[str, str, str | None]) -> None:
    actor = ucdp_side(name, gwno, "MLI")
    assert actor is not None and (actor.id, actor.kind, actor.country) == expected
    assert ucdp_side(" ", "", "MLI") is None
