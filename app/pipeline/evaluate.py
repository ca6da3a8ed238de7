"""Score an event coder and a text normalizer against the held-out evaluation set.

Pure functions: no database, no HTTP, no knowledge of how the pipeline codes events. The set
lives in ``data/eval/`` at the repository root (see its README): per article ``NAME.txt`` (the
raw text, possibly spun), ``NAME.expected.json`` (the events an ACLED/UCDP-style coder would
code from it) and, for spun articles, ``NAME.original.txt`` (the clean text before spinning).

**Matching rule.** Within one article, a predicted event can match an expected one when

1. the types are equal,
2. the predicted raw span ``[char_start, char_end)`` overlaps the expected evidence span (the
   first occurrence of ``evidence`` in the raw text) by at least one character, and
3. the actor countries agree whenever both are given (a missing predicted actor, an actor
   without a country, or an expected ``actor: null`` never blocks a match). For an expected
   event marked ``symmetric`` (a clash, an exchange, a meeting: neither side is the doer), the
   predicted actor may be either of the two parties.

Candidate pairs are then matched one-to-one, greedily, largest overlap first (ties broken by
document order). A matched pair is a true positive; an unmatched prediction is a false positive
of its predicted type; an unmatched expected event is a false negative of its expected type.
Precision, recall and F1 are reported per type and overall (micro-averaged over all events of
all articles). On matched pairs the report also gives attribute accuracy: ``date_start``,
``fatalities_best`` and the target country are each right when exactly equal (``None`` equals
``None``; for a symmetric event the target must be the party that is not the predicted actor),
and ``certainty`` likewise.

A prediction overlapping a ``not_events`` span (a hypothetical, a denial, a forecast) that did not
match any expected event is counted as a *not-event violation*; those are already false
positives, the count only says why.

**Word accuracy** (spun articles only). The raw text and the normalizer's output are each
tokenised into lower-cased words (``\\w+`` runs, apostrophes inside words kept), after the page
debris listed in the expected file is cut out wherever it still appears verbatim. Each word list
is aligned to the words of ``NAME.original.txt`` with :class:`difflib.SequenceMatcher`
(``autojunk=False``); accuracy = matched words / words in the original. The figure for the raw
spun text is the baseline a do-nothing normalizer gets. Clean articles are scored the same way
against their own raw text (a normalizer must leave them alone: 100% is the only right answer),
and the report counts how many kept every word (the listed debris cut from both).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

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


# --------------------------------------------------------------------------- loading


def load_cases(directory: Path = DEFAULT_EVAL_DIR) -> list[EvalCase]:
    """Read every ``*.expected.json`` of ``directory`` with its article, sorted by file name."""
    cases = [_load_case(path) for path in sorted(directory.glob("*.expected.json"))]
    if not cases:
        raise EvalDataError(f"no *.expected.json files in {directory}")
    return cases


def _load_case(path: Path) -> EvalCase:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise EvalDataError(f"{path.name}: {exc}") from exc
    if not isinstance(data, dict):
        raise EvalDataError(f"{path.name}: expected a JSON object")
    raw = (path.parent / _str(data, "file", path)).read_text(encoding="utf-8")
    original_name = data.get("original")
    original = (
        (path.parent / str(original_name)).read_text(encoding="utf-8") if original_name else None
    )
    events = tuple(_load_event(item, raw, path) for item in _list(data, "events", path))
    return EvalCase(
        label=_str(data, "label", path),
        path=path,
        raw_text=raw,
        original_text=original,
        spun=bool(data.get("spun", False)),
        published_at=_date(data.get("published_at"), path),
        events=events,
        not_events=tuple(str(s) for s in _list(data, "not_events", path)),
        debris=tuple(str(s) for s in _list(data, "debris", path)),
    )


def _load_event(item: Any, raw: str, path: Path) -> ExpectedEvent:
    if not isinstance(item, dict):
        raise EvalDataError(f"{path.name}: an event is not an object")
    evidence = _str(item, "evidence", path)
    start = raw.find(evidence)
    if start < 0:
        raise EvalDataError(f"{path.name}: evidence not in the article: {evidence!r}")
    return ExpectedEvent(
        type=_str(item, "type", path),
        actor=item.get("actor"),
        target=item.get("target"),
        date_start=_date(item.get("date_start"), path),
        date_end=_date(item.get("date_end"), path),
        date_precision=str(item.get("date_precision") or "unknown"),
        fatalities_low=item.get("fatalities_low"),
        fatalities_best=item.get("fatalities_best"),
        fatalities_high=item.get("fatalities_high"),
        certainty=str(item.get("certainty") or "reported"),
        evidence=evidence,
        start=start,
        end=start + len(evidence),
        symmetric=bool(item.get("symmetric", False)),
        required=bool(item.get("required", True)),
    )


def _str(data: dict[str, Any], key: str, path: Path) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise EvalDataError(f"{path.name}: {key!r} must be a non-empty string")
    return value


def _list(data: dict[str, Any], key: str, path: Path) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise EvalDataError(f"{path.name}: {key!r} must be a list")
    return value


def _date(value: Any, path: Path) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise EvalDataError(f"{path.name}: bad date {value!r}") from exc


# --------------------------------------------------------------------------- matching


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def _country(draft: EventDraft, role: str) -> str | None:
    actor = draft.actor if role == "actor" else draft.target
    return actor.country if actor is not None else None


def _actor_countries(exp: ExpectedEvent) -> tuple[str | None, ...]:
    return (exp.actor, exp.target) if exp.symmetric else (exp.actor,)


def _expected_target(exp: ExpectedEvent, pred_actor: str | None) -> tuple[str | None, ...]:
    """The target countries that count as right, given the predicted actor's country."""
    if not exp.symmetric:
        return (exp.target,)
    if pred_actor == exp.actor:
        return (exp.target,)
    if pred_actor == exp.target:
        return (exp.actor,)
    return (exp.actor, exp.target)


