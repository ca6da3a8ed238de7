"""Merge the mentions of one event within an article (Phoenix-style deduplication, but only
within an article and only on agreement, never on mere similarity).

Two candidates merge when type and actor are equal, targets and locations do not conflict and
dates overlap (or one is unknown). Violent events need more, since an article often tells of
several strikes by one side: the counts must not conflict, and either one mention refers back
("the attack", "the strike"), or both name the same place, or both fall on the same day. The
merged event keeps the strongest mention's evidence and wording, takes the others' missing parts
(the most precise date, a location, a count), and a ``reported`` event becomes ``confirmed``
when another mention has the acting party confirm it (an allegation stays one). Supporting
mentions that merge into nothing are dropped.
"""

from __future__ import annotations

from app.pipeline.extract.rules import VIOLENT_TYPES, Candidate

_PRECISION = {"day": 0, "week": 1, "range": 2, "month": 3, "year": 4, "unknown": 9}


def _dates_agree(a: Candidate, b: Candidate) -> bool:
    if a.date.start is None or b.date.start is None or a.date.end is None or b.date.end is None:
        return True
    return a.date.start <= b.date.end and b.date.start <= a.date.end


_STRIKES = frozenset({"attack", "airstrike"})
#: How far apart (in characters, sentence start to sentence start) a retelling may be.
RETELLING_CHARS = 400
_SPEECH = frozenset({"threat", "accusation", "demand", "statement"})


def _same_kind(a: Candidate, b: Candidate) -> bool:
    return a.type == b.type or (a.type in _STRIKES and b.type in _STRIKES)


def _same_actor(a: Candidate, b: Candidate) -> bool:
    if a.actor is None or b.actor is None:
        # "Gunmen attacked the village ... The attackers set fire to homes": an unnamed side
        # retelling the violence told just before.
        retold = (a.actor is None) != (b.actor is None) or "anaphoric" in a.notes + b.notes
        return (
            a.type in VIOLENT_TYPES
            and b.type in VIOLENT_TYPES
            and retold
            and abs(a.sentence[0] - b.sentence[0]) <= RETELLING_CHARS
        )
    if a.actor.id == b.actor.id:
        return True
    # "Russia" and "Russian armed forces" strike the same target in one article.
    if a.actor.country is None or a.actor.country != b.actor.country:
        return False
    violent = a.type in VIOLENT_TYPES and b.type in VIOLENT_TYPES
    # A state and its own forces are one side: "Iran's Revolutionary Guards" and "Tehran".
    # In words, a leader speaks for the state: "Abe called the launch unacceptable and said
    # Japan had lodged a protest" is one accusation.
    sides = {a.actor.kind, b.actor.kind} <= {"state", "armed_force", "person"} and a.type in _SPEECH
    return violent or sides


def _violent_agree(a: Candidate, b: Candidate) -> bool:
    fa, fb = a.fatalities, b.fatalities
    best_a = fa.best if fa and fa.exact else None
    best_b = fb.best if fb and fb.exact else None
    if best_a is not None and best_b is not None and best_a != best_b:
        return False
    if "anaphoric" in a.notes or "anaphoric" in b.notes:
        return True
    if a.location and b.location and a.location.id == b.location.id:
        return True
    if a.date.precision == "day" and a.date == b.date:
        return True
    # The next sentence or two retelling a strike ("..., the military said it had struck ...").
    close = abs(a.sentence[0] - b.sentence[0]) <= RETELLING_CHARS
    undated = a.date.start is None or b.date.start is None
    return close and undated and a.type in _STRIKES and b.type in _STRIKES


def _agree(a: Candidate, b: Candidate) -> bool:
    if ("caption" in a.notes) != ("caption" in b.notes):
        return False  # a caption reports what its picture shows, not the body's event
    if not _same_kind(a, b) or not _same_actor(a, b):
        return False
    # "Lebanon" and "Hezbollah" are one side; "Ukraine" and "Poland" are not.
    if (
        a.target
        and b.target
        and a.target.id != b.target.id
        and (a.target.country is None or a.target.country != b.target.country)
    ):
        return False
    if a.location and b.location and a.location.country != b.location.country:
        return False
    if a.type in VIOLENT_TYPES and not _violent_agree(a, b):
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
    if other.certainty == "confirmed" and keep.certainty == "reported":
        keep.certainty, keep.attribution = other.certainty, other.attribution
    elif keep.attribution is None and other.certainty == keep.certainty:
        keep.attribution = other.attribution


def _weak(cand: Candidate) -> bool:
    """Kept only when merged into another mention: a supporting rule, or a nominal trigger
    referring back ("the incursion", "this attack")."""
    return cand.rule.supporting or "refers" in cand.notes


def merge(candidates: list[Candidate]) -> list[Candidate]:
    """Merged events in order of their first mention."""
    ranked = sorted(candidates, key=lambda c: (_weak(c), -c.confidence, c.trigger[0]))
    events: list[Candidate] = []
    for cand in ranked:
        for event in events:
            if _agree(event, cand):
                _absorb(event, cand)
                break
        else:
            if not _weak(cand):
                events.append(cand)
    return sorted(events, key=lambda c: c.trigger[0])
