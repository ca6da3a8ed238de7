"""Publication dates read from date lines, and event dates relative to them (issue 11).

The relative cases publish on Saturday 27 Dec 2025 unless they say otherwise.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.pipeline.dates import UNKNOWN, DateRange, find_published_at, parse_date, resolve_date
from app.pipeline.extract.timing import resolve_relations

D = date
PUB = D(2025, 12, 27)
HEADLINE = "Israeli strikes hit southern Lebanon as border fighting escalates"
BODY = (
    "Israeli jets struck several villages in southern Lebanon on Monday, killing at least three "
    "people, the Lebanese health ministry said, in the latest escalation along the border.\n"
    "The Israeli military said it had targeted Hezbollah positions and weapons depots near the "
    "towns of Khiam and Bint Jbeil, and that the strikes would continue.\n"
)


def page(*head: str, body: str = BODY) -> str:
    return "\n".join((HEADLINE, *head, body))


# --------------------------------------------------------------------------- date lines


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Tue, March 4, 2025 at 9:05 AM GMT+2", D(2025, 3, 4)),
        ("Tue, March 4, 2025 at 11:55 PM GMT-5", D(2025, 3, 4)),  # the date printed, not UTC's
        ("Friday, Aug. 29, 2025 at 12:01 a.m. EDT", D(2025, 8, 29)),
        ("03.11.2024 – 08:12", D(2024, 11, 3)),
        ("3.11.2024 - 08:12", D(2024, 11, 3)),
        ("25.12.2023 — 23:59", D(2023, 12, 25)),
        ("12/25/2023 10:00 AM", D(2023, 12, 25)),
        ("25/12/2023", D(2023, 12, 25)),
        ("Mon 6 Feb 2023 11.20 GMT", D(2023, 2, 6)),
        ("Thu 12 Dec 2024 09.41 GMT", D(2024, 12, 12)),
        ("Sun 1 Sep 2024 18.00 BST", D(2024, 9, 1)),
        ("April 2, 2024 | 6:40 PM", D(2024, 4, 2)),
        ("Sept. 30, 2022 | 11:15 AM ET", D(2022, 9, 30)),
        ("Last updated 9 Oct 2024", D(2024, 10, 9)),
        ("Wednesday 5 June 2024 - 10:02", D(2024, 6, 5)),
        ("Saturday 14 January 2023 – 7:45", D(2023, 1, 14)),
        ("2024-06-05T10:02:00Z", D(2024, 6, 5)),
        ("2023-01-31T23:30:00+05:30", D(2023, 1, 31)),
        ("2022-07-04", D(2022, 7, 4)),
        ("Updated: 14:32 GMT, 12 March 2023", D(2023, 3, 12)),
        ("Updated: 09:10 EST, 1 December 2021", D(2021, 12, 1)),
        ("By Jane Doe, Associated Press | Posted: Jan. 12, 2021", D(2021, 1, 12)),
        ("By Ali Hassan and Maria Lopez · Posted: Feb. 3, 2022", D(2022, 2, 3)),
        ("Published 10:05 AM EDT, June 3, 2023", D(2023, 6, 3)),
        ("Nov 18 2022 | 2 min read", D(2022, 11, 18)),
        ("Jul 7 2021 • 4 mins read", D(2021, 7, 7)),
        ("Published: 18th November 2022", D(2022, 11, 18)),
        ("Published: 1st of May 2020", D(2020, 5, 1)),
        ("Published On 7 May 2025", D(2025, 5, 7)),
        ("Published on 22 Feb 2024", D(2024, 2, 22)),
        ("October 1, 2024 8:15 AM UTC", D(2024, 10, 1)),
        ("By Jane Doe | October 1, 2024 8:15 AM UTC", D(2024, 10, 1)),
        ("29 February 2024", D(2024, 2, 29)),
    ],
)
def test_date_line_styles(line: str, expected: date) -> None:
    assert find_published_at(page(line)) == expected


@pytest.mark.parametrize(
    "head",
    [
        ("By Jane Doe", "Reuters", "Mon 6 Feb 2023 11.20 GMT"),
        ("Skip to content\nMenu\nSign in", "World | Middle East", "Mon 6 Feb 2023 11.20 GMT"),
        ("Mon 6 Feb 2023 11.20 GMT", "Share on Facebook\nTweet\nWhatsApp"),
    ],
)
def test_date_line_among_page_chrome(head: tuple[str, ...]) -> None:
    assert find_published_at(page(*head)) == D(2023, 2, 6)


def test_a_date_line_after_a_standfirst() -> None:
    standfirst = (
        "Health officials say the toll is likely to rise as rescuers search the rubble of "
        "buildings flattened in the overnight raids on the border villages"
    )
    assert find_published_at(page(standfirst, "Mon 6 Feb 2023 11.20 GMT")) == D(2023, 2, 6)


def test_published_beats_updated() -> None:
    head = ("Updated 9 Oct 2024 14:00 GMT", "Published 7 Oct 2024 08:00 GMT")
    assert find_published_at(page(*head)) == D(2024, 10, 7)
    one_line = "Published 7 October 2024 Updated 9 October 2024"
    assert find_published_at(page(one_line)) == D(2024, 10, 7)


def test_the_line_nearest_the_headline_wins() -> None:
    assert find_published_at(page("6 February 2023", "7 February 2023")) == D(2023, 2, 6)


def test_an_updated_line_alone_is_the_date() -> None:
    assert find_published_at(page("Last updated 9 Oct 2024")) == D(2024, 10, 9)


# --------------------------------------------------------------------------- wire datelines

WIRE_BODY = (
    "BEIRUT, Oct 1 (Reuters) - Israeli ground forces crossed into southern Lebanon early on "
    "Tuesday, the Israeli military said, opening a new phase of its campaign against Hezbollah.\n"
)


def test_a_yearless_wire_dateline_takes_the_byline_year() -> None:
    text = page("By Maya Gebeily", "October 1, 2024 8:15 AM UTC", body=WIRE_BODY)
    assert find_published_at(text) == D(2024, 10, 1)


def test_a_yearless_wire_dateline_alone_is_unknown() -> None:
    assert find_published_at(page(body=WIRE_BODY)) is None


def test_a_yearless_dateline_near_new_year_takes_the_nearer_year() -> None:
    body = WIRE_BODY.replace("Oct 1", "Dec 31")
    assert find_published_at(page("Updated 1 January 2025", body=body)) == D(2024, 12, 31)


@pytest.mark.parametrize(
    ("dateline", "expected"),
    [
        ("WASHINGTON, March 3, 2024 (Reuters) —", D(2024, 3, 3)),
        ("GENEVA, 14 June 2023 (AFP) –", D(2023, 6, 14)),
        ("NAIROBI, Kenya, Jan. 9, 2022 (AP) -", D(2022, 1, 9)),
    ],
)
def test_a_dated_wire_dateline(dateline: str, expected: date) -> None:
    wire = WIRE_BODY.replace("BEIRUT, Oct 1 (Reuters) -", dateline)
    assert find_published_at(page(body=wire)) == expected
    assert find_published_at(page(body=f"{dateline} {BODY}")) == expected


def test_an_undated_wire_dateline_leaves_the_published_line() -> None:
    body = "KYIV, Ukraine (AP) — " + BODY
    assert find_published_at(page("Published 10:05 AM EDT, June 3, 2023", body=body)) == D(
        2023, 6, 3
    )


# --------------------------------------------------------------------------- body dates

BODY_WITH_DATES = (
    "Israeli jets struck several villages in southern Lebanon on March 3, 2024, killing at least "
    "three people, the Lebanese health ministry said, in the latest escalation along the border.\n"
    "The ceasefire agreed on 27 November 2024 had largely held, officials said, until the strikes "
    "of 2 March 2025 that the army described as a response to rocket fire from the north.\n"
    "March 3, 2024\n"
    "Published 12 January 2022\n"
    "Related: Lebanon's army deploys south | 4 January 2025\n"
)


@pytest.mark.parametrize(
    "head",
    [(), ("By Jane Doe",), ("Skip to content", "Sign in")],
)
def test_dates_in_the_body_are_never_the_publication_date(head: tuple[str, ...]) -> None:
    assert find_published_at(page(*head, body=BODY_WITH_DATES)) in (None, D(2022, 1, 12))
    # A "Published" line past the head comes only after every date line near the headline.
    text = page(*head, "Mon 6 Feb 2023 11.20 GMT", body=BODY_WITH_DATES)
    assert find_published_at(text) == D(2023, 2, 6)


@pytest.mark.parametrize(
    "line",
    [
        "On March 3, 2024, troops moved into the town.",
        "Photo taken on March 3, 2024",
        "Updated 3 hours ago",
        "Published yesterday",
        "March 2024",
        "3 March",
        "Posted by admin",
        "31 February 2024",
    ],
)
def test_lines_that_are_not_date_lines(line: str) -> None:
    assert find_published_at(page(line)) is None


def test_parse_date_never_reads_against_the_clock() -> None:
    assert parse_date("3 hours ago") is None
    assert parse_date("yesterday") is None
    assert parse_date("Oct 1") is None
    assert parse_date("03.11.2024", "DMY") == D(2024, 11, 3)
    assert parse_date("11/03/2024", "MDY") == D(2024, 11, 3)


_FRAGMENTS = (
    "Published", "Updated:", "Posted", "On", "|", "–", "—", "-", "·", "(Reuters)", "(AP)",
    "BEIRUT,", "KYIV,", "Ukraine", "Oct", "Sept.", "March", "31", "29", "1st", "0", "00",
    "2024", "1899", "2099", "9999", "12:61", "25:00", "GMT+99", "UTC", "a.m.", "AM", "at",
    "T", "Z", "2024-13-45", "2024-02-30T25:61:00Z", "99.99.2024", "13/13/2023", "By", "Jane",
    "\n", "\n\n", "\u00a0", "\u2009", "٣", "２０２４", "ʼ", "\x00", "\ufeff", "min read",
)  # fmt: skip


def test_random_date_like_text_never_raises() -> None:
    rng = random.Random(11)
    for _ in range(400):
        text = " ".join(rng.choice(_FRAGMENTS) for _ in range(rng.randint(0, 40)))
        found = find_published_at(text)
        assert found is None or isinstance(found, date)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_text_never_raises(text: str) -> None:
    found = find_published_at(text)
    assert found is None or isinstance(found, date)
    assert isinstance(resolve_date(text, PUB), DateRange)


# --------------------------------------------------------------------------- relative dates


@pytest.mark.parametrize(
    ("expression", "start", "end", "precision"),
    [
        ("on December 18", D(2025, 12, 18), D(2025, 12, 18), "day"),
        ("18 December 2025", D(2025, 12, 18), D(2025, 12, 18), "day"),
        ("Dec. 18", D(2025, 12, 18), D(2025, 12, 18), "day"),
        ("on August 24", D(2025, 8, 24), D(2025, 8, 24), "day"),
        ("on December 28", D(2024, 12, 28), D(2024, 12, 28), "day"),  # not after publication
        ("on Saturday", D(2025, 12, 27), D(2025, 12, 27), "day"),  # the same day counts
        ("on Friday", D(2025, 12, 26), D(2025, 12, 26), "day"),
        ("on Sunday", D(2025, 12, 21), D(2025, 12, 21), "day"),
        ("late on Monday", D(2025, 12, 22), D(2025, 12, 22), "day"),
        ("last Friday", D(2025, 12, 26), D(2025, 12, 26), "day"),
        ("last Saturday", D(2025, 12, 27), D(2025, 12, 27), "day"),
        ("next Monday", D(2025, 12, 29), D(2025, 12, 29), "day"),
        ("in April", D(2025, 4, 1), D(2025, 4, 30), "month"),
        ("in December", D(2025, 12, 1), D(2025, 12, 31), "month"),
        ("in August 2025", D(2025, 8, 1), D(2025, 8, 31), "month"),
        ("earlier this month", D(2025, 12, 1), D(2025, 12, 27), "month"),
        ("this month", D(2025, 12, 1), D(2025, 12, 31), "month"),
        ("last week", D(2025, 12, 15), D(2025, 12, 21), "week"),
        ("earlier last week", D(2025, 12, 15), D(2025, 12, 21), "week"),
        ("this week", D(2025, 12, 22), D(2025, 12, 28), "week"),
        ("earlier this week", D(2025, 12, 22), D(2025, 12, 27), "range"),
        ("last month", D(2025, 11, 1), D(2025, 11, 30), "month"),
        ("this year", D(2025, 1, 1), D(2025, 12, 27), "year"),
        ("last year", D(2024, 1, 1), D(2024, 12, 31), "year"),
        ("yesterday", D(2025, 12, 26), D(2025, 12, 26), "day"),
        ("overnight", D(2025, 12, 27), D(2025, 12, 27), "day"),
        ("two days ago", D(2025, 12, 25), D(2025, 12, 25), "day"),
        ("since January", D(2025, 1, 1), D(2025, 12, 27), "range"),
        ("since March 2024", D(2024, 3, 1), D(2025, 12, 27), "range"),
        ("in 2024", D(2024, 1, 1), D(2024, 12, 31), "year"),
        ("in recent years", None, None, "unknown"),
        ("a 120-day deployment", None, None, "unknown"),
    ],
)
def test_resolve_date(
    expression: str, start: date | None, end: date | None, precision: str
) -> None:
    value = resolve_date(expression, PUB)
    assert (value.start, value.end, value.precision) == (start, end, precision)


@pytest.mark.parametrize(
    ("published", "expression", "expected"),
    [
        (D(2025, 3, 1), "in December", D(2024, 12, 1)),
        (D(2025, 3, 31), "in March", D(2025, 3, 1)),
        (D(2025, 1, 5), "last week", D(2024, 12, 23)),  # a Sunday: the week before this one
        (D(2025, 1, 6), "last week", D(2024, 12, 30)),  # a Monday
        (D(2025, 1, 6), "this week", D(2025, 1, 6)),
        (D(2025, 1, 5), "this week", D(2024, 12, 30)),
        (D(2025, 1, 1), "last month", D(2024, 12, 1)),
        (D(2025, 1, 1), "yesterday", D(2024, 12, 31)),
        (D(2024, 3, 1), "yesterday", D(2024, 2, 29)),
        (D(2025, 1, 2), "on Thursday", D(2025, 1, 2)),
        (D(2025, 1, 2), "on Friday", D(2024, 12, 27)),
        (D(2025, 1, 2), "last Thursday", D(2025, 1, 2)),
    ],
)
def test_resolve_against_other_publication_days(
    published: date, expression: str, expected: date
) -> None:
    assert resolve_date(expression, published).start == expected


def test_relative_dates_without_a_publication_date_are_unknown() -> None:
    for expression in ("on Saturday", "last week", "yesterday", "in March", "August 24"):
        assert resolve_date(expression, None) == UNKNOWN


@dataclass
class _Event:
    uid: int
    date: DateRange = UNKNOWN
    members: list[int] = field(default_factory=list)


def test_a_day_after_another_event() -> None:
    saturday = DateRange(D(2025, 12, 27), D(2025, 12, 27), "day")
    main, anchor = _Event(1, saturday), _Event(2)
    # "X happened on Saturday, a day after Y": Y is Friday.
    resolve_relations([(2, 1, 1)], [main, anchor])  # type: ignore[list-item]
    assert anchor.date == DateRange(D(2025, 12, 26), D(2025, 12, 26), "day")
    # and the other way round: Y known, X a day after it.
    later = _Event(3)
    resolve_relations([(2, 3, 1)], [anchor, later])  # type: ignore[list-item]
    assert later.date == saturday


def test_a_week_after_is_a_week() -> None:
    saturday = DateRange(D(2025, 12, 27), D(2025, 12, 27), "day")
    main, anchor = _Event(1, saturday), _Event(2)
    resolve_relations([(2, 1, 7)], [main, anchor])  # type: ignore[list-item]
    assert anchor.date == DateRange(D(2025, 12, 20), D(2025, 12, 20), "week")
