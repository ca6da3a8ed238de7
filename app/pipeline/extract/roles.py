"""Who did it, to whom, where: roles read from the mentions around a trigger.

Verb triggers take the nearest non-oblique actor before the trigger in the clause (its
subject), else the sentence's; nominal triggers take an actor standing right before the noun
("Putin's greeting", "a Ukrainian incursion") or an agent after it ("by Russia"), unless a light
verb makes the noun a predicate of the subject ("North Korea stepped up missile testing").
The target is the first actor after the trigger; the location the most specific place after a
locative preposition.
"""

from __future__ import annotations

import re
from itertools import pairwise

from app.pipeline.extract.rules import Candidate
from app.pipeline.gazetteer import Gazetteer
from app.pipeline.numbers import count_before
from app.pipeline.recognize import Mention
from app.pipeline.types import ActorDraft, LocationDraft

_NEAR_WORD_RE = re.compile(r"(?:own|New|Year['\u2019]?s?|[a-z-]+|\d+\w*)")
_LIGHT_VERB_RE = re.compile(
    r"(?:stepped up|steps up|conducted|conducts|carried out|carries out|staged|stages|held|holds"
    r"|launched|launches|resumed|increased|intensified|continued|began|started|made|sent|sends"
    r"|announced|ordered)\s+(?:(?:a|an|the|its|their|his|her|new|more|further|fresh|major"
    r"|large-scale|joint|first)\s+)*$",
    re.IGNORECASE,
)
_LOCATIVE_RE = re.compile(
    r"\b(?:in|at|near|outside|inside|across|into|around|off|over|from|on)\s+(?:the\s+)?"
    r"(?:[\w-]+['\u2019]s\s+)?(?:(?:western|eastern|northern|southern|central|north-eastern"
    r"|north-western|south-eastern|south-western|border|occupied|coastal|capital|city of"
    r"|region of|province of)\s+)*$",
    re.IGNORECASE,
)
_IN_PLACE_RE = re.compile(r"\b(?:in|at|near|outside|inside|across|around|off),?\s+(?:the\s+)?$")
_PRECISION_RANK = {"point": 4, "city": 3, "admin1": 2, "country": 1}
_AND_RE = re.compile(r"\s+and\s+(?:the\s+)?|\s*,\s+")
#: Between a possessive and the name it qualifies: "Ethiopia's Prime Minister Abiy".
_TITLE_GAP_RE = re.compile(r"\s*(?:(?-i:[A-Z])[\w.-]*\s+){0,3}")
#: Coordinated forces: "Turkish troops and allied Syrian fighters" (the first leads).
_FORCES_AND_RE = re.compile(
    r"(?:\s+(?:troops|forces|soldiers|fighters|units|militias?|police|army))?\s+and\s+"
    r"(?:the\s+)?(?:allied|affiliated|proxy|local|its|their)\s+",
    re.IGNORECASE,
)
_AGENT_RE = re.compile(r"^\s+(?:\w+\s+){0,3}?by\s+(?:the\s+)?$")
_NON_ACTORS = frozenset({"media"})
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})


def _near(gap: str) -> bool:
    """Only a few lower-case modifiers between an actor and its noun ("Putin's own New Year's")."""
    words = gap.split()
    # A determiner opens a new noun phrase: "Guyana's foreign ministry condemned the incursion".
    return len(words) <= 4 and all(
        _NEAR_WORD_RE.fullmatch(w) and w.lower() not in _DETERMINERS for w in words
    )


def _usable(mention: Mention) -> bool:
    actor = mention.actor
    return actor is not None and actor.kind not in _NON_ACTORS and mention.kind != "modifier"


_WHICH_RE = re.compile(r"\s+(?:that|which)\s+(?:[\w-]+\s+){0,3}?$")
_DID_RE = re.compile(
    r"\s+(?:(?:had|have|has|jointly)\s+)?(?:held|staged|conducted|carried out|launched|began"
    r"|started|signed|reached|concluded|opened|resumed)\b"
)


