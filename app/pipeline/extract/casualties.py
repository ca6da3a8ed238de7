"""Casualty reports, and the attack or battle that carries them.

API.md: ``casualties`` is "a report of deaths or injuries whose attacker or battle is not itself
the event". So a death toll joins the attack, airstrike or clash it happened in: one told in the
same sentence, one it points to ("killed in the attack", "killed during the fighting"), or the
earlier event a definite subject refers to ("the Russian attack killed two people"). A passive
report that names its author ("killed by Azerbaijani sniper fire") is itself an attack. Only a
toll with no such event stays a ``casualties`` event.
"""

from __future__ import annotations

import re

from app.pipeline.extract import forces, violence
from app.pipeline.extract.roles import pick_location, pick_target
from app.pipeline.extract.rules import Candidate
from app.pipeline.gazetteer import Gazetteer
from app.pipeline.numbers import Count, parse_count
from app.pipeline.recognize import Mention
from app.pipeline.types import LocationDraft

VIOLENT = frozenset({"attack", "airstrike", "armed_clash"})


_TOLL_FIGURE_RE = re.compile(
    r"^[^.;]{0,60}?\b(?:rose|risen|climbed|reached|hit|jumped|increased|stood|stands|was|is"
    r"|had risen|has risen)\s+(?:at\s+|to\s+)*(?=\S)",
    re.IGNORECASE,
)


_LEFT_DEAD_RE = re.compile(r"(?:leaving|left)\s+(.+?)\s+dead", re.IGNORECASE)


def _toll_figure(text: str, start: int, end: int) -> Count | None:
    """The figure a death toll is given as: "the death toll had risen to 20"."""
    found = _TOLL_FIGURE_RE.match(text[start:end])
    told = text[max(0, start - 48) : start].lower()
    if found is None or not any(w in told for w in ("toll", "number", "tally", "count")):
        return None
    return parse_count(text[start + found.end() : end])


