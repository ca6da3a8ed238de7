"""The evaluation scorer (with fake coders) and the integrity of the held-out set in data/eval."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pycountry
import pytest

from app.pipeline.evaluate import (
    CERTAINTIES,
    DATE_PRECISIONS,
    DEFAULT_EVAL_DIR,
    EVENT_TYPES,
    EvalCase,
    ExpectedEvent,
    format_report,
    load_cases,
    match_case,
    oracle_coder,
    score,
    words,
)
from app.pipeline.types import ActorDraft, EventDraft

EVAL_DIR = DEFAULT_EVAL_DIR
EXPECTED_FILES = sorted(EVAL_DIR.glob("*.expected.json"))
ORDINARY_SENSE_WORDS = ("successful", "connected", "subject", "person", "helium", "portion", "unit")
PUBLISHED_LINE = re.compile(r"^Published On (\d{1,2} [A-Z][a-z]{2} \d{4})$", re.MULTILINE)


# --------------------------------------------------------------------------- helpers


def _actor(country: str | None) -> ActorDraft | None:
    if country is None:
        return None
    return ActorDraft(id=country.lower(), name=country, kind="state", country=country)


def _draft(
    type_: str,
    start: int,
    end: int,
    *,
    actor: str | None = None,
    target: str | None = None,
    day: date | None = None,
    fatalities_best: int | None = None,
) -> EventDraft:
    return EventDraft(
        type=type_,
        summary="",
        date_start=day,
        date_end=day,
        date_precision="day",
        actor=_actor(actor),
        target=_actor(target),
        location=None,
        certainty="reported",
        attribution=None,
        char_start=start,
        char_end=end,
        quote="",
        quote_restored="",
        fatalities_best=fatalities_best,
    )


def _expected(
    text: str,
    evidence: str,
    type_: str,
    *,
    actor: str | None = None,
    target: str | None = None,
    symmetric: bool = False,
    day: date | None = None,
    fatalities_best: int | None = None,
) -> ExpectedEvent:
    start = text.index(evidence)
    return ExpectedEvent(
        type=type_,
        actor=actor,
        target=target,
        date_start=day,
        date_end=day,
        date_precision="day",
        fatalities_low=fatalities_best,
        fatalities_best=fatalities_best,
        fatalities_high=None,
        certainty="reported",
        evidence=evidence,
        start=start,
        end=start + len(evidence),
        symmetric=symmetric,
    )


TEXT = (
    "Published On 3 May 2025\n"
    "Russian drones hit Kharkiv on Saturday, killing two people. "
    "Kyiv accused Moscow of mocking peace efforts. "
    "Russia and Ukraine exchanged 205 prisoners each. "
    "Another exchange could take place later this month."
)
DAY = date(2025, 5, 3)


def _toy_case() -> EvalCase:
    return EvalCase(
        label="toy",
        path=Path("toy.expected.json"),
        raw_text=TEXT,
        original_text=None,
        spun=False,
        published_at=DAY,
        events=(
            _expected(
                TEXT,
                "Russian drones hit Kharkiv on Saturday, killing two people",
                "attack",
                actor="RUS",
                target="UKR",
                day=DAY,
                fatalities_best=2,
            ),
            _expected(
                TEXT,
                "Kyiv accused Moscow of mocking peace efforts",
                "accusation",
                actor="UKR",
                target="RUS",
                day=DAY,
            ),
            _expected(
                TEXT,
                "Russia and Ukraine exchanged 205 prisoners each",
                "prisoner_exchange",
                actor="RUS",
                target="UKR",
                symmetric=True,
                day=DAY,
            ),
        ),
        not_events=("Another exchange could take place later this month",),
    )


def _span(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


# --------------------------------------------------------------------------- scorer


class TestScore:
    def test_perfect_coder_scores_one(self) -> None:
        cases = load_cases(EVAL_DIR)
        report = score(cases, oracle_coder(cases))
        assert report.overall.fn == 0
        assert report.overall.fp == 0
        assert report.overall.f1 == 1.0
        assert all(s.f1 == 1.0 for s in report.per_type)
        for name in ("date_start", "fatalities_best", "target", "certainty"):
            assert report.attribute_accuracy(name) == 1.0
        assert report.not_event_violations == 0

    def test_empty_coder_has_zero_recall(self) -> None:
        cases = load_cases(EVAL_DIR)
        report = score(cases, lambda raw, published_at: [])
        assert report.overall.tp == 0
        assert report.overall.recall == 0.0
        assert report.overall.f1 == 0.0
        assert report.overall.fn == sum(len(c.events) for c in cases)

    def test_wrong_type_coder_has_zero_precision(self) -> None:
        cases = load_cases(EVAL_DIR)
        perfect = oracle_coder(cases)

        def wrong(raw: str, published_at: date | None) -> list[EventDraft]:
            return [
                replace(d, type="military_parade" if d.type != "military_parade" else "aid")
                for d in perfect(raw, published_at)
            ]

        report = score(cases, wrong)
        assert report.overall.tp == 0
        assert report.overall.precision == 0.0
        assert report.overall.fp == sum(len(c.events) for c in cases)

    def test_span_must_overlap(self) -> None:
        case = _toy_case()
        start, end = _span("Another exchange could take place later this month")
        pairs, missed, spurious = match_case(case, [_draft("attack", start, end)])
        assert pairs == []
        assert len(missed) == 3
        assert len(spurious) == 1

    def test_partial_overlap_is_enough(self) -> None:
        case = _toy_case()
        start, _ = _span("Kharkiv on Saturday")
        pairs, _, _ = match_case(case, [_draft("attack", start, start + 3, actor="RUS")])
        assert [p.expected.type for p in pairs] == ["attack"]

    def test_actor_country_must_agree_when_both_given(self) -> None:
        case = _toy_case()
        start, end = _span("Russian drones hit Kharkiv")
        assert not match_case(case, [_draft("attack", start, end, actor="UKR")])[0]
        assert match_case(case, [_draft("attack", start, end, actor="RUS")])[0]
        assert match_case(case, [_draft("attack", start, end, actor=None)])[0]

    def test_symmetric_event_accepts_either_party_as_actor(self) -> None:
        case = _toy_case()
        start, end = _span("Russia and Ukraine exchanged 205 prisoners")
        drafts = [_draft("prisoner_exchange", start, end, actor="UKR", target="RUS", day=DAY)]
        report = score([case], lambda raw, published_at: drafts)
        assert report.overall.tp == 1
        assert report.attributes["target"] == (1, 1)

    def test_one_to_one_greedy_by_overlap(self) -> None:
        case = _toy_case()
        start, end = _span("Russian drones hit Kharkiv on Saturday, killing two people")
        small = _draft("attack", start, start + 5, actor="RUS")
        large = _draft("attack", start, end, actor="RUS", target="UKR", day=DAY, fatalities_best=2)
        pairs, missed, spurious = match_case(case, [small, large])
        assert [p.predicted for p in pairs] == [large]
        assert spurious == [small]
        assert len(missed) == 2

    def test_attribute_accuracy_on_matched_pairs(self) -> None:
        case = _toy_case()
        start, end = _span("Russian drones hit Kharkiv")
        drafts = [_draft("attack", start, end, actor="RUS", target="UKR", day=date(2025, 5, 2))]
        report = score([case], lambda raw, published_at: drafts)
        assert report.attributes["date_start"] == (0, 1)
        assert report.attributes["fatalities_best"] == (0, 1)
        assert report.attributes["target"] == (1, 1)

    def test_per_type_and_micro_counts(self) -> None:
        case = _toy_case()
        a_start, a_end = _span("Russian drones hit Kharkiv")
        n_start, n_end = _span("Another exchange could take place")
        drafts = [
            _draft("attack", a_start, a_end, actor="RUS"),
            _draft("prisoner_exchange", n_start, n_end),
        ]
        report = score([case], lambda raw, published_at: drafts)
        by_type = {s.type: s for s in report.per_type}
        assert (by_type["attack"].tp, by_type["attack"].fp, by_type["attack"].fn) == (1, 0, 0)
        assert (
            by_type["prisoner_exchange"].tp,
            by_type["prisoner_exchange"].fp,
            by_type["prisoner_exchange"].fn,
        ) == (0, 1, 1)
        assert by_type["accusation"].fn == 1
        assert (report.overall.tp, report.overall.fp, report.overall.fn) == (1, 1, 2)
        assert report.overall.precision == 0.5
        assert report.overall.recall == pytest.approx(1 / 3)
        assert report.not_event_violations == 1

    def test_coder_receives_published_at(self) -> None:
        seen: list[date | None] = []

        def coder(raw: str, published_at: date | None) -> list[EventDraft]:
            seen.append(published_at)
            return []

        score([_toy_case()], coder)
        assert seen == [DAY]

    def test_format_report_has_the_table(self) -> None:
        cases = load_cases(EVAL_DIR)
        text = format_report(score(cases, oracle_coder(cases), normalizer=lambda raw: raw))
        assert "overall" in text
        assert "100.0%" in text
        assert "normalizer word accuracy" in text
        assert "clean articles left unchanged by the normalizer: " in text


class TestWordAccuracy:
    def test_identity_normalizer_equals_baseline(self) -> None:
        cases = load_cases(EVAL_DIR)
        report = score(cases, lambda raw, published_at: [], normalizer=lambda raw: raw)
        assert len(report.words) == sum(c.spun for c in cases)
        for w in report.words:
            assert w.normalized == w.baseline
            assert w.baseline < 0.97, f"{w.label} is hardly spun"
        assert report.clean_unchanged == len(report.clean) == sum(not c.spun for c in cases)

    def test_restoring_the_original_scores_one(self) -> None:
        cases = load_cases(EVAL_DIR)
        originals = {c.raw_text: c.original_text or c.raw_text for c in cases}
        report = score(cases, lambda raw, published_at: [], normalizer=originals.__getitem__)
        assert report.word_accuracy == 1.0
        assert all(w.normalized == 1.0 for w in report.words)
        assert report.clean_unchanged == len(report.clean)

    def test_no_normalizer_reports_baseline_only(self) -> None:
        report = score(load_cases(EVAL_DIR), lambda raw, published_at: [])
        assert report.word_accuracy is None
        assert report.baseline_word_accuracy is not None
        assert report.clean == ()

    def test_damaging_clean_text_is_reported(self) -> None:
        cases = [c for c in load_cases(EVAL_DIR) if not c.spun][:1]
        report = score(cases, lambda raw, published_at: [], normalizer=lambda raw: raw[1000:])
        assert report.clean_unchanged == 0
        assert "changed: " in format_report(report)

    def test_words_tokeniser(self) -> None:
        assert words("Moscow\u2019s war, Kim's 2 [File: KCNA]The") == [
            "moscow's",
            "war",
            "kim's",
            "2",
            "file",
            "kcna",
            "the",
        ]


# --------------------------------------------------------------------------- data integrity


def _load(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_the_set_is_big_and_varied_enough() -> None:
    cases = load_cases(EVAL_DIR)
    assert len(cases) >= 14
    spun = [c for c in cases if c.spun]
    clean = [c for c in cases if not c.spun]
    assert len(spun) >= 5
    assert len(clean) >= 5
    assert sum(bool(c.debris) for c in spun) >= 3
    clean_text = " ".join(c.raw_text for c in clean)
    for word in ORDINARY_SENSE_WORDS:
        assert re.search(rf"\b{word}\b", clean_text), word
    countries = {e.actor for c in cases for e in c.events} | {
        e.target for c in cases for e in c.events
    }
    assert len(countries - {None}) >= 15


@pytest.mark.parametrize("path", EXPECTED_FILES, ids=lambda p: p.name.split(".")[0])
def test_expected_file_fits_its_article(path: Path) -> None:
    data = _load(path)
    name = path.name.removesuffix(".expected.json")
    assert data["label"] == name
    assert data["file"] == f"{name}.txt"
    raw = (EVAL_DIR / data["file"]).read_text(encoding="utf-8")
    assert 250 <= len(raw.split()) <= 600

    published = date.fromisoformat(data["published_at"])
    line = PUBLISHED_LINE.search(raw)
    if line:
        assert datetime.strptime(line.group(1), "%d %b %Y").date() == published

    assert isinstance(data["spun"], bool)
    if data["spun"]:
        assert data["original"] == f"{name}.original.txt"
        original = (EVAL_DIR / data["original"]).read_text(encoding="utf-8")
        assert original != raw
    else:
        assert data["original"] is None
        assert not (EVAL_DIR / f"{name}.original.txt").exists()

    assert 2 <= len(data["events"]) <= 8
    for event in data["events"]:
        evidence = event["evidence"]
        assert raw.count(evidence) == 1, f"evidence not exactly once in {name}: {evidence!r}"
        assert event["type"] in EVENT_TYPES
        for role in ("actor", "target"):
            country = event[role]
            assert country is None or pycountry.countries.get(alpha_3=country), country
        start = date.fromisoformat(event["date_start"]) if event["date_start"] else None
        end = date.fromisoformat(event["date_end"]) if event["date_end"] else None
        assert event["date_precision"] in DATE_PRECISIONS
        assert (start is None) == (event["date_precision"] == "unknown")
        if start and end:
            assert start <= end
        if start:
            assert start <= published
        low, best, high = (event[f"fatalities_{k}"] for k in ("low", "best", "high"))
        for value in (low, best, high):
            assert value is None or (isinstance(value, int) and value > 0)
        if low is not None and best is not None:
            assert low <= best
        if best is not None and high is not None:
            assert best <= high
        assert event["certainty"] in CERTAINTIES
        assert isinstance(event.get("symmetric", False), bool)

    for phrase in data["not_events"]:
        assert phrase in raw, f"not_event missing from {name}: {phrase!r}"
        assert all(phrase not in e["evidence"] for e in data["events"])
    for chunk in data.get("debris", []):
        assert chunk in raw


def test_every_article_has_an_expected_file() -> None:
    articles = {
        p.name.removesuffix(".txt")
        for p in EVAL_DIR.glob("*.txt")
        if not p.name.endswith(".original.txt")
    }
    assert articles == {p.name.removesuffix(".expected.json") for p in EXPECTED_FILES}
