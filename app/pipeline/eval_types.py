"""The evaluation's vocabulary: expected events and cases, scores, reports, and its constants."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from app.pipeline.types import EventDraft

Coder = Callable[[str, date | None], list[EventDraft]]
"""``(raw_text, published_at) -> events``: the extraction pipeline under test."""

Normalizer = Callable[[str], str]
"""``raw_text -> normalized_text``: the despinning normalizer under test."""

DateReader = Callable[[str], date | None]
"""``raw_text -> publication date``: the date-line reader under test."""

DEFAULT_EVAL_DIR = Path(__file__).resolve().parents[2] / "data" / "eval"
"""``data/eval`` of a source checkout (not shipped in the wheel)."""

EVENT_TYPES: tuple[str, ...] = (
    "greeting",
    "statement",
    "meeting",
    "negotiation",
    "agreement",
    "cooperation",
    "aid",
    "arms_transfer",
    "troop_deployment",
    "military_exercise",
    "military_parade",
    "weapons_test",
    "weapons_production",
    "accusation",
    "demand",
    "threat",
    "sanction",
    "protest",
    "attack",
    "airstrike",
    "armed_clash",
    "incursion",
    "casualties",
    "prisoner_exchange",
    "withdrawal",
)
"""The taxonomy slugs of docs API.md that expected files may use."""

DATE_PRECISIONS = ("day", "week", "month", "year", "range", "unknown")
CERTAINTIES = ("confirmed", "reported", "alleged")
ATTRIBUTES = ("date_start", "fatalities_best", "target", "certainty")

_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")


class EvalDataError(ValueError):
    """An expected file that does not fit its article (bad JSON, a missing span, ...)."""


@dataclass(frozen=True)
class ExpectedEvent:
    """One event the article states, as a careful human coder would code it."""

    type: str
    actor: str | None
    target: str | None
    date_start: date | None
    date_end: date | None
    date_precision: str
    fatalities_low: int | None
    fatalities_best: int | None
    fatalities_high: int | None
    certainty: str
    evidence: str
    start: int
    end: int
    symmetric: bool = False
    required: bool = True
    """``False`` for a borderline event a careful coder may or may not code: matching it is
    neither a hit nor a false positive, and missing it costs nothing."""


@dataclass(frozen=True)
class EvalCase:
    """One article of the evaluation set with its expected events."""

    label: str
    path: Path
    raw_text: str
    original_text: str | None
    spun: bool
    published_at: date | None
    events: tuple[ExpectedEvent, ...]
    not_events: tuple[str, ...] = ()
    debris: tuple[str, ...] = ()


@dataclass(frozen=True)
class TypeScore:
    """Counts for one event type (or ``"overall"``) and the figures derived from them."""

    type: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class MatchedPair:
    expected: ExpectedEvent
    predicted: EventDraft
    overlap: int


@dataclass(frozen=True)
class CaseResult:
    """What happened on one article: matches, misses and spurious predictions."""

    label: str
    matched: tuple[MatchedPair, ...]
    missed: tuple[ExpectedEvent, ...]
    spurious: tuple[EventDraft, ...]
    not_event_hits: tuple[str, ...]


@dataclass(frozen=True)
class WordAccuracy:
    """Normalizer word accuracy on one spun article, with the raw-text baseline."""

    label: str
    original_words: int
    baseline_matched: int
    normalized_matched: int | None

    @property
    def baseline(self) -> float:
        return self.baseline_matched / self.original_words if self.original_words else 0.0

    @property
    def normalized(self) -> float | None:
        if self.normalized_matched is None:
            return None
        return self.normalized_matched / self.original_words if self.original_words else 0.0


@dataclass(frozen=True)
class EvalReport:
    """Everything :func:`score` measured; :func:`format_report` renders it."""

    cases: tuple[CaseResult, ...]
    per_type: tuple[TypeScore, ...]
    overall: TypeScore
    attributes: dict[str, tuple[int, int]] = field(default_factory=dict)
    """attribute -> (correct, matched pairs)."""
    words: tuple[WordAccuracy, ...] = ()
    clean: tuple[WordAccuracy, ...] = ()
    """The normalizer on clean articles, compared with their own raw words."""
    clean_unchanged: int = 0
    """Clean articles whose every word the normalizer kept, in order, once the page debris
    listed in the case is cut from both (dropping debris is its job; debris it leaves in place
    is not counted here)."""
    published: tuple[int, int] = (0, 0)
    """Publication dates read right from the text / articles asked (with a ``date_reader``)."""

    @property
    def not_event_violations(self) -> int:
        return sum(len(case.not_event_hits) for case in self.cases)

    def attribute_accuracy(self, name: str) -> float | None:
        correct, total = self.attributes.get(name, (0, 0))
        return correct / total if total else None

    @property
    def word_accuracy(self) -> float | None:
        """Micro-averaged normalizer word accuracy over all spun articles (None without one)."""
        scored = [w for w in self.words if w.normalized_matched is not None]
        total = sum(w.original_words for w in scored)
        if not scored or not total:
            return None
        return sum(w.normalized_matched or 0 for w in scored) / total

    @property
    def baseline_word_accuracy(self) -> float | None:
        total = sum(w.original_words for w in self.words)
        if not total:
            return None
        return sum(w.baseline_matched for w in self.words) / total
