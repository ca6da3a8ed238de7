"""Counts read as UCDP low/best/high estimates."""

from __future__ import annotations

import pytest

from app.pipeline.numbers import count_before, parse_count, parse_number


@pytest.mark.parametrize(
    ("text", "low", "best", "high"),
    [
        ("at least nine", 9, 9, None),
        ("at least 9", 9, 9, None),
        ("about 2,000", None, 2000, None),
        ("up to 12", None, 12, 12),
        ("as many as 30", None, 30, 30),
        ("fewer than 10", None, None, 10),
        ("between 10 and 15", 10, 12, 15),
        ("10-15", 10, 12, 15),
        ("22", 22, 22, 22),
        ("three", 3, 3, 3),
        ("nearly 40", None, 40, None),
        ("more than 100", 100, 100, None),
        ("thousands of", None, None, None),
        ("dozens", None, None, None),
        ("twenty-five", 25, 25, 25),
        ("1.5 million", None, 1_500_000, None),
    ],
)
def test_parse_count(text: str, low: int | None, best: int | None, high: int | None) -> None:
    count = parse_count(text)
    assert count is not None
    assert (count.low, count.best, count.high) == (low, best, high)


def test_vague_counts_are_not_exact() -> None:
    count = parse_count("thousands of")
    assert count is not None and not count.exact and count.text == "thousands of"


@pytest.mark.parametrize(
    ("text", "value"),
    [("three hundred and twelve", 312), ("two thousand five hundred", 2500), ("12,400", 12400)],
)
def test_parse_number(text: str, value: int) -> None:
    assert parse_number(text) == value


def test_count_before_a_noun_skips_adjectives() -> None:
    text = "at least nine young soldiers were killed"
    count = count_before(text, text.index("soldiers"))
    assert count is not None and count.best == 9
