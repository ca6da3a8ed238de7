"""Violence: attacks, airstrikes, clashes, casualty reports, prisoner exchanges (CAMEO 18-19;
PLOVER ASSAULT, with UCDP-style fatality estimates)."""

from __future__ import annotations

import re

from app.pipeline.extract.lexicon import words
from app.pipeline.extract.rules import Rule, rule
from app.pipeline.numbers import Count, count_before

CASUALTY = r"(?:killed|killing|wounded|injured|slain)"
#: A time after "on": "fired missiles on Sunday" is no attack "on" anything.
_WHEN = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April"
    r"|May|June|July|August|September|October|November|December|\d)"
)

#: Military aircraft; drones only when a state's forces fly them ("army drones").
_AIRCRAFT = (
    r"(?:(?:(?<=army )|(?<=military )|(?<=force )|(?<=forces )|(?<=navy )|(?<=naval ))"
    r"(?:drones|aircraft|jets|helicopters)"
    r"|(?<=air )force|warplanes|war planes|fighter jets|fighter planes|jets|aircraft|bombers"
    r"|gunships"
    r"|F-\d+s?(?:\s+fighter jets)?)"
)

RULES: tuple[Rule, ...] = (
    rule(
        "airstrike",
        r"air ?strikes?|air-strikes?|air raids?|bombing raids?",
        0.85,
        noun=True,
        verb="carries out an airstrike on",
    ),
    rule(
        "airstrike",
        # Military aircraft, crewed or not, striking: "Malian army drones struck ...".
        rf"{_AIRCRAFT}\s+(?:[\w-]+\s+)?(?:struck|bombed|hit|pounded|targeted|attacked|strafed)"
        # "its air force had carried out strikes across the ceasefire line".
        rf"|(?<=air force )(?:had\s+|has\s+|have\s+)?(?:carried out|conducted|launched|made)\s+"
        r"(?:[\w-]+\s+){0,2}?(?:strikes|raids|sorties|attacks|bombing runs)"
        # Sent to strike: "it had sent F-16 fighter jets to strike Cambodian targets".
        r"|(?:sent|dispatched|scrambled|deployed|used) (?:[\w-]+\s+){0,3}?"
        rf"{_AIRCRAFT}\s+to\s+(?:strike|bomb|hit|attack|pound|target)",
        0.9,
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
        r"|mortars?|water cannons?|tear gas|shots|rounds|bullets|grenades|projectiles)"
        # "fired an anti-ship missile from Hodeidah at a tanker": the launch site may come first.
        r"(?=(?:\s+from\s+(?:the\s+)?(?:[\w'\u2019-]+\s+){0,3}?[\w'\u2019-]+)?\s+(?:at"
        rf"|on(?!\s+{_WHEN})|against|toward|towards|into)\b(?!\s+(?:the\s+)?(?:sea|waters|ocean)))"
        r"|opened fire (?:on|at)|shot at|shoots at|fired at",
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
        # "targeted a network" with sanctions is no strike.
        r"attacked|targeted(?!\s+(?:an?\s+|the\s+|\d+\s+)?(?:[\w-]+\s+){0,2}?(?:networks?"
        r"|companies|firms|entities|individuals|banks|businesses|sectors?|exports|imports)\b)"
        r"|bombarded|blew up|assaulted|fired (?:on|at|upon)(?!\s+" + _WHEN + r")"
        # "hit" and "destroyed" only with a struck place or force as its object, not "hit a
        # record" or "destroyed evidence".
        r"|(?:hit|destroyed)(?=\s+(?:an?\s+|the\s+|\d+\s+)?(?:[\w'\u2019-]+\s+){0,3}?(?:bases?|depots?"
        r"|city|town|village|buildings?|targets?|positions?|port|airport|infrastructure"
        r"|facilit(?:y|ies)|plants?|refinery|hospital|school|convoy|camp|station|bridge|ships?"
        r"|vessels?|tankers?|headquarters|barracks|troops|soldiers)\b)"
        r"|struck(?!\s+(?:an?\s+)?(?:\w+\s+)?(?:deal|agreement|accord|balance|tone"
        r"|chord|note|pose|down))|shelled|bombed|raided|stormed|ambushed|pounded|hammered",
        0.75,
        verb="attacks",
    ),
    rule(
        "attack",
        r"(?:attacks?|assaults?|bombardment|shelling|offensive|strikes?|raids?)"
        r"(?=\s+(?:on|against)\b)",
        0.6,
        noun=True,
        verb="attacks",
    ),
    rule(
        "attack",
        # Bringing down an aircraft: "its air defences destroyed an armed reconnaissance drone".
        # One craft, not "shot down 40 of 60 drones" (the interception of someone's barrage).
        r"(?:destroyed|downed|shot down)\s+(?:an?|the)\s+(?:[\w-]+\s+){0,3}?(?:drone|aircraft"
        r"|helicopter|jet|plane|warplane|UAV)",
        0.8,
        verb="attacks",
    ),
    rule(
        "attack",
        # Violence against people and property by a named party: "Russian forces executed 16
        # prisoners of war", "militiamen torched the village". Never the passive, whose subject
        # is the victim.
        r"(?<!were )(?<!was )(?<!been )(?<!being )(?<!are )(?:executed|massacred|beheaded"
        r"|murdered|gunned down|shot dead|abducted|kidnapped|rammed|torched|set fire to"
        r"|razed)(?!\s+(?:and|or)\b)",
        0.7,
        verb="attacks",
    ),
    rule(
        "attack",
        # Told from the target's side: "Kharkiv came under another wave of Russian attacks".
        r"came under (?:(?:an?|another|the|heavy|intense|renewed|fresh|fierce)\s+)*"
        r"(?:(?:wave|barrage|round) of\s+)?(?:[\w-]+\s+){0,2}?(?:attacks?|fire|shelling"
        r"|bombardment|drone strikes?"
        r"|missile strikes?|strikes?|air ?strikes?)",
        0.7,
        agent_prep="of",
        verb="attacks",
    ),
    rule(
        "armed_clash",
        # Fighting "alongside" someone is an alliance, not a clash with them.
        r"(?:clashed|clashes|fighting between|fought|exchanged (?:gun)?fire|firefights?"
        r"|gun ?battles?|battled)(?!\s+alongside\b)",
        0.7,
        verb="clashes with",
    ),
    rule(
        "casualties",
        rf"(?:were|was|had been|have been|has been|are|being)\s+(?:\w+\s+)?{CASUALTY}"
        rf"|{CASUALTY}|died|deaths|death toll|lost their lives"
        r"|(?:claimed|took|cost) (?:the|their) lives|(?:leaving|left)\s+(?:[\w,-]+\s+){1,4}?dead",
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
    rule(
        "prisoner_exchange",
        # One side's part of an exchange: "Hamas released the last 20 living hostages".
        r"(?:released|releases|freed|frees|handed over)\s+(?:[\w-]+\s+){0,5}?(?:hostages"
        r"|prisoners|POWs|captives|detainees)",
        0.75,
        verb="releases prisoners to",
    ),
)

VICTIMS_RE = re.compile(
    r"\b(?:soldiers|troops|servicemen|people|civilians|persons|children|women|men|fighters"
    r"|militants|officers|police(?:men)?|workers|residents|Palestinians|Ukrainians|Russians"
    r"|villagers|farmers|herders|worshippers|passengers|students|miners|traders|refugees"
    r"|migrants|pilgrims|displaced people|rebels|insurgents|jihadists|gunmen|guards|policemen"
    r"|Israelis|members|sailors|pilots|journalists|protesters|soldier|civilian|person|child"
    r"|man|woman|Palestinian)\b"
)
FORCE_VICTIMS = frozenset({"soldiers", "troops", "servicemen", "soldier", "fighters", "sailors"})
_PASSIVE_RE = re.compile(
    r"(?:were|was|had been|have been|has been|are|being)\b|died|death|lost|(?:claimed|took|cost)"
    r" (?:the|their) lives"
)
_LINK_RE = re.compile(
    r"\b(?:during|in|amid)\s+(?:(?:the|a|an|its|their)\s+)?(?:[\w-]+\s+){0,2}?(?P<what>"
    r"deployment|operation|mission|fighting|battle|attack|strike|offensive|raid|clashes"
    r"|incursion)s?\b",
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
    best: tuple[bool, int, Count | None, str] | None = None
    for noun in VICTIMS_RE.finditer(text, lo, min(hi, trigger[1] + 60)):
        count = count_before(text, noun.start())
        # The nearest counted noun, else the nearest noun: "40 people, civilians and soldiers".
        rank = (count is None, abs(noun.start() - trigger[0]))
        if best is None or rank < best[:2]:
            best = (rank[0], rank[1], count, noun.group(0).lower())
    if best is None:
        return None, None
    return best[2], best[3]


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


_HARM = words("NATURAL_HARM_N")
#: The cause before the toll ("an earthquake near Izmit killed", "a cholera outbreak that
#: killed") or after it ("died in the floods", "killed by the storm").
_HARM_BEFORE_RE = re.compile(rf"\b{_HARM}\b[^.;]{{0,60}}$", re.IGNORECASE)
_HARM_AFTER_RE = re.compile(
    rf"\s+(?:\w+\s+){{0,3}}?(?:in|by|from|of|during|after)\s+(?:an?\s+|the\s+)?"
    rf"(?:[\w-]+,?\s+(?:and\s+|or\s+)?){{0,3}}?{_HARM}\b",
    re.IGNORECASE,
)


def is_natural_harm(text: str, lo: int, trigger: tuple[int, int], hi: int) -> bool:
    """Deaths a disaster, disease or accident caused: no party's violence (UCDP, ACLED)."""
    return bool(
        _HARM_BEFORE_RE.search(text, max(lo, trigger[0] - 90), trigger[0])
        or _HARM_AFTER_RE.match(text, trigger[1], hi)
    )


#: "Wounded veterans joined the parade": the participle as an adjective, nobody hurt here.
_ATTRIBUTIVE_RE = re.compile(
    r"\s+(?!(?:by|in|at|on|and|or|as|when|while|after|during|near|outside|inside|from|with"
    r"|since|over|for|to|so|but|that|which|who)\b)[a-z][a-z-]+\b"
)
_BARE_START_RE = re.compile(
    r"^\W*(?:(?:the|some|many|several|other|two|three|former)\s+)?$", re.IGNORECASE
)


_NOMINAL_BEFORE_RE = re.compile(r"\b(?:the|for|to|of|among)\s+$", re.IGNORECASE)
_NOMINAL_AFTER_RE = re.compile(r"\s*(?:[.,;:)\"\u201d]|$)|\s+(?:and|or|to|in|at|of|who|were|was)\b")


def is_attributive(text: str, clause_start: int, trigger: tuple[int, int]) -> bool:
    """A participle as an adjective or a noun, nobody hurt in this clause: "Wounded veterans
    joined the parade", "passers-by crowded in to help the wounded"."""
    word = text[trigger[0] : trigger[1]].lower()
    if word not in ("wounded", "injured", "killed", "slain", "dead"):
        return False
    if _NOMINAL_BEFORE_RE.search(text, max(0, trigger[0] - 8), trigger[0]) and (
        _NOMINAL_AFTER_RE.match(text, trigger[1])
    ):
        return True
    return bool(
        _BARE_START_RE.match(text[clause_start : trigger[0]])
        and _ATTRIBUTIVE_RE.match(text, trigger[1])
    )


#: "the deaths", "those deaths": deaths told before, now explained or retold.
_DEFINITE_DEATHS_RE = re.compile(
    r"\b(?:the|these|those|their|its|his|her)\s+(?:[\w-]+\s+){0,1}?$", re.IGNORECASE
)


def is_definite_deaths(text: str, trigger: tuple[int, int]) -> bool:
    """A definite "the deaths" refers to a toll already told; it adds no event."""
    word = text[trigger[0] : trigger[1]].lower()
    return word == "deaths" and bool(
        _DEFINITE_DEATHS_RE.search(text, max(0, trigger[0] - 24), trigger[0])
    )


_BY_EVENT_RE = re.compile(
    r"\s+(?:\w+\s+){0,2}?(?:by|in)\s+(?:the|that|this|a)\s+(?:[\w-]+\s+){0,2}?(?:blasts?"
    r"|explosions?|bombings?|bombs?|attacks?|strikes?|shelling|raids?|ambush|assault|fighting"
    r"|clashes)\b",
    re.IGNORECASE,
)


def by_event(text: str, trigger: tuple[int, int], end: int) -> bool:
    """ "killed by the second blast", "died in the attack": the toll of an act told before."""
    return bool(_BY_EVENT_RE.match(text, trigger[1], end))