def _relative_subject(cand: Candidate, text: str, mentions: list[Mention]) -> Mention | None:
    """A noun's actor told in a relative clause: "air drills that South Korea and the United
    States held" (the last of coordinated subjects; :func:`conjunct` finds the first)."""
    usable = [m for m in mentions if m.start >= cand.trigger[1] and _usable(m)]
    if not usable or not _WHICH_RE.fullmatch(text, cand.trigger[1], usable[0].start):
        return None
    last = usable[0]
    for nxt in usable[1:]:
        if not _AND_RE.fullmatch(text, last.end, nxt.start):
            break
        last = nxt
    return last if _DID_RE.match(text, last.end) else None


def pick_actor(cand: Candidate, text: str, mentions: list[Mention]) -> Mention | None:
    """The mention naming the acting party of a candidate."""
    t_start, t_end = cand.trigger
    c_start = cand.clause[0]
    before = [m for m in mentions if c_start <= m.start and m.end <= t_start and _usable(m)]
    if cand.rule.noun:
        light = _LIGHT_VERB_RE.search(text, max(c_start, t_start - 60), t_start)
        near = [
            m
            for m in before
            if (m.possessive or m.kind in ("demonym", "force", "name", "capital"))
            and _near(text[m.end : t_start])
        ]
        if near:
            return near[-1]
        if light is None or light.end() != t_start:
            for m in mentions:
                if m.start >= t_end and _usable(m) and _AGENT_RE.match(text[t_end : m.start]):
                    return m
            return _relative_subject(cand, text, mentions)
    subjects = [m for m in before if not m.oblique]
    if subjects and cand.rule.preceded is not None:
        # The forces the rule's context names lead: "Chinese warships ... surrounded Taiwan in
        # drills" is China's drill, not Taiwan's.
        lead = cand.rule.preceded.search(text, c_start, t_start)
        if lead is not None:
            named = [m for m in subjects if lead.start() - 2 <= m.end and m.start <= lead.start()]
            if named:
                return named[0]
    if subjects:
        return subjects[-1]
    earlier = [
        m
        for m in mentions
        if cand.sentence[0] <= m.start and m.end <= c_start and _usable(m) and not m.oblique
    ]
    if earlier and not cand.rule.noun and cand.type != "casualties":
        return earlier[0]
    return None


def conjunct(text: str, mentions: list[Mention], subject: Mention) -> Mention | None:
    """The first of two coordinated subjects: "Russia and Ukraine exchanged ..." -> Russia.

    A possessive right before the second subject belongs to it: in "Kenya's President Ruto and
    Ethiopia's Prime Minister Abiy met", the second noun phrase starts at "Ethiopia's"."""
    start = subject.start
    for m in mentions:
        if m.end <= start and m.possessive and _TITLE_GAP_RE.fullmatch(text, m.end, start):
            start = m.start
    for m in mentions:
        if m.end <= start and _usable(m) and _AND_RE.fullmatch(text, m.end, start):
            return m
        if m.end <= subject.start and _usable(m) and _AND_RE.fullmatch(text, m.end, subject.start):
            return m
        if (
            m.end <= subject.start
            and _usable(m)
            and _FORCES_AND_RE.fullmatch(text, m.end, subject.start)
        ):
            return m
    return None


def pick_target(
    cand: Candidate, text: str, mentions: list[Mention], actor: ActorDraft | None
) -> ActorDraft | None:
    """The first actor after the trigger in the clause that is not the actor itself."""
    for m in mentions:
        if m.start < cand.trigger[0] or m.end > cand.clause[1] or not _usable(m):
            continue
        assert m.actor is not None
        if actor is not None and (m.actor.id == actor.id or m.kind == "pronoun"):
            continue
        if (
            actor is not None
            and actor.kind == "person"
            and m.actor.kind == "state"
            and m.actor.country == actor.country
        ):
            continue  # "Abe called the launch unacceptable and said Japan ...": his own state
        if (
            m.location is not None
            and not m.possessive
            and _IN_PLACE_RE.search(text, max(0, m.start - 12), m.start)
        ):
            continue  # "in Pyongyang": where, not whom
        return m.actor
    return None


