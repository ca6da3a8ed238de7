"""Faultline's event taxonomy, the single source of the slugs and their crosswalks.

Each type maps to one PLOVER category (Open Event Data Alliance, PLOVER manual v0.7b1 and the
16 POLECAT categories) and, where CAMEO has one, to one CAMEO code with its Goldstein score
(CAMEO codebook 1.1b3, Goldstein scale as published with GDELT's lookup tables). Where CAMEO has
no code (weapons tests, production orders), ``cameo`` and ``goldstein`` are None rather than a
guess; PLOVER drops CAMEO's verbal statements, so ``statement`` has no PLOVER category.

Quad classes follow GDELT: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
4 material conflict.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

CAMEO_CODEBOOK = "CAMEO Conflict and Mediation Event Observations codebook, v1.1b3 (2012)"
PLOVER_CODEBOOK = "PLOVER manual v0.7b1 and the POLECAT category list (Open Event Data Alliance)"
GOLDSTEIN_SOURCE = "Goldstein (1992) conflict-cooperation scale, as tabulated for CAMEO by GDELT"


@dataclass(frozen=True, slots=True)
class EventType:
    """One slug of the taxonomy with its definition and its standard-ontology mappings."""

    slug: str
    label: str
    definition: str
    plover: str | None
    plover_mode: str | None
    cameo: str | None
    cameo_name: str | None
    goldstein: float | None
    quad_class: int


def _t(
    slug: str,
    label: str,
    definition: str,
    plover: str | None,
    plover_mode: str | None,
    cameo: str | None,
    cameo_name: str | None,
    goldstein: float | None,
    quad_class: int,
) -> EventType:
    return EventType(
        slug, label, definition, plover, plover_mode, cameo, cameo_name, goldstein, quad_class
    )


EVENT_TYPES: tuple[EventType, ...] = (
    _t("greeting", "Greeting", "Congratulations, condolences or holiday messages between leaders.",
       "SUPPORT", None, "051", "Praise or endorse", 3.4, 1),
    _t("statement", "Statement", "A public claim, confirmation or acknowledgement.",
       None, None, "010", "Make statement", 0.0, 1),
    _t("meeting", "Meeting", "A visit, summit or consultation between parties.",
       "CONSULT", "visit", "040", "Consult", 1.0, 1),
    _t("negotiation", "Negotiation", "Talks held to settle a dispute or reach a deal.",
       "CONSULT", None, "046", "Engage in negotiation", 7.0, 1),
    _t("agreement", "Agreement", "A deal, treaty, ceasefire or accord signed or concluded.",
       "AGREE", None, "057", "Sign formal agreement", 8.0, 1),
    _t("cooperation", "Cooperation", "Material cooperation: joint economic, military or "
       "intelligence work.", "COOPERATE", None, "060", "Engage in material cooperation", 6.0, 2),
    _t("aid", "Aid", "Financial, food, energy, technological or humanitarian aid given.",
       "AID", "economic", "070", "Provide aid", 7.0, 2),
    _t("arms_transfer", "Arms transfer", "Weapons, munitions or military equipment supplied "
       "to another party.", "AID", "military", "072", "Provide military aid", 8.3, 2),
    _t("troop_deployment", "Troop deployment", "Armed forces sent to or stationed in an area, "
       "including abroad in support of an ally.", "MOBILIZE", "troops", "154",
       "Mobilize or increase armed forces", -7.2, 4),
    _t("military_exercise", "Military exercise", "A drill or exercise by armed forces.",
       "MOBILIZE", "troops", "150", "Demonstrate military or police power", -7.2, 4),
    _t("military_parade", "Military parade", "A parade or display of troops and weapons.",
       "MOBILIZE", "weapons", "150", "Demonstrate military or police power", -7.2, 4),
    _t("weapons_test", "Weapons test", "A test launch or test of a weapon (missile, nuclear, "
       "other); CAMEO has no code for it.", "MOBILIZE", "weapons", None, None, None, 4),
    _t("weapons_production", "Weapons production", "An order, plan or start of producing "
       "weapons or munitions; CAMEO has no code for it.", "MOBILIZE", "weapons",
       None, None, None, 4),
    _t("accusation", "Accusation", "Criticize, condemn, denounce or lodge a diplomatic protest.",
       "ACCUSE", None, "111", "Criticize or denounce", -2.0, 3),
    _t("demand", "Demand", "A demand or ultimatum addressed to another party.",
       "REQUEST", None, "100", "Demand", -5.0, 3),
    _t("threat", "Threat", "A threat of force, sanctions or other harm.",
       "THREATEN", None, "130", "Threaten", -4.4, 3),
    _t("sanction", "Sanction", "Sanctions, embargoes or boycotts imposed.",
       "SANCTION", None, "163", "Impose embargo, boycott, or sanctions", -8.0, 4),
    _t("protest", "Protest", "A street demonstration, rally or strike.",
       "PROTEST", "demo", "141", "Demonstrate or rally", -6.5, 4),
    _t("attack", "Attack", "A strike on a target, including drone and missile strikes.",
       "ASSAULT", None, "190", "Use conventional military force", -10.0, 4),
    _t("airstrike", "Airstrike", "An attack from aircraft or drones on a target.",
       "ASSAULT", "heavy-weapons", "195", "Employ aerial weapons", -10.0, 4),
    _t("armed_clash", "Armed clash", "Fighting between armed groups or forces.",
       "ASSAULT", "firearms", "193", "Fight with small arms and light weapons", -10.0, 4),
    _t("incursion", "Incursion", "Forces entering or occupying another party's territory.",
       "ASSAULT", None, "192", "Occupy territory", -9.5, 4),
    _t("casualties", "Casualties", "A report of deaths or injuries whose attacker or battle is "
       "not itself the event.", "ASSAULT", None, "190", "Use conventional military force",
       -10.0, 4),
    _t("prisoner_exchange", "Prisoner exchange", "Prisoners or detainees released or swapped.",
       "RETREAT", "release", "0841", "Return, release person(s)", 7.0, 2),
    _t("withdrawal", "Withdrawal", "Forces pulled back or withdrawn from an area.",
       "RETREAT", "withdraw", "087", "De-escalate military engagement", 9.0, 2),
)  # fmt: skip

EVENT_TYPES_BY_SLUG: dict[str, EventType] = {t.slug: t for t in EVENT_TYPES}
EVENT_TYPE_SLUGS: tuple[str, ...] = tuple(EVENT_TYPES_BY_SLUG)

# The slugs as a closed set for the HTTP contract: the OpenAPI document declares ``type``
# parameters and bodies with this enum, so a type added above extends it (issue 14). Built
# from the data, which mypy cannot read, hence the ignore.
EventTypeSlug = StrEnum(  # type: ignore[misc]
    "EventTypeSlug", [(slug, slug) for slug in EVENT_TYPE_SLUGS]
)
EventTypeSlug.__doc__ = "An event type of the taxonomy; /v1/event-types defines each one."
