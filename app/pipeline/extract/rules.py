"""The rule record shared by the rule families, and the mutable candidate a rule match yields.

A rule is a trigger pattern (a verb or noun phrase, PETRARCH-style) plus how to read the roles
around it. Patterns run per clause on the normalized text, case-insensitively.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.pipeline.dates import UNKNOWN, DateRange
from app.pipeline.numbers import Count
from app.pipeline.types import ActorDraft, LocationDraft

#: The event types that are violence (a toll belongs to one of them).
VIOLENT_TYPES = frozenset({"attack", "airstrike", "armed_clash", "casualties"})


@dataclass(frozen=True)
class Rule:
    """One trigger.

    ``noun``: a nominal trigger ("Putin's greeting", "a Russian drone attack"): its actor must
    stand right before it (possessive or adjective) or follow as "by X", never the clause subject.
    ``supporting``: too weak alone ("his message to Putin"); kept only when it merges into an
    event a stronger rule found, to which it can lend a date or a source.
    ``fallback_actor``: with no subject, take the country of the event's location (parades,
    drills and protests are often told without one).
    """

    type: str
    pattern: re.Pattern[str]
    confidence: float
    noun: bool = False
    supporting: bool = False
    fallback_actor: bool = False
    needs_target: bool = False
    verb: str = ""
    sentence_wide: bool = False
    """The pattern may look past its clause (to the end of the sentence): a warning is a threat
    when "that ... would" follows, and the clause splitter cuts before "that"."""
    agent_prep: str = ""
    """For converse verbs ("Kyiv received air defence systems from Germany"): the actor is the
    party after this preposition and the clause subject is the target."""
    preceded: re.Pattern[str] | None = None
    """What must stand right before the trigger in its clause (searched up to the trigger, so
    anchored there with ``$``): "troops have" before "pulled out". It stays outside the trigger,
    so the words naming the forces ("Russian troops") are still read as the actor."""
    actorless: bool = False
    """The act stands without a known doer ("a car bomb exploded in the market"): kept with no
    actor, the place's country as its target."""
    speaker: bool = False
    """Said of another party ("Moscow said Kyiv was behind the attack"): the actor is the one
    who says so, before a verb of saying, and the clause subject is the target."""


def rule(
    type_: str,
    pattern: str,
    confidence: float,
    *,
    noun: bool = False,
    supporting: bool = False,
    fallback_actor: bool = False,
    needs_target: bool = False,
    verb: str = "",
    agent_prep: str = "",
    sentence_wide: bool = False,
    actorless: bool = False,
    preceded: str = "",
    speaker: bool = False,
) -> Rule:
    """Compile a rule; ``pattern`` is matched case-insensitively with word boundaries added.

    Patterns use non-capturing groups only: the registry joins them into one expression and
    tells the rules apart by their own named groups.
    """
    compiled = re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)
    if compiled.groups:
        raise ValueError(f"capturing group in trigger pattern {pattern!r}")
    return Rule(
        type_,
        compiled,
        confidence,
        noun,
        supporting,
        fallback_actor,
        needs_target,
        verb,
        sentence_wide,
        agent_prep,
        re.compile(rf"\b(?:{preceded})$", re.IGNORECASE) if preceded else None,
        actorless,
        speaker,
    )


@dataclass
class Candidate:
    """One rule match being filled in; offsets are text offsets."""

    uid: int
    rule: Rule
    trigger: tuple[int, int]
    clause: tuple[int, int]
    sentence: tuple[int, int]
    actor: ActorDraft | None = None
    actor_span: tuple[int, int] | None = None
    target: ActorDraft | None = None
    location: LocationDraft | None = None
    date: DateRange = UNKNOWN
    fatalities: Count | None = None
    quantity: str | None = None
    certainty: str = "reported"
    attribution: str | None = None
    notes: list[str] = field(default_factory=list)
    #: Free text the summary may use (what a statement said).
    detail: str = ""
    members: list[int] = field(default_factory=list)
    #: Weaker rule matches this one overlapped, tried in turn when its roles cannot be read
    #: ("explosives blew up": no attacker for "blew up", but a bomb that went off needs none).
    alternatives: list[Candidate] = field(default_factory=list)

    @property
    def type(self) -> str:
        return self.rule.type

    @property
    def confidence(self) -> float:
        return self.rule.confidence