def pick_location(
    cand: Candidate, text: str, mentions: list[Mention], sentence_wide: bool = False
) -> LocationDraft | None:
    """The most specific place after a locative preposition in the clause (or sentence)."""
    lo, hi = cand.sentence if sentence_wide else cand.clause
    best: LocationDraft | None = None
    for m in mentions:
        if m.location is None or m.start < lo or m.end > hi or m.kind == "modifier":
            continue
        if not _LOCATIVE_RE.search(text, max(lo, m.start - 60), m.start):
            continue
        if best is None or _PRECISION_RANK[m.location.precision] > _PRECISION_RANK[best.precision]:
            best = m.location
    return best


def fallback_actor(gaz: Gazetteer, cand: Candidate, mentions: list[Mention]) -> ActorDraft | None:
    """For rules that allow it: an actor after the trigger, else the location's country."""
    for m in mentions:
        if m.start >= cand.trigger[1] and m.end <= cand.clause[1] and _usable(m):
            return m.actor
    if cand.location is not None and cand.location.country:
        return gaz.state(cand.location.country)
    return None


_COUNTED_RE = re.compile(
    r"\b(?:troops|soldiers|forces|personnel|units|servicemen|marines|fighters|battalions?"
    r"|brigades?|regiments?|warships|engineers|sappers|protesters|demonstrators)\b",
    re.IGNORECASE,
)
_NO_TARGET = frozenset(
    {"military_parade", "weapons_test", "weapons_production", "casualties", "protest"}
)
#: Events two parties do together: "Russia and Ukraine exchanged prisoners" -> actor, target.
SYMMETRIC = frozenset(
    {
        "prisoner_exchange",
        "armed_clash",
        "negotiation",
        "meeting",
        "military_exercise",
        "agreement",
        "cooperation",
        "greeting",
    }
)
#: Acts on a place: with no party named as the target, the place's country received it.
_PLACE_TARGET = frozenset({"attack", "airstrike", "incursion", "aid"})
#: A nominal trigger after "the"/"this"/"that" refers to an event told before: never a new one.
_REFERRING_RE = re.compile(
    # Between determiner and noun only modifiers: names, hyphenated or adjective-like words
    # ("the Israeli strike", "the cross-border raid"), not a subject and its verb ("The
    # exchange follows peace talks").
    r"\b(?i:the|this|that|these|those)\s+(?:(?:[A-Z][\w'\u2019-]*|\w+-[\w-]+|[a-z]+(?:al|ic|ian"
    r"|ese|ish|ed|ive|ary|ly|est|ous|ful))\s+){0,2}$"
)
_DEFINITE_RE = re.compile(
    r"\b(?:the|this|that|these|those|its|their)\s+(?:[\w'\u2019-]+\s+){0,2}$", re.IGNORECASE
)


_SAID_RE = re.compile(
    r"\b(?:said|says|claimed|claims|alleged|alleges|charged|charges|insisted|insists|believes"
    r"|believed|concluded|found|maintained|maintains)\s+(?:on\s+\w+\s+)?(?:that\s+)?$",
    re.IGNORECASE,
)


def _speaker(
    text: str, sentence_start: int, mentions: list[Mention], subject: Mention
) -> Mention | None:
    """Who says the subject did it: the first party before "said (that)", which stands right
    before the subject ("Moscow said Kyiv was behind ...")."""
    said = _SAID_RE.search(text, max(sentence_start, subject.start - 60), subject.start)
    if said is None:
        return None
    speakers = [
        m
        for m in mentions
        if sentence_start <= m.start and m.end <= said.start() and _usable(m) and not m.oblique
    ]
    return speakers[0] if speakers else None


def _converse(cand: Candidate, text: str, mentions: list[Mention]) -> Mention | None:
    """For "received X from Y": the mention after ``from`` in the clause."""
    prep = cand.rule.agent_prep
    before = re.compile(rf"\b{prep}\s+(?:the\s+)?$")
    for m in mentions:
        inside = m.start >= cand.trigger[1] and m.end <= cand.clause[1] and _usable(m)
        if inside and before.search(text, max(0, m.start - 12), m.start):
            return m
    return None


_BETWEEN_RE = re.compile(r"\s+(?:[\w-]+\s+){0,3}?between\s+(?:the\s+)?$")


