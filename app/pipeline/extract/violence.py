"""Violence: attacks, airstrikes, clashes, casualty reports, prisoner exchanges (CAMEO 18-19;
PLOVER ASSAULT, with UCDP-style fatality estimates)."""

from __future__ import annotations

import re

from app.pipeline.extract.rules import Rule, rule
from app.pipeline.numbers import Count, count_before

CASUALTY = r"(?:killed|killing|wounded|injured|slain)"
#: A time after "on": "fired missiles on Sunday" is no attack "on" anything.
_WHEN = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April"
    r"|May|June|July|August|September|October|November|December|\d)"
)

RULES: tuple[Rule, ...] = (
    rule(
        "airstrike",
        r"air ?strikes?|air-strikes?|air raids?|bombing raids?|(?:warplanes|fighter jets|jets"
        r"|aircraft) (?:struck|bombed|hit|pounded)",
        0.85,
        verb="carries out an airstrike on",
    ),
    rule(
        "attack",
        r"(?:drone|missile|rocket|artillery|mortar|suicide|bomb|grenade|ballistic missile"
        r"|cruise missile|car bomb)\s+(?:attacks?|strikes?|barrages?)",
        0.8,
        noun=True,
        verb="attacks",
    ),
    rule(
        "attack",
        r"(?<!test-)(?:launched|fired) (?:[\w,-]+\s+){0,6}?(?:missiles?|drones?|rockets?|shells"
        r"|mortars?|water cannons?|tear gas|shots|rounds|bullets|grenades|projectiles)(?=\s+(?:at"
        rf"|on(?!\s+{_WHEN})|against|toward|towards|into)\b(?!\s+(?:the\s+)?(?:sea|waters|ocean)))"
        r"|opened fire (?:on|at)",
        0.85,
        verb="attacks",
    ),
    rule(
        "attack",
        # Weapons launched "by" someone: "60 drones launched by Russia overnight".
        r"(?:missiles|drones|rockets|shells)(?:\s+\w+){0,2}?\s+(?:launched|fired)(?=\s+by\b)",
        0.8,
        noun=True,
        verb="attacks",
    ),
    rule(
        "attack",
        r"attacked|struck(?!\s+(?:an?\s+)?(?:\w+\s+)?(?:deal|agreement|accord|balance|tone"
        r"|chord|note|pose|down))|shelled|bombed|targeted|raided|stormed|ambushed|pounded|hammered",
        0.75,
        verb="attacks",
    ),
    rule(
        "attack",
        r"(?:attacks?|assaults?|bombardment|shelling|offensive)(?=\s+(?:on|against)\b)",
        0.6,
        noun=True,
        verb="attacks",
    ),
    rule(
        "armed_clash",
        r"clashed|clashes|fighting between|fought|exchanged (?:gun)?fire|firefights?"
        r"|gun ?battles?|battled",
        0.7,
        verb="clashes with",
    ),
    rule(
        "casualties",
        rf"(?:were|was|had been|have been|has been|are|being)\s+(?:\w+\s+)?{CASUALTY}"
        rf"|{CASUALTY}|died|deaths|death toll|lost their lives",
        0.7,
        verb="suffers casualties",
    ),
    rule(
        "prisoner_exchange",
        r"(?:swapped|exchanged|swap|exchange|traded)\s+(?:[\w-]+\s+){0,3}?(?:prisoners|POWs"
        r"|captives|detainees)|prisoner (?:swaps?|exchanges?)|(?:swap|exchange) of (?:\w+\s+)?"
        r"(?:prisoners|POWs)",
        0.85,
        verb="exchanges prisoners with",
    ),
)

