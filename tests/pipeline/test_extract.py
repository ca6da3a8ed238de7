"""Event coding on tuning cases (``cases/extract/*.json``), one parametrized test per case.

An expected event is found when a coded event has its type, a raw span overlapping its
evidence, and (when both are given) the same actor country; its dates, fatalities and target
country must then agree too. Cases with ``"expect": "fail"`` are known failures, kept.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.pipeline.code_article import code_article
from app.pipeline.types import EventDraft

CASES = sorted((Path(__file__).parent / "cases" / "extract").glob("*.json"))
ATTRIBUTES = (
    "date_start",
    "date_end",
    "date_precision",
    "fatalities_low",
    "fatalities_best",
    "fatalities_high",
)


def _load(path: Path) -> dict[str, Any]:
    return dict(json.loads(path.read_text(encoding="utf-8")))


def _matches(event: EventDraft, expected: dict[str, Any], raw: str) -> bool:
    start = raw.find(expected["evidence"])
    end = start + len(expected["evidence"])
    country = event.actor.country if event.actor else None
    return (
        event.type == expected["type"]
        and start >= 0
        and event.char_start < end
        and start < event.char_end
        and (expected["actor"] is None or country is None or country == expected["actor"])
    )


def _value(event: EventDraft, name: str) -> object:
    value = getattr(event, name)
    return value.isoformat() if isinstance(value, date) else value


def score(case: dict[str, Any]) -> tuple[int, int, list[str]]:
    """(true positives, predicted, problems) for one case."""
    raw = case["text"]
    coded = code_article(raw, date.fromisoformat(case["published_at"])).events
    left = list(coded)
    problems: list[str] = []
    found = 0
    for expected in case["expected_events"]:
        match = next((e for e in left if _matches(e, expected, raw)), None)
        if match is None:
            problems.append(f"missed {expected['type']}: {expected['evidence']!r}")
            continue
        left.remove(match)
        found += 1
        for name in ATTRIBUTES:
            if _value(match, name) != expected[name]:
                problems.append(f"{expected['type']} {name}: {_value(match, name)!r}")
        target = match.target.country if match.target else None
        if expected["target"] is not None and target != expected["target"]:
            problems.append(f"{expected['type']} target: {target!r}")
    if not case["expected_events"]:
        problems.extend(f"spurious {e.type}: {e.quote!r}" for e in coded)
    return found, len(coded), problems


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path: Path) -> None:
    case = _load(path)
    if case.get("expect") == "fail":
        pytest.xfail(case.get("comment", "known failure"))
    _, _, problems = score(case)
    assert problems == []


def test_quotes_are_exact_raw_slices() -> None:
    for path in CASES:
        case = _load(path)
        raw = case["text"]
        for event in code_article(raw).events:
            assert raw[event.char_start : event.char_end] == event.quote
            assert event.quote.strip() == event.quote


def test_seed_reads_its_own_publication_date() -> None:
    raw = _load(Path(__file__).parent / "cases" / "extract" / "seed_raw.json")["text"]
    assert code_article(raw).published_at == date(2025, 12, 27)


def test_recommended_stories_code_nothing() -> None:
    raw = _load(Path(__file__).parent / "cases" / "extract" / "seed_raw.json")["text"]
    block = raw.index("Recommended Stories")
    end = raw.index("In his connection")
    assert all(not (block <= e.char_start < end) for e in code_article(raw).events)
