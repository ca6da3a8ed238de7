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

from collections.abc import Iterable, Sequence
from datetime import date

from app.pipeline.eval_cases import load_cases
from app.pipeline.eval_match import _attribute_correct, _not_event_hits, match_case
from app.pipeline.eval_report import format_report
from app.pipeline.eval_types import (
    ATTRIBUTES,
    CERTAINTIES,
    DATE_PRECISIONS,
    DEFAULT_EVAL_DIR,
    EVENT_TYPES,
    CaseResult,
    Coder,
    DateReader,
    EvalCase,
    EvalDataError,
    EvalReport,
    ExpectedEvent,
    MatchedPair,
    Normalizer,
    TypeScore,
    WordAccuracy,
)
from app.pipeline.eval_words import _strip_debris, matched_words, word_accuracy, words
from app.pipeline.types import EventDraft

# The names tests, the CLI and eval_sets import from here, wherever they are defined.
__all__ = [
    "ATTRIBUTES",
    "CERTAINTIES",
    "DATE_PRECISIONS",
    "DEFAULT_EVAL_DIR",
    "EVENT_TYPES",
    "CaseResult",
    "Coder",
    "DateReader",
    "EvalCase",
    "EvalDataError",
    "EvalReport",
    "ExpectedEvent",
    "MatchedPair",
    "Normalizer",
    "TypeScore",
    "WordAccuracy",
    "format_report",
    "load_cases",
    "match_case",
    "matched_words",
    "oracle_coder",
    "score",
    "word_accuracy",
    "words",
]


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
