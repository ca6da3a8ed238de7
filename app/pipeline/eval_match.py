"""Expected events matched with coded drafts, and the attributes compared per matched pair."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from app.pipeline.eval_types import EvalCase, ExpectedEvent, MatchedPair
from app.pipeline.types import EventDraft


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
