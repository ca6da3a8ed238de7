"""Parties told without a name: "police opened fire", "killed by security forces", "gunmen
stormed a village", "international donors pledged".

News names the state whose police or soldiers act far less often than it names the place. ACLED
codes such an actor as the forces of the country where they act ("Police Forces of Kenya"), and
an unnamed armed group as unidentified. So a state force noun as the subject (or as the "by"
agent of a passive killing) is the armed forces of the place's country; an unnamed armed group
leaves the actor empty and the act stands without one. The place is the event's own, else the
one named last in the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.pipeline.extract.rules import Candidate
from app.pipeline.gazetteer import Gazetteer
from app.pipeline.types import ActorDraft, LocationDraft

#: Forces a state fields at home: its police, soldiers and security services.
STATE_FORCE = (
    r"(?:(?:riot|anti-riot|federal|military|national|border|special|armed)\s+)?(?:police(?:men"
    r"|women|\s+officers)?|security forces|security personnel|security services|soldiers|troops"
    r"|the army|army units|army|the military|paratroopers|gendarmes|gendarmerie|border guards"
    r"|coast ?guards?|special forces|police forces|law enforcement)"
)
#: Armed men the report does not name.
UNNAMED_GROUP = (
    r"(?:(?:unidentified|unknown|suspected|armed|masked|heavily armed|suicide)\s+)*(?:gunm[ae]n"
    r"|assailants?|attackers?|militants?|insurgents|jihadists|bandits|armed men|fighters|bombers?"
    r"|raiders|(?:rival )?militias|rival (?:groups|factions|gangs)|gangs?)"
)
_DET = r"(?:(?:the|a|an|some|several|dozens of|hundreds of|scores of|about|at least|[\d,]+)\s+)*"
_AUX = (
    r"(?:\s+(?:\w+ly|have|has|had|were|was|then|also|later|again|reportedly|allegedly|"
    r"on \w+))*\s*"
)
#: Givers the report does not name one by one.
UNNAMED_DONORS = (
    r"(?:(?:international|foreign|western|gulf|private)\s+)?(?:donors|donor countries|donor nations"
    r"|aid agencies|relief agencies|humanitarian agencies|charities|aid groups|the international "
    r"community)"
)
_SUBJECT_DONORS_RE = re.compile(
    rf"(?:^|[,;:]\s*|\b){_DET}(?:{UNNAMED_DONORS})(?:\s+[\w'\u2019-]+){{0,6}}?{_AUX}$",
    re.IGNORECASE,
)
#: "the warring sides released 318 prisoners", "both sides agreed to a truce".
_SUBJECT_SIDES_RE = re.compile(
    r"(?:^|[,;:]\s*|\b)(?:the\s+)?(?:(?:warring|two|rival|opposing)\s+(?:sides|parties|factions"
    r"|camps)|both (?:sides|parties)|each side)" + _AUX + "$",
    re.IGNORECASE,
)
_SIDES_TYPES = frozenset({"prisoner_exchange", "agreement", "negotiation"})
_SUBJECT_STATE_RE = re.compile(rf"(?:^|[,;:]\s*|\b){_DET}(?:{STATE_FORCE}){_AUX}$", re.IGNORECASE)
_SUBJECT_GROUP_RE = re.compile(rf"(?:^|[,;:]\s*|\b){_DET}(?:{UNNAMED_GROUP}){_AUX}$", re.IGNORECASE)
_AGENT_STATE_RE = re.compile(
    rf"\s+(?:\w+\s+){{0,2}}?by\s+{_DET}(?:[\w-]+\s+)?{STATE_FORCE}\b", re.IGNORECASE
)
_AGENT_GROUP_RE = re.compile(
    rf"\s+(?:\w+\s+){{0,2}}?by\s+{_DET}(?:[\w-]+\s+)?{UNNAMED_GROUP}\b", re.IGNORECASE
)
_FOREIGN_RE = re.compile(
    r"\b(?:peacekeep\w*|U\.?N\.?|foreign|international|multinational|coalition|allied|NATO"
    r"|African Union|regional|mercenar\w+|contractors)\b",
    re.IGNORECASE,
)
#: Acts a force does; the others (talks, greetings) need a named party.
FORCE_TYPES = frozenset(
    {"attack", "airstrike", "armed_clash", "troop_deployment", "incursion", "withdrawal", "aid"}
    | _SIDES_TYPES
)


@dataclass(frozen=True)
class Unnamed:
    """Who an unnamed force is: a state's forces (``actor`` set) or an unidentified group."""

    actor: ActorDraft | None
    definite: bool = False
    """Named as already told: "the attackers", "the gunmen"."""


def subject_force(
    gaz: Gazetteer, text: str, cand: Candidate, place: LocationDraft | None
) -> Unnamed | None:
    """The unnamed force standing as the subject of the candidate's trigger, if any."""
    subject = text[cand.clause[0] : cand.trigger[0]]
    if cand.type in _SIDES_TYPES:
        return Unnamed(None) if _SUBJECT_SIDES_RE.search(subject) else None
    if cand.type == "aid":
        return Unnamed(None) if _SUBJECT_DONORS_RE.search(subject) else None
    if _FOREIGN_RE.search(subject):
        return None  # peacekeepers, coalition or foreign troops are not the host's forces
    if _SUBJECT_STATE_RE.search(subject):
        return _state_forces(gaz, place)
    if _SUBJECT_GROUP_RE.search(subject):
        return Unnamed(None, definite=bool(_DEFINITE_RE.match(subject)))
    return None


_DEFINITE_RE = re.compile(r"\W*(?:the|these|those)\s+(?!\w+ly\b)", re.IGNORECASE)


_BETWEEN_GROUPS_RE = re.compile(
    rf"\s+between\s+{_DET}(?:(?:two|rival|armed|local)\s+)*(?:{UNNAMED_GROUP}|tribes|clans"
    r"|communities|herders and farmers|farmers and herders)\b",
    re.IGNORECASE,
)
_COMMUNAL_RE = re.compile(
    r"\b(?:tribal|communal|intercommunal|inter-communal|ethnic|sectarian|clan|factional)\s+$",
    re.IGNORECASE,
)


def unnamed_sides(text: str, cand: Candidate) -> bool:
    """Fighting between parties the report does not name: "clashes between rival militias",
    "tribal clashes" (ACLED's unidentified or communal militias)."""
    return bool(
        _BETWEEN_GROUPS_RE.match(text, cand.trigger[1], cand.clause[1])
        or _COMMUNAL_RE.search(text, max(0, cand.trigger[0] - 20), cand.trigger[0])
    )


def agent_force(
    gaz: Gazetteer, text: str, cand: Candidate, place: LocationDraft | None
) -> Unnamed | None:
    """The unnamed force a passive report names as its author: "killed by security forces"."""
    if _AGENT_STATE_RE.match(text, cand.trigger[1], cand.clause[1]):
        return _state_forces(gaz, place)
    if _AGENT_GROUP_RE.match(text, cand.trigger[1], cand.clause[1]):
        return Unnamed(None)
    return None


def _state_forces(gaz: Gazetteer, place: LocationDraft | None) -> Unnamed | None:
    if place is None or not place.country:
        return None
    return Unnamed(gaz.armed_force(place.country))
