"""What recognition finds (:class:`Mention`), the article memory that resolves short forms
(:class:`Memory`), and the word lists both read. The recognizer itself is
:mod:`app.pipeline.recognize`."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from app.pipeline.types import ActorDraft, LocationDraft

FORCE_NOUNS = frozenset(
    [
        "troops",
        "soldiers",
        "forces",
        "army",
        "military",
        "navy",
        "units",
        "personnel",
        "fighters",
        "servicemen",
        "marines",
        "troop",
        "soldier",
        "force",
    ]
)
MIL_NOUNS = frozenset(
    [
        "campaign",
        "operation",
        "operations",
        "parade",
        "technology",
        "equipment",
        "aid",
        "support",
        "cooperation",
        "exercise",
        "exercises",
        "drill",
        "drills",
        "hardware",
        "assistance",
        "ties",
        "action",
        "intervention",
        "buildup",
        "production",
        "personnel",
        "base",
        "bases",
        "officials",
        "official",
        "spending",
    ]
)
OFFICES = (
    "supreme leader",
    "foreign minister",
    "defence minister",
    "defense minister",
    "prime minister",
    "vice president",
    "secretary of state",
    "president",
    "leader",
    "premier",
    "chancellor",
)
TITLE_RE = re.compile(
    r"\b(?:President|Prime Minister|Premier|Foreign Minister|Defen[cs]e Minister|Minister"
    r"|Defen[cs]e Secretary|Secretary of State|Chancellor|King|Queen|Supreme Leader|[Ll]eader"
    r"|Ambassador|General|Gen\.|Commander|[Ss]pokes(?:man|woman|person)|Envoy"
    r"|(?:Chief )?Cabinet Secretary|counterpart)\s+"
    r"(?P<name>[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){0,2})"
)
PRONOUNS = {"he": "person", "she": "person", "his": "person", "her": "person", "it": "thing"}
PRONOUNS["its"] = "thing"
PREPOSITIONS = frozenset(
    [
        "to",
        "with",
        "from",
        "for",
        "by",
        "against",
        "of",
        "between",
        "on",
        "at",
        "in",
        "into",
        "toward",
        "towards",
        "via",
        "through",
        "across",
        "near",
        "inside",
        "outside",
        "within",
        "along",
    ]
)
PAIR_NOUNS = {
    "countries": "thing",
    "nations": "thing",
    "sides": "thing",
    "governments": "thing",
    "states": "thing",
    "leaders": "person",
    "ministers": "person",
    "presidents": "person",
    "men": "person",
}
STATE_NOUNS = frozenset({"countries", "nations", "governments", "states"})
EAST_ASIAN = frozenset({"PRK", "KOR", "CHN", "VNM", "TWN"})
KOREAN_SIDES = {"north": "PRK", "south": "KOR"}


LIST_GAP_RE = re.compile(r",?\s+(?:and|or)\s+(?:the\s+)?|,\s+(?:the\s+)?")
"""Between listed items: "Egypt, Qatar and Turkey"."""


def same_phrase(tokens: list[re.Match[str]], end: int, i: int) -> bool:
    """Only a few words of one noun phrase between ``end`` and token ``i`` (a title's start)."""
    gap = [t.group().lower() for t in tokens if end <= t.start() < tokens[i].start()]
    return len(gap) <= 3 and not any(w in ("the", "a", "an", "and", "or") for w in gap)


@dataclass(frozen=True)
class Mention:
    """A recognised actor and/or place; ``start``/``end`` are text offsets.

    ``kind``: name, demonym, capital, force, office, title, surname, pronoun, side.
    """

    start: int
    end: int
    actor: ActorDraft | None
    location: LocationDraft | None
    kind: str
    possessive: bool = False
    #: Preceded by a preposition ("to Putin", "against Ukraine"): an unlikely antecedent.
    oblique: bool = False
    #: For "the two countries": the second of the pair last mentioned (the first is ``actor``).
    partner: ActorDraft | None = None


@dataclass
class Memory:
    """What the article has named so far, for short forms and pronouns."""

    persons: list[ActorDraft] = field(default_factory=list)
    things: list[ActorDraft] = field(default_factory=list)
    countries: set[str] = field(default_factory=set)
    surnames: dict[str, ActorDraft] = field(default_factory=dict)
    #: Each sentence's first non-oblique actor with a country: whom an official introduced
    #: without a country speaks for ("Iran was cautious. Foreign ministry spokesman X said").
    subjects: list[ActorDraft] = field(default_factory=list)
    #: States named as parties (not after a preposition: "sent back through Belarus").
    parties: list[ActorDraft] = field(default_factory=list)
    #: How often each country's state, forces or officials were named.
    states: Counter[str] = field(default_factory=Counter)

    def note(self, mention: Mention) -> None:
        actor = mention.actor
        if actor is None:
            return
        if actor.kind == "person":
            if not mention.oblique:
                self.persons.append(actor)
            if mention.kind in ("name", "title", "office"):
                parts = actor.name.split()
                self.surnames[parts[-1].lower()] = actor
                if actor.country in EAST_ASIAN:
                    self.surnames[parts[0].lower()] = actor
        elif actor.kind in ("state", "organization", "group"):
            self.things.append(actor)
            if actor.kind == "state" and not mention.oblique:
                self.parties.append(actor)
        if actor.country:
            self.countries.add(actor.country)
            self.states[actor.country] += 1