def match_case(
    case: EvalCase, predicted: Sequence[EventDraft]
) -> tuple[list[MatchedPair], list[ExpectedEvent], list[EventDraft]]:
    """Pair predictions with expected events by the module's matching rule."""
    candidates: list[tuple[int, int, int]] = []
    for i, pred in enumerate(predicted):
        pred_country = _country(pred, "actor")
        for j, exp in enumerate(case.events):
            if pred.type != exp.type:
                continue
            size = _overlap(pred.char_start, pred.char_end, exp.start, exp.end)
            if size <= 0:
                continue
            if pred_country and exp.actor and pred_country not in _actor_countries(exp):
                continue
            candidates.append((size, i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_pred: set[int] = set()
    used_exp: set[int] = set()
    pairs: list[MatchedPair] = []
    for size, i, j in candidates:
        if i in used_pred or j in used_exp:
            continue
        used_pred.add(i)
        used_exp.add(j)
        pairs.append(MatchedPair(case.events[j], predicted[i], size))
    pairs.sort(key=lambda p: p.expected.start)
    # An optional event (``required: false``) is scored neither way: its match is no hit and no
    # false positive, its miss no false negative.
    pairs = [p for p in pairs if p.expected.required]
    missed = [e for j, e in enumerate(case.events) if j not in used_exp and e.required]
    spurious = [p for i, p in enumerate(predicted) if i not in used_pred]
    return pairs, missed, spurious


def _not_event_hits(case: EvalCase, spurious: Iterable[EventDraft]) -> list[str]:
    hits: list[str] = []
    for phrase in case.not_events:
        start = case.raw_text.find(phrase)
        if start < 0:
            continue
        end = start + len(phrase)
        if any(_overlap(p.char_start, p.char_end, start, end) for p in spurious):
            hits.append(phrase)
    return hits


def _attribute_correct(name: str, pair: MatchedPair) -> bool:
    exp, pred = pair.expected, pair.predicted
    if name == "date_start":
        return pred.date_start == exp.date_start
    if name == "fatalities_best":
        return pred.fatalities_best == exp.fatalities_best
    if name == "target":
        return _country(pred, "target") in _expected_target(exp, _country(pred, "actor"))
    if name == "certainty":
        return pred.certainty == exp.certainty
    raise KeyError(name)


# --------------------------------------------------------------------------- words


def words(text: str) -> list[str]:
    """Lower-cased word tokens, as word accuracy counts them."""
    return [w.lower().replace("\u2019", "'") for w in _WORD.findall(text)]


def _strip_debris(text: str, debris: Iterable[str]) -> str:
    """Cut each debris piece wherever it appears, whitespace runs matched loosely (a normalizer
    may have collapsed the blank lines inside a piece it left in place)."""
    for chunk in debris:
        words = chunk.split()
        if words:
            loose = r"\s+".join(re.escape(w) for w in words)
            text = re.sub(loose, "\n", text)
    return text


def matched_words(original: Sequence[str], candidate: Sequence[str]) -> int:
    """How many words of ``original`` :class:`difflib.SequenceMatcher` aligns in ``candidate``."""
    matcher = difflib.SequenceMatcher(None, list(original), list(candidate), autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks())


def word_accuracy(case: EvalCase, normalizer: Normalizer | None) -> WordAccuracy:
    """Word accuracy of ``normalizer`` (and of the raw text) on one spun case."""
    if case.original_text is None:
        raise EvalDataError(f"{case.label}: no original text to compare with")
    original = words(case.original_text)
    baseline = matched_words(original, words(_strip_debris(case.raw_text, case.debris)))
    normalized: int | None = None
    if normalizer is not None:
        restored = _strip_debris(normalizer(case.raw_text), case.debris)
        normalized = matched_words(original, words(restored))
    return WordAccuracy(case.label, len(original), baseline, normalized)


# --------------------------------------------------------------------------- scoring


def score(
    cases: Sequence[EvalCase],
    coder: Coder,
    normalizer: Normalizer | None = None,
    *,
    give_published_at: bool = True,
    date_reader: DateReader | None = None,
) -> EvalReport:
    """Run ``coder`` on every case (and ``normalizer`` on the spun ones) and score the output.

    With ``give_published_at=False`` the coder gets ``None`` and must read the publication date
    from the article's date line, as it must for a user who posts text alone; ``date_reader``
    (``raw -> date``) is then scored on every case's ``published_at``.
    """
    published = [0, 0]
    counts: dict[str, list[int]] = {}
    attributes = {name: [0, 0] for name in ATTRIBUTES}
    results: list[CaseResult] = []
    word_scores: list[WordAccuracy] = []
    clean_scores: list[WordAccuracy] = []
    clean_unchanged = 0

    def bump(event_type: str, slot: int) -> None:
        counts.setdefault(event_type, [0, 0, 0])[slot] += 1

    for case in cases:
        handed = case.published_at if give_published_at else None
        predicted = list(coder(case.raw_text, handed))
        if date_reader is not None and case.published_at is not None:
            published[1] += 1
            published[0] += date_reader(case.raw_text) == case.published_at
        pairs, missed, spurious = match_case(case, predicted)
        for pair in pairs:
            bump(pair.expected.type, 0)
            for name in ATTRIBUTES:
                attributes[name][1] += 1
                attributes[name][0] += _attribute_correct(name, pair)
        for pred in spurious:
            bump(pred.type, 1)
        for exp in missed:
            bump(exp.type, 2)
        results.append(
            CaseResult(
                label=case.label,
                matched=tuple(pairs),
                missed=tuple(missed),
                spurious=tuple(spurious),
                not_event_hits=tuple(_not_event_hits(case, spurious)),
            )
        )
        if case.spun and case.original_text is not None:
            word_scores.append(word_accuracy(case, normalizer))
        elif not case.spun and normalizer is not None:
            # The listed page debris is the normalizer's to drop; every other word must stay.
            restored = words(_strip_debris(normalizer(case.raw_text), case.debris))
            raw_words = words(_strip_debris(case.raw_text, case.debris))
            kept = matched_words(raw_words, restored)
            clean_unchanged += kept == len(raw_words)
            clean_scores.append(WordAccuracy(case.label, len(raw_words), len(raw_words), kept))

    per_type = tuple(TypeScore(t, *counts[t]) for t in sorted(counts))
    overall = TypeScore(
        "overall",
        sum(s.tp for s in per_type),
        sum(s.fp for s in per_type),
        sum(s.fn for s in per_type),
    )
    return EvalReport(
        cases=tuple(results),
        per_type=per_type,
        overall=overall,
        attributes={name: (c, t) for name, (c, t) in attributes.items()},
        words=tuple(word_scores),
        clean=tuple(clean_scores),
        clean_unchanged=clean_unchanged,
        published=(published[0], published[1]),
    )


def oracle_coder(cases: Iterable[EvalCase]) -> Coder:
    """A coder that answers each case's expected events: the scorer's own upper bound."""
    from app.pipeline.types import ActorDraft

    by_text = {case.raw_text: case for case in cases}

    def actor(country: str | None) -> ActorDraft | None:
        if country is None:
            return None
        return ActorDraft(id=country.lower(), name=country, kind="state", country=country)

    def code(raw: str, published_at: date | None) -> list[EventDraft]:
        case = by_text.get(raw)
        if case is None:
            return []
        return [
            EventDraft(
                type=e.type,
                summary=e.evidence,
                date_start=e.date_start,
                date_end=e.date_end,
                date_precision=e.date_precision,
                actor=actor(e.actor),
                target=actor(e.target),
                location=None,
                certainty=e.certainty,
                attribution=None,
                char_start=e.start,
                char_end=e.end,
                quote=e.evidence,
                quote_restored=e.evidence,
                fatalities_low=e.fatalities_low,
                fatalities_best=e.fatalities_best,
                fatalities_high=e.fatalities_high,
            )
            for e in case.events
        ]

    return code


# --------------------------------------------------------------------------- rendering


def _pct(value: float | None) -> str:
    return "   n/a" if value is None else f"{100 * value:5.1f}%"


def format_report(report: EvalReport, *, details: bool = False) -> str:
    """A plain-text table of the report; ``details`` adds each article's misses."""
    lines = [
        f"{'type':<20} {'tp':>4} {'fp':>4} {'fn':>4} {'prec':>7} {'recall':>7} {'f1':>7}",
        "-" * 59,
    ]
    for s in (*report.per_type, report.overall):
        if s is report.overall:
            lines.append("-" * 59)
        lines.append(
            f"{s.type:<20} {s.tp:>4} {s.fp:>4} {s.fn:>4} "
            f"{_pct(s.precision):>7} {_pct(s.recall):>7} {_pct(s.f1):>7}"
        )
    lines.append("")
    lines.append(f"attribute accuracy on {report.overall.tp} matched events:")
    for name in ATTRIBUTES:
        correct, total = report.attributes.get(name, (0, 0))
        lines.append(
            f"  {name:<18} {correct:>4}/{total:<4} {_pct(report.attribute_accuracy(name))}"
        )
    lines.append(f"not-event violations: {report.not_event_violations}")
    if report.words:
        lines.append("")
        lines.append(f"{'normalizer word accuracy':<32} {'words':>6} {'raw':>7} {'normalized':>11}")
        for w in report.words:
            lines.append(
                f"  {w.label:<30} {w.original_words:>6} {_pct(w.baseline):>7} "
                f"{_pct(w.normalized):>11}"
            )
        lines.append(
            f"  {'all spun articles':<30} {sum(w.original_words for w in report.words):>6} "
            f"{_pct(report.baseline_word_accuracy):>7} {_pct(report.word_accuracy):>11}"
        )
    if report.clean:
        kept = sum(w.normalized_matched or 0 for w in report.clean)
        total = sum(w.original_words for w in report.clean)
        lines.append(
            f"clean articles left unchanged by the normalizer: "
            f"{report.clean_unchanged}/{len(report.clean)} "
            f"(words kept {_pct(kept / total if total else None).strip()})"
        )
        lines.extend(
            f"  changed: {w.label} ({_pct(w.normalized).strip()} of words kept)"
            for w in report.clean
            if w.normalized_matched != w.original_words
        )
    if details:
        for case in report.cases:
            if not (case.missed or case.spurious):
                continue
            lines.append("")
            lines.append(f"[{case.label}]")
            lines.extend(f"  missed   {e.type:<18} {e.evidence[:70]!r}" for e in case.missed)
            lines.extend(f"  spurious {p.type:<18} {p.quote[:70]!r}" for p in case.spurious)
            lines.extend(f"  not-event coded: {phrase[:70]!r}" for phrase in case.not_event_hits)
    return "\n".join(lines)