def code_casualty(
    gaz: Gazetteer,
    cand: Candidate,
    text: str,
    mentions: list[Mention],
    place: LocationDraft | None = None,
) -> bool:
    """Read the toll of a casualty trigger; turn it into an attack when it names its author.

    False for deaths no party caused (a quake, an epidemic) and for a participle used as an
    adjective ("wounded veterans")."""
    lo, hi = cand.sentence[0], cand.clause[1]
    if violence.is_natural_harm(text, lo, cand.trigger, hi) or violence.is_attributive(
        text, cand.clause[0], cand.trigger
    ):
        return False
    if violence.is_definite_deaths(text, cand.trigger):
        cand.notes.append("refers")
    if violence.by_event(text, cand.trigger, cand.clause[1]):
        cand.notes.append("anaphoric")
    left = _LEFT_DEAD_RE.fullmatch(text, *cand.trigger)
    victims: str | None
    if left is not None:  # "leaving 20 dead, including four children"
        count, victims = parse_count(left.group(1)), "people"
    else:
        count, victims = violence.read_toll(text, cand.clause[0], cand.trigger, cand.clause[1])
    if count is None:
        count = _toll_figure(text, cand.trigger[1], cand.clause[1])
    if count is None and cand.sentence[0] < cand.clause[0]:
        # "around 40 people, a mix of civilians and soldiers, lost their lives": an apposition
        # between the count and its verb puts them in different clauses.
        lo = max(cand.sentence[0], cand.trigger[0] - 80)
        found, noun = violence.read_toll(text, lo, cand.trigger, cand.clause[1])
        if found is not None:
            count, victims = found, noun
    if count is not None:
        cand.notes.append("counted")
    injuries = violence.is_injury(text, cand.trigger)
    cand.fatalities = count if count is not None and count.exact and not injuries else None
    if count is not None and not count.exact:
        cand.quantity = f"{count.text} {victims}"
    passive = violence.is_passive(text, cand.trigger)
    if passive:
        at = violence.agent_start(text, cand.trigger, cand.clause[1])
        agent = next(
            (
                m
                for m in mentions
                if at is not None
                and at <= m.start < at + 3
                and m.actor is not None
                and m.actor.kind != "media"
            ),
            None,
        )
        if agent is not None and agent.actor is not None and not injuries:
            victim = cand.actor
            cand.rule = violence.KILLING
            cand.actor, cand.actor_span = agent.actor, (agent.start, agent.end)
            if victim is not None and victim.country != agent.actor.country:
                cand.target = gaz.state(victim.country) if victim.country else victim
            cand.location = cand.location or pick_location(cand, text, mentions, sentence_wide=True)
            return True
        unnamed = (
            forces.agent_force(gaz, text, cand, cand.location or place) if agent is None else None
        )
        if unnamed is not None and not injuries:
            # "one demonstrator was killed by security forces": an attack by the place's forces.
            cand.rule = violence.KILLING
            cand.actor, cand.actor_span = unnamed.actor, None
            cand.location = cand.location or place
            if cand.location is not None and cand.location.country:
                cand.target = gaz.state(cand.location.country)
            return True
    subject = text[cand.clause[0] : cand.trigger[0]]
    if violence.ANAPHORIC_SUBJECT_RE.search(subject):
        cand.notes.append("anaphoric")
    if not passive and cand.actor is None and not injuries:
        unnamed = forces.subject_force(gaz, text, cand, cand.location or place)
        if unnamed is not None:
            # "A suicide bomber killed 12 people": an attack by an unnamed (or a state's) force.
            cand.rule = violence.KILLING
            cand.actor = unnamed.actor
            cand.location = cand.location or place
            if cand.location is not None and cand.location.country:
                cand.target = gaz.state(cand.location.country)
            cand.notes.append("active")
            return True
    if not passive and cand.actor is not None:
        cand.notes.append("active")  # "X killed Y": an attack by X, unless one is already told
        cand.target = pick_target(cand, text, mentions, cand.actor)
        return True
    if cand.actor is not None and cand.actor.kind == "state" and victims in violence.FORCE_VICTIMS:
        assert cand.actor.country is not None
        cand.actor = gaz.armed_force(cand.actor.country)
    if cand.location is None:
        cand.location = pick_location(cand, text, mentions, sentence_wide=True)
    # The victims' side: where they died, else the side telling its own losses.
    side = (cand.location.country if cand.location else None) or (
        cand.actor.country if cand.actor else None
    )
    if cand.target is None and side:
        cand.target = gaz.state(side)
    return True


def _fold(host: Candidate, toll: Candidate) -> None:
    """The attack or battle takes the toll (and the date, when it has none)."""
    if host.fatalities is None or not host.fatalities.exact:
        host.fatalities = toll.fatalities or host.fatalities
    if host.date.start is None:
        host.date = toll.date
    host.location = host.location or toll.location
    host.members.append(toll.uid)


