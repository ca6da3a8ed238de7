"""Forces on the move and fighting, told as news tells it (issue 11): troops "arrived in Haiti",
army units "rolled into" towns, fighters "poured across the border" or "captured a highway",
"heavy fighting broke out", two armies "traded artillery fire".

Each frame pairs a verb of movement with forces (the WordNet-grown ``FORCE`` class, plus police)
as its subject. Arriving is a deployment; taking ground or pouring across a border is an
incursion, whose target is the place's country. Fighting as the subject of a verb of starting or
going on is a clash between whoever the sentence names.
"""

from __future__ import annotations

from app.pipeline.extract.lexicon import words
from app.pipeline.extract.rules import Rule, rule

_FORCE = words("FORCE")
_POLICE = (
    r"(?:police(?:\s+officers|men)?|gendarmes|peacekeepers|mercenaries|(?:military\s+)?"
    r"(?:instructors|advisers|advisors|trainers|contractors))"
)
_SUBJECT = rf"(?:{_FORCE}|{_POLICE})\s+(?:[\w'\u2019-]+\s+){{0,3}}?"
_FIGHTING = r"(?:heavy\s+|fierce\s+|intense\s+|renewed\s+|sporadic\s+)?(?:fighting|clashes|battles)"

RULES: tuple[Rule, ...] = (
    rule(
        "troop_deployment",
        # "Several hundred Kenyan police officers arrived in Haiti on Tuesday".
        r"(?:arrived|arrive|arrives|landed|touched down|were flown|were airlifted|rolled)"
        r"\s+(?:in|into|at|to)\b",
        0.65,
        preceded=_SUBJECT + r"(?:have\s+|had\s+|also\s+|finally\s+)?",
        verb="deploys troops",
    ),
    rule(
        "troop_deployment",
        # "New Zealand also sent in dozens more police and troops".
        rf"(?:sent|sends|flew|deployed)\s+(?:in|back)\s+(?:[\w,-]+\s+){{0,4}}?(?:{_FORCE}"
        rf"|{_POLICE})",
        0.7,
        verb="deploys troops",
    ),
    rule(
        "troop_deployment",
        # "Israel moved additional troops to its northern border", "has deployed an aircraft
        # carrier strike group to the eastern Mediterranean".
        rf"(?:moved|moves|rushed|rushes|redeployed|redeploys|massed|masses|deployed|deploys|sent"
        rf"|sends|(?<=is )sending|(?<=are )sending|dispatched|dispatches|positioned|stationed)"
        rf"\s+(?:[\w,-]+\s+){{0,4}}?"
        rf"(?:{_FORCE}|{_POLICE}|(?:aircraft )?carriers?(?: strike group)?|strike groups?"
        r"|(?:fighter )?jets|bombers|warships|air defen[cs]e systems)\b"
        r"(?=[^.;]{0,80}?\b(?:to|into|in|near|along|toward|towards|on)\b)",
        0.7,
        verb="deploys troops",
    ),
    rule(
        "military_parade",
        # "Russia marked Victory Day with a parade on Red Square".
        r"(?:marked|marks|celebrated|celebrates|commemorated|commemorates)\s+"
        r"(?:[\w'\u2019-]+\s+){0,5}?with\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}?parade",
        0.7,
        fallback_actor=True,
        verb="holds a military parade",
    ),
    rule(
        "military_exercise",
        # Forces acting "in drills": "Chinese warships surrounded Taiwan in drills".
        r"(?:in|during|for)\s+(?:(?:large-scale|joint|military|naval|air|live-fire|major|snap"
        r"|combat|new|annual)\s+)*(?:drills|exercises|war games|manoeuvres|maneuvers)",
        0.6,
        preceded=_SUBJECT + r"(?:[\w,'\u2019-]+\s+){0,6}?",
        verb="holds military drills",
    ),
    rule(
        "military_parade",
        # "Thousands of soldiers paraded through Red Square".
        r"(?:paraded|parades|marched|march)\s+(?:through|across|past|in|on|down|along)\b",
        0.6,
        preceded=_SUBJECT,
        fallback_actor=True,
        verb="holds a military parade",
    ),
    rule(
        "incursion",
        # Taking ground: "Turkish forces and allied fighters had captured a highway".
        r"(?:(?:captured|seized)(?!\s+(?:the\s+|an?\s+|\d+\s+|two\s+|three\s+|several\s+"
        r"|dozens of\s+)?(?:[\w-]+\s+)?(?:suspects?|men|people|persons|soldiers|fighters"
        r"|militants|civilians|hostages|prisoners|leaders?|commanders?|weapons|arms|drugs|cash"
        r"|ships?|vessels?|tankers?|boats?)\b)|overran|took control of|took over|marched into"
        r"|poured (?:across|into|over)|swept into|stormed into|pushed into|rolled across"
        r"|advanced on)",
        0.65,
        preceded=_SUBJECT + r"(?:have\s+|had\s+|has\s+|also\s+|then\s+)?",
        needs_target=True,
        verb="makes an incursion into",
    ),
    rule(
        "armed_clash",
        # "Heavy fighting broke out along the border", "fighting was continuing".
        rf"{_FIGHTING}\s+(?:\w+\s+)?(?:broke out|erupted|raged|flared|continued|resumed"
        r"|intensified|spread|was continuing|were continuing|continues|rages|persisted)",
        0.6,
        noun=True,
        fallback_actor=True,
        verb="clashes with",
    ),
    rule(
        "armed_clash",
        # Sides fighting each other: "troops brawled in the Galwan valley", "Ukrainian forces
        # repelled a Russian assault".
        r"(?:brawled|skirmished|scuffled)\b|(?:repelled|repulsed|fought off|beat back|pushed back)"
        r"\s+(?:an?\s+|the\s+|another\s+)?(?:[\w-]+\s+){0,2}?(?:assaults?|attacks?|offensives?"
        r"|advances?|attempts?)",
        0.7,
        verb="clashes with",
    ),
    rule(
        "incursion",
        # "Russian troops launched a cross-border offensive into Ukraine's Kharkiv region".
        r"(?:launched|began|started|mounted)\s+(?:an?\s+|the\s+|its\s+)?(?:[\w-]+\s+){0,3}?"
        r"(?:offensive|incursion|invasion|ground operation|operation|assault)\s+(?:into|in)\b",
        0.72,
        needs_target=True,
        verb="makes an incursion into",
    ),
    rule(
        "armed_clash",
        # "The two armies traded heavy artillery and mortar fire".
        r"(?:traded|trade|trades|exchanged|exchange|exchanges)\s+(?:[\w-]+\s+(?:and\s+)?){0,4}?"
        r"(?:fire|gunfire|shelling|barrages|salvoes|shots|blows)",
        0.7,
        verb="clashes with",
    ),
)