VICTIMS_RE = re.compile(
    r"\b(?:soldiers|troops|servicemen|people|civilians|persons|children|women|men|fighters"
    r"|militants|officers|police(?:men)?|workers|residents|Palestinians|Ukrainians|Russians"
    r"|Israelis|members|sailors|pilots|journalists|protesters|soldier|civilian|person|child"
    r"|man|woman|Palestinian)\b"
)
FORCE_VICTIMS = frozenset({"soldiers", "troops", "servicemen", "soldier", "fighters", "sailors"})
_PASSIVE_RE = re.compile(r"(?:were|was|had been|have been|has been|are|being)\b|died|death|lost")
_LINK_RE = re.compile(
    r"\b(?:during|in|amid)\s+(?:(?:the|a|an|its|their)\s+)?(?:[\w-]+\s+){0,2}?(?P<what>"
    r"deployment|operation|mission|fighting|battle|attack|strike|offensive|raid|clashes"
    r"|incursion)\b",
    re.IGNORECASE,
)
LINKED_TYPES = {
    "deployment": ("troop_deployment",),
    "operation": ("troop_deployment", "attack"),
    "mission": ("troop_deployment",),
    "fighting": ("armed_clash",),
    "battle": ("armed_clash",),
    "clashes": ("armed_clash",),
    "attack": ("attack", "airstrike"),
    "strike": ("attack", "airstrike"),
    "raid": ("attack", "airstrike"),
    "offensive": ("attack", "incursion"),
    "incursion": ("incursion",),
}


def read_toll(
    text: str, lo: int, trigger: tuple[int, int], hi: int
) -> tuple[Count | None, str | None]:
    """The count of dead next to the trigger: before a victim noun ("at least nine soldiers
    ... were killed") or after an active verb ("killed 12 civilians"); and the victim noun."""
    best: tuple[int, Count | None, str] | None = None
    for noun in VICTIMS_RE.finditer(text, lo, min(hi, trigger[1] + 60)):
        count = count_before(text, noun.start())
        distance = abs(noun.start() - trigger[0])
        if best is None or distance < best[0]:
            best = (distance, count, noun.group(0).lower())
    if best is None:
        return None, None
    return best[1], best[2]


KILLING = rule("attack", r"killed", 0.75, verb="attacks")
#: An attack told from the victims' side with its author: "killed by Azerbaijani sniper fire".
_ATTACK_NOUN = (
    r"(?:attacks?|strikes?|air ?strikes?|raids?|shelling|bombardment|bombing|barrage|assault"
    r"|offensive|ambush|fire)"
)
_AGENT_RE = re.compile(
    r"\s+(?:\w+\s+){0,2}?(?:by\s+(?:an?\s+|the\s+)?(?=[A-Z])|(?:in|during)\s+(?:an?\s+|the\s+)?"
    rf"(?=[A-Z][\w'\u2019-]*\s+(?:[\w-]+\s+){{0,2}}?{_ATTACK_NOUN}\b))"
)
#: "the Russian attack killed two": a definite attack noun as subject points back to an event.
ANAPHORIC_SUBJECT_RE = re.compile(
    rf"\b(?:the|this|that|these|those|its|their)\s+(?:[\w'\u2019-]+\s+){{0,2}}?{_ATTACK_NOUN}\s+"
    r"(?:\w+\s+)?$",
    re.IGNORECASE,
)


def agent_start(text: str, trigger: tuple[int, int], end: int) -> int | None:
    """Where the author of a passive killing is named ("were killed by Russian shelling")."""
    match = _AGENT_RE.match(text, trigger[1], end)
    return match.end() if match else None


_INJURY_RE = re.compile(r"(?:\w+\s+){0,3}?(?:wounded|injured)\b")


def is_injury(text: str, trigger: tuple[int, int]) -> bool:
    """ "were wounded": a casualty report without deaths."""
    return bool(_INJURY_RE.match(text, trigger[0])) and "kill" not in text[trigger[0] : trigger[1]]


def is_passive(text: str, trigger: tuple[int, int]) -> bool:
    """ "were killed", "died", "deaths": the victims, not a killer, are the subject."""
    return bool(_PASSIVE_RE.match(text, trigger[0]))


def linked_type(text: str, start: int, end: int) -> tuple[str, ...]:
    """Event types a casualty report points to: "killed during the deployment"."""
    match = _LINK_RE.search(text, start, end)
    return LINKED_TYPES.get(match.group("what").lower(), ()) if match else ()
