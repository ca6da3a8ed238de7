"""Publication dates and event dates relative to them (publication: Saturday 27 Dec 2025)."""

from __future__ import annotations

from datetime import date

import pytest

from app.pipeline.dates import find_published_at, resolve_date

PUB = date(2025, 12, 27)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Title\nPublished On 27 Dec 2025\nBody.", date(2025, 12, 27)),
        ("Title\nPublished 27 December 2025\nBody.", date(2025, 12, 27)),
        ("Title\nDecember 27, 2025\nBody.", date(2025, 12, 27)),
        ("Title\n2025-12-27T08:00:00Z\nBody.", date(2025, 12, 27)),
        ("No date here.", None),
    ],
)
def test_find_published_at(text: str, expected: date | None) -> None:
    assert find_published_at(text) == expected


D = date


@pytest.mark.parametrize(
    ("expression", "start", "end", "precision"),
    [
        ("on December 18", D(2025, 12, 18), D(2025, 12, 18), "day"),
        ("18 December 2025", D(2025, 12, 18), D(2025, 12, 18), "day"),
        ("Dec. 18", D(2025, 12, 18), D(2025, 12, 18), "day"),
        ("on Saturday", D(2025, 12, 27), D(2025, 12, 27), "day"),
        ("on Friday", D(2025, 12, 26), D(2025, 12, 26), "day"),
        ("next Monday", D(2025, 12, 29), D(2025, 12, 29), "day"),
        ("in April", D(2025, 4, 1), D(2025, 4, 30), "month"),
        ("in August 2025", D(2025, 8, 1), D(2025, 8, 31), "month"),
        ("earlier this month", D(2025, 12, 1), D(2025, 12, 27), "range"),
        ("last week", D(2025, 12, 15), D(2025, 12, 21), "week"),
        ("last month", D(2025, 11, 1), D(2025, 11, 30), "month"),
        ("this year", D(2025, 1, 1), D(2025, 12, 27), "year"),
        ("yesterday", D(2025, 12, 26), D(2025, 12, 26), "day"),
        ("overnight", D(2025, 12, 27), D(2025, 12, 27), "day"),
        ("since January", D(2025, 1, 1), D(2025, 12, 27), "range"),
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


def test_a_month_later_than_publication_is_last_year() -> None:
    assert resolve_date("in December", date(2025, 3, 1)).start == date(2024, 12, 1)
