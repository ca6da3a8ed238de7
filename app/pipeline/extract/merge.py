"""Merge the mentions of one event within an article (Phoenix-style deduplication, but only
within an article and only on agreement, never on mere similarity).

Two candidates merge when type and actor are equal, targets and locations do not conflict,
dates overlap (or one is unknown), and, for casualty reports, the counts agree. The merged event
keeps the strongest mention's evidence, certainty and wording, and takes the others' missing
parts (the most precise date, a location, a count). Supporting mentions that merge into nothing
are dropped.
"""

from __future__ import annotations

from app.pipeline.extract.rules import Candidate

_PRECISION = {"day": 0, "week": 1, "range": 2, "month": 3, "year": 4, "unknown": 9}


def _dates_agree(a: Candidate, b: Candidate) -> bool:
    if a.date.start is None or b.date.start is None or a.date.end is None or b.date.end is None:
        return True
    return a.date.start <= b.date.end and b.date.start <= a.date.end


def _agree(a: Candidate, b: Candidate) -> bool:
    if a.type != b.type or a.actor is None or b.actor is None or a.actor.id != b.actor.id:
        return False
    if a.target and b.target and a.target.id != b.target.id:
        return False
    if a.location and b.location and a.location.country != b.location.country:
        return False
    if a.type in ("casualties", "attack", "airstrike", "armed_clash"):
        fa, fb = a.fatalities, b.fatalities
        best_a = fa.best if fa and fa.exact else None
        best_b = fb.best if fb and fb.exact else None
        if best_a != best_b:
            return False
        if best_a is None and a.date != b.date:
            return False
    return _dates_agree(a, b)


def _absorb(keep: Candidate, other: Candidate) -> None:
    keep.members.extend([other.uid, *other.members])
    if keep.target is None:
        keep.target = other.target
    if keep.location is None or (
        other.location is not None
        and other.location.precision in ("point", "city", "admin1")
        and keep.location.precision == "country"
    ):
        keep.location = other.location or keep.location
    if _PRECISION[other.date.precision] < _PRECISION[keep.date.precision]:
        keep.date = other.date
    if keep.fatalities is None or not keep.fatalities.exact:
        keep.fatalities = other.fatalities or keep.fatalities
    keep.quantity = keep.quantity or other.quantity
    if keep.attribution is None and other.certainty == keep.certainty:
        keep.attribution = other.attribution


def merge(candidates: list[Candidate]) -> list[Candidate]:
    """Merged events in order of their first mention."""
    ranked = sorted(candidates, key=lambda c: (c.rule.supporting, -c.confidence, c.trigger[0]))
    events: list[Candidate] = []
    for cand in ranked:
        for event in events:
            if _agree(event, cand):
                _absorb(event, cand)
                break
        else:
            if not cand.rule.supporting:
                events.append(cand)
    return sorted(events, key=lambda c: c.trigger[0])
