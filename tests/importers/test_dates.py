"""Event dates in every form ACLED and spreadsheets write, checked against the year column."""

from __future__ import annotations

import io
from datetime import date

import pytest

from app.importers.acled import read_acled
from app.importers.common import RowError
from app.importers.dates import Ambiguous, DayMonthOrder, Reading, read_date
from app.importers.records import BadRow, ImportRecord


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("2019-12-31", 2019, date(2019, 12, 31)),  # API
        ("31 December 2019", 2019, date(2019, 12, 31)),  # export tool
        ("01-January-2015", 2015, date(2015, 1, 1)),  # 2015 files
        ("9-May-20", 2020, date(2020, 5, 9)),  # Excel
        ("09-May-2020", None, date(2020, 5, 9)),
        ("May 9, 2020", 2020, date(2020, 5, 9)),
        ("9 Sept 2020", 2020, date(2020, 9, 9)),
        ("31-12-19", 2019, date(2019, 12, 31)),  # day first, two-digit year
        ("12/31/2019", 2019, date(2019, 12, 31)),  # US Excel
        ("31/12/2019", 2019, date(2019, 12, 31)),
        ("31.12.2019", 2019, date(2019, 12, 31)),
        ("2019/12/31", 2019, date(2019, 12, 31)),
        ("20191231", 2019, date(2019, 12, 31)),
        ("2019-12-31 00:00:00", 2019, date(2019, 12, 31)),  # pandas
        ("12/31/2019 0:00", 2019, date(2019, 12, 31)),  # Excel with a time
        ("2019-12-31T00:00:00Z", 2019, date(2019, 12, 31)),
        ("43960", 2020, date(2020, 5, 9)),  # an Excel serial day number
        ("43960.0", None, date(2020, 5, 9)),
        ("5-5-20", 2020, date(2020, 5, 5)),  # both orders agree
        ("9-May-97", 1997, date(1997, 5, 9)),  # the year column gives the century
        ("9-May-97", None, date(1997, 5, 9)),
    ],
)
def test_one_reading(text: str, year: int | None, expected: date) -> None:
    reading = read_date(text, year)
    assert isinstance(reading, Reading) and reading.day == expected


def test_the_year_column_rules_out_a_reading() -> None:
    """``19-12-31`` is 19 December 2031 in a 2031 row, and 2019-12-31 (YY-MM-DD, no habit of
    ACLED's or of spreadsheets, tried last) only where the year column says 2019."""
    reading = read_date("19-12-31", 2031)
    assert isinstance(reading, Reading) and reading.day == date(2031, 12, 19)
    reading = read_date("19-12-31", 2019)
    assert isinstance(reading, Reading) and reading.day == date(2019, 12, 31)


@pytest.mark.parametrize(
    ("text", "year", "message"),
    [
        ("2025-13-40", 2025, "event_date '2025-13-40' is not a date"),
        ("31 Febtember 2020", 2020, "event_date '31 Febtember 2020' is not a date"),
        ("9-May-20", 2019, "event_date '9-May-20' is not in the row's year 2019"),
        ("2019-12-31", 2020, "event_date '2019-12-31' is not in the row's year 2020"),
        ("", 2020, "event_date '' is not a date"),
        ("soon", None, "event_date 'soon' is not a date"),
    ],
)
def test_not_a_date(text: str, year: int | None, message: str) -> None:
    with pytest.raises(RowError, match=f"^{message}$".replace("(", r"\(").replace(")", r"\)")):
        read_date(text, year)


def test_day_and_month_that_both_read() -> None:
    reading = read_date("05/06/2020", 2020)
    assert reading == Ambiguous("05/06/2020", date(2020, 6, 5), date(2020, 5, 6), "/")


def test_a_row_that_reads_one_way_proves_the_order() -> None:
    assert read_date("13/06/2020", 2020) == Reading(date(2020, 6, 13), "day")
    assert read_date("06/13/2020", 2020) == Reading(date(2020, 6, 13), "month")
    assert read_date("13 June 2020", 2020) == Reading(date(2020, 6, 13), None)
    order = DayMonthOrder()
    assert order.learn(read_date("13/06/2020", 2020)) is True
    assert order.learn(read_date("06/13/2020", 2020)) is False  # the first one decided
    assert order.resolve(read_date("05/06/2020", 2020)) == date(2020, 6, 5)


def test_without_evidence_the_separator_decides() -> None:
    slash, dash = DayMonthOrder(), DayMonthOrder()
    assert slash.resolve(read_date("05/06/2020", 2020)) == date(2020, 5, 6)  # US: month first
    assert dash.resolve(read_date("05-06-2020", 2020)) == date(2020, 6, 5)  # day first


HEADER = "event_id_cnty,event_date,year,event_type,sub_event_type,actor1,notes\n"


def _rows(*dates: str) -> str:
    return HEADER + "".join(
        f"X{i},{day},2020,Protests,Peaceful protest,Protesters (Chile),n{i}\n"
        for i, day in enumerate(dates)
    )


def test_rows_wait_until_a_later_row_tells_the_order() -> None:
    """05/06 and 07/08 read both ways; 25/06 shows the file is day first, so they are June
    and August, and the rows still come out in file order."""
    parsed = list(read_acled(io.StringIO(_rows("05/06/2020", "07/08/2020", "25/06/2020"))))
    assert [p.line for p in parsed] == [2, 3, 4]
    days = [p.draft.date_start for p in parsed if isinstance(p, ImportRecord)]
    assert days == [date(2020, 6, 5), date(2020, 8, 7), date(2020, 6, 25)]


def test_a_month_first_file() -> None:
    parsed = list(read_acled(io.StringIO(_rows("05/06/2020", "06/25/2020", "07/08/2020"))))
    days = [p.draft.date_start for p in parsed if isinstance(p, ImportRecord)]
    assert days == [date(2020, 5, 6), date(2020, 6, 25), date(2020, 7, 8)]


def test_a_date_outside_the_year_is_a_bad_row() -> None:
    (bad,) = read_acled(io.StringIO(_rows("05/06/2021")))
    assert bad == BadRow(2, "event_date '05/06/2021' is not in the row's year 2020")