def link_casualties(
    text: str, earlier: list[Candidate], sentence_cands: list[Candidate]
) -> list[Candidate]:
    """Casualty reports joined to their event; what is left stands alone."""
    kept: list[Candidate] = []
    folded: dict[tuple[int, int], Candidate] = {}
    for cand in sentence_cands:
        if cand.type != "casualties":
            kept.append(cand)
            continue
        same_clause = next(
            (k for k in kept if k.type == "casualties" and k.clause == cand.clause), None
        )
        if same_clause is not None:  # "two were killed and five injured": one report
            same_clause.fatalities = same_clause.fatalities or cand.fatalities
            continue
        if cand.clause in folded:  # "... and 20 wounded" after a toll an attack took
            _fold(folded[cand.clause], cand)
            continue
        types = violence.linked_type(text, cand.trigger[1], cand.clause[1])
        before = [*earlier, *(c for c in kept if c.trigger[0] < cand.trigger[0])]
        later = [c for c in sentence_cands if c.trigger[0] > cand.trigger[0]]
        host = next((c for c in [*reversed(before), *later] if c.type in types), None)
        here = [c for c in kept if c.type in VIOLENT and c.sentence == cand.sentence]
        if host is None and "anaphoric" in cand.notes:
            host = next((c for c in reversed(before) if c.type in VIOLENT), None)
        if host is not None and host.type in VIOLENT:
            _fold(host, cand)
            folded[cand.clause] = host
            continue
        if host is not None:  # killed during a deployment: the deployed side's losses
            cand.actor = cand.actor or host.actor
            cand.location = cand.location or host.location
            if cand.date.start is None:
                cand.date = host.date
        elif here:
            nearest = [c for c in here if c.trigger[0] < cand.trigger[0]] or here
            _fold(nearest[-1], cand)
            folded[cand.clause] = nearest[-1]
            continue
        elif text[cand.trigger[0] : cand.trigger[1]].lower() == "killing":
            continue  # ", killing ...": only a toll for the act before it; none was coded
        elif "active" in cand.notes:
            cand.rule = violence.KILLING
        elif (repeated := _retold(cand, before)) is not None:
            _fold(repeated, cand)
            folded[cand.clause] = repeated
            continue
        elif _of_named_violence(text, cand) or _another_toll(text, cand):
            # "the car bombing of a police academy that killed 21 people", "sources gave a lower
            # toll of four dead": the toll of an act the article names, not an event of its own.
            last = next((c for c in reversed(before) if c.type in VIOLENT), None)
            if last is not None:
                _fold(last, cand)
                folded[cand.clause] = last
            continue
        kept.append(cand)
    return kept


_NAMED_VIOLENCE_RE = re.compile(
    r"\b(?:bombings?|attacks?|blasts?|explosions?|strikes?|air ?strikes?|raids?|shelling|massacre"
    r"|ambush|shooting|assault|offensive|fighting|clashes|war|conflict|violence)\b"
    r"(?:\s+(?:of|on|in|at|near|against)\s+[^,;]{1,60}?)?[\s,]*$",
    re.IGNORECASE,
)
_RELATIVE_START_RE = re.compile(r"\W*(?:that|which)\s+(?:\w+\s+){0,2}?$", re.IGNORECASE)
_ANOTHER_TOLL_RE = re.compile(
    r"\b(?:gave|put|puts|gives|reported|cited|revised)\s+(?:(?:an?|the|its|their)\s+)?"
    r"(?:[\w-]+\s+)?(?:death\s+)?(?:toll|tally|figure|count)\b",
    re.IGNORECASE,
)


def _of_named_violence(text: str, cand: Candidate) -> bool:
    """A relative clause whose antecedent is a violent act: "the bombing ... that killed 21"."""
    start = cand.clause[0]
    if not _RELATIVE_START_RE.match(text, start, cand.trigger[0]):
        return False
    return bool(_NAMED_VIOLENCE_RE.search(text, max(cand.sentence[0], start - 120), start))


def _another_toll(text: str, cand: Candidate) -> bool:
    """Another source's figure for deaths already told: "gave a lower toll of four dead"."""
    return bool(_ANOTHER_TOLL_RE.search(text, cand.clause[0], cand.trigger[1]))


def _retold(toll: Candidate, before: list[Candidate]) -> Candidate | None:
    """An earlier attack this passive toll retells: the same count, or the attack told just
    before with no count yet and no conflicting place ("... the health ministry said")."""
    violent = [c for c in before if c.type in VIOLENT]
    f = toll.fatalities
    if f is not None and f.exact:
        same = [c for c in violent if c.fatalities is not None and c.fatalities.best == f.best]
        if same:
            return same[-1]
    if not violent:
        return None
    last = violent[-1]
    close = toll.sentence[0] - last.sentence[1] < 400
    place_ok = (
        toll.location is None
        or last.location is None
        or toll.location.id == last.location.id
        or (
            "country" in (toll.location.precision, last.location.precision)
            and toll.location.country == last.location.country
        )
    )
    if close and place_ok and last.fatalities is None and toll.actor is None:
        return last
    return None
