"""Reactions that point back at an event: "Guyana's foreign ministry condemned the incursion".

An accusation or demand whose object is a definite event noun ("the incursion", "the
sanctions", "this attack") and that names no target of its own is aimed at whoever did that
event: the target is the actor of the latest earlier event of a matching type (the reaction's
date stays its own: it may come days later).
"""

from __future__ import annotations

import re

from app.pipeline.extract.rules import Candidate

_OBJECT_RE = re.compile(
    r"\s+(?:[\w,]+\s+){0,2}?(?:the|this|that|these|those)\s+(?:[\w'\u2019-]+\s+){0,2}?"
    r"(?P<noun>incursions?|invasion|attacks?|strikes?|air ?strikes?|shelling|bombing|raids?"
    r"|bombardment|sanctions|test|tests|launch|launches|drills|exercises|deployment|killings?"
    r"|crackdown|violations?|intrusions?|seizure|detention|arrests?)\b",
    re.IGNORECASE,
)
_TYPES = {
    "incursion": ("incursion",),
    "invasion": ("incursion", "attack"),
    "intrusion": ("incursion",),
    "violation": ("incursion",),
    "attack": ("attack", "airstrike"),
    "strike": ("attack", "airstrike"),
    "airstrike": ("airstrike", "attack"),
    "air strike": ("airstrike", "attack"),
    "shelling": ("attack",),
    "bombing": ("attack", "airstrike"),
    "bombardment": ("attack", "airstrike"),
    "raid": ("attack", "airstrike"),
    "sanctions": ("sanction",),
    "test": ("weapons_test",),
    "launch": ("weapons_test",),
    "drills": ("military_exercise",),
    "exercises": ("military_exercise",),
    "deployment": ("troop_deployment",),
    "killing": ("attack", "casualties"),
}
_REACTIONS = frozenset({"accusation", "demand"})


def _noun(word: str) -> str:
    word = " ".join(word.lower().split())
    if word in _TYPES:
        return word
    if word.endswith("es") and word[:-2] in _TYPES:
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


def resolve_references(text: str, events: list[Candidate]) -> None:
    """Aim undirected reactions at the event their object refers to."""
    for i, event in enumerate(events):
        if event.type not in _REACTIONS or event.target is not None or event.actor is None:
            continue
        found = _OBJECT_RE.match(text, event.trigger[1], event.clause[1])
        if found is None:
            continue
        types = _TYPES.get(_noun(found.group("noun")), ())
        earlier = [e for e in events[:i] if e.type in types and e.actor is not None]
        if not earlier:
            continue
        referred = earlier[-1]
        assert referred.actor is not None
        if referred.actor.country is not None and referred.actor.country == event.actor.country:
            continue
        event.target = referred.actor