def _between(cand: Candidate, text: str, mentions: list[Mention]) -> tuple[Mention, Mention] | None:
    """The two parties of a nominal trigger told "between X and Y" ("a ceasefire between ...")."""
    usable = [m for m in mentions if m.start >= cand.trigger[1] and _usable(m)]
    for one, two in pairwise(usable):
        if _BETWEEN_RE.fullmatch(text, cand.trigger[1], one.start) and _AND_RE.fullmatch(
            text, one.end, two.start
        ):
            return one, two
    return None


def _object_place(cand: Candidate, mentions: list[Mention]) -> LocationDraft | None:
    """The first place named after the trigger in the clause ("struck Kharkiv with drones")."""
    for m in mentions:
        if m.start >= cand.trigger[1] and m.end <= cand.clause[1] and m.location is not None:
            return m.location
    return None


def protesters_of(gaz: Gazetteer, country: str | None) -> ActorDraft:
    """The crowd of a country (ACLED's "Protesters (Kenya)")."""
    state = gaz.state(country) if country else None
    name = f"{state.name} protesters" if state else "Protesters"
    return ActorDraft(name.lower().replace(" ", "-"), name, "group", country)


def fill_roles(gaz: Gazetteer, cand: Candidate, text: str, mentions: list[Mention]) -> bool:
    """Actor, target, location and counts of a verb or noun trigger; False when no event."""
    subject = pick_actor(cand, text, mentions)
    partner = subject.partner if subject is not None else None
    first = conjunct(text, mentions, subject) if subject is not None else None
    if first is not None and subject is not None:
        partner, subject = subject.actor, first
    pair = _between(cand, text, mentions) if subject is None and cand.rule.noun else None
    if pair is not None:
        subject, partner = pair[0], pair[1].actor
    if cand.rule.speaker:
        said = _speaker(text, cand.sentence[0], mentions, subject) if subject else None
        if said is None or subject is None or said.actor is None or subject.actor is None:
            return False
        if said.actor.id == subject.actor.id:
            return False
        cand.actor, cand.actor_span = said.actor, (said.start, said.end)
        cand.target = subject.actor
        return True
    if cand.rule.agent_prep:
        giver = _converse(cand, text, mentions)
        if giver is None or giver.actor is None:
            return False
        cand.target = subject.actor if subject is not None else None
        cand.actor, cand.actor_span = giver.actor, (giver.start, giver.end)
        cand.location = pick_location(cand, text, mentions)
        return True
    if subject is not None:
        cand.actor, cand.actor_span = subject.actor, (subject.start, subject.end)
    cand.location = pick_location(cand, text, mentions)
    if cand.actor is None and cand.rule.fallback_actor:
        cand.actor = fallback_actor(gaz, cand, mentions)
    if partner is not None and cand.type in SYMMETRIC:
        cand.target = partner
    elif cand.type not in _NO_TARGET:
        cand.target = pick_target(cand, text, mentions, cand.actor)
    if cand.rule.noun and _DEFINITE_RE.search(text, cand.clause[0], cand.trigger[0]):
        cand.notes.append("anaphoric")
        if _REFERRING_RE.search(text, cand.clause[0], cand.trigger[0]):
            cand.notes.append("refers")  # "condemned the incursion": an earlier event
    if cand.type == "casualties":
        return True
    if cand.target is None and cand.type in _PLACE_TARGET:
        # The place struck or entered ("struck Kharkiv") or where it happened: its country.
        place = cand.location or _object_place(cand, mentions)
        if place is not None and place.country:
            cand.target = gaz.state(place.country)
    if cand.rule.needs_target and cand.target is None:
        return False
    if (
        cand.type == "incursion"
        and cand.actor is not None
        and cand.target is not None
        and cand.actor.country is not None
        and cand.actor.country == cand.target.country
    ):
        return False  # a force moving on its own soil makes no incursion
    counted = _COUNTED_RE.search(text, cand.trigger[0], cand.clause[1])
    if counted and cand.type in ("troop_deployment", "protest"):
        count = count_before(text, counted.start())
        if count is not None:
            cand.quantity = f"{count.text} {counted.group(0)}".replace(" of of", " of")
    if cand.type == "protest" and cand.actor is not None and cand.actor.kind != "group":
        cand.actor = protesters_of(gaz, cand.actor.country)
    return (
        cand.actor is not None
        or cand.rule.actorless
        or (cand.rule.supporting and cand.target is not None)
    )
