"""Frames over the WordNet-grown word classes: the event families told in words no hand rule
lists (issue 11: troops "pulling out", planes "delivering supplies", a "package" of weapons,
condolences, asset freezes, parties "agreeing to stop fighting", bombs that "went off").

Each frame is a predicate class plus the argument class it needs (:mod:`.lexicon`): a verb of
leaving with forces as its subject or object is a withdrawal, a verb of handing over with weapons
as its object an arms transfer. Frames are weaker than the hand rules (lower confidence), so a
hand rule matching the same words wins and a frame only adds what the hand rules miss.
"""

from __future__ import annotations

import re

from app.pipeline.extract.lexicon import FINITE, words
from app.pipeline.extract.rules import Rule, rule
from app.pipeline.extract.support import SAME_OBJECT

_FORCE = words("FORCE")
_WEAPON = words("WEAPON")
_AID = words("AID_GOODS")
_PRISONER = words("PRISONER")
_BOMB = words("BOMB_N")
_SANCTION_N = words("SANCTION_N")
_GREETING_N = words("GREETING_N")
_AGREEMENT_N = words("AGREEMENT_N")
_WITHDREW = words("WITHDRAW_V", *FINITE)
_GAVE = words("GIVE_V", *FINITE)
_EXPLODED = words("EXPLODE_V", *FINITE)
_RELEASED = words("RELEASE_V", "past")
_RELEASING = words("RELEASE_V", "ing")
_RELEASE_FINITE = words("RELEASE_V", *FINITE)
_CEASE = words("CEASE_V", "base")
_PRODUCED = words("PRODUCE_V", *FINITE)
_PRODUCE = words("PRODUCE_V", "base")
_CROWD = words("CROWD_N")
CROWD_RE = re.compile(rf"\b{_CROWD}\b", re.IGNORECASE)
FORCE_RE = re.compile(rf"\b{_FORCE}\b", re.IGNORECASE)
_PROTEST_N = words("PROTEST_N")
_PROTESTED = words("PROTEST_V", *FINITE)
_GATHERED = words("GATHER_V", *FINITE)
_FIGHTING = (
    r"(?:fighting|hostilities|attacks|military operations|combat|clashes|shelling|strikes"
    r"|the war|offensive operations|firing)"
)
_WORDS = r"(?:[\w,'\u2019$.-]+\s+)"
_MODS = r"(?:[\w'\u2019-]+\s+)"
#: Modifiers within one noun phrase: "more artillery shells", not "factories to supply shells".
_OBJECT_MODS = r"(?:(?!to\b|for\b|and\b)[\w'\u2019-]+\s+)"

RULES: tuple[Rule, ...] = (
    rule(
        "withdrawal",
        # Forces as the subject: "Syrian government forces have withdrawn from ...".
        rf"{_WITHDREW}(?=\s+(?:(?:from|out|of|to|back|across|the|their|its|all|positions|bases)"
        r"\b|(?-i:[A-Z])))",
        0.6,
        preceded=rf"{_FORCE}\s+{_MODS}{{0,3}}?",
        verb="withdraws from",
    ),
    rule(
        "withdrawal",
        # Forces as the object: "pulled out its last troops", "withdrew 2,000 soldiers".
        rf"{_WITHDREW}\s+{_WORDS}{{0,4}}?{_FORCE}",
        0.6,
        verb="withdraws from",
    ),
    rule(
        "withdrawal",
        rf"(?:withdrawal|pullout|pull-out|pullback|drawdown) of {_WORDS}{{0,3}}?{_FORCE}"
        r"|(?:troop|military|force) (?:withdrawals?|pullouts?)",
        0.55,
        noun=True,
        verb="withdraws from",
    ),
    rule(
        "aid",
        rf"{_GAVE}(?={SAME_OBJECT}{{0,60}}?\b{_AID}\b)",
        0.6,
        verb="provides aid to",
    ),
    rule(
        "aid",
        # "a convoy carrying food reached Kadugli", "planes loaded with tents landed in ...".
        r"(?:convoys?|trucks|lorries|planes?|flights?|ships?|aircraft|helicopters|vessels?)\s+"
        rf"(?:carrying|loaded with|laden with|bearing|full of|with)\s+{_WORDS}{{0,4}}?{_AID}"
        r"(?:\s+[\w,'\u2019-]+){0,8}?\s+(?:arrived|reached|entered|crossed|landed|docked"
        r"|touched down|rolled into)",
        0.6,
        fallback_actor=True,
        verb="provides aid to",
    ),
    rule(
        "aid",
        # "pledged $50 million in humanitarian assistance".
        # "pledged more than 2 billion euros ($2.1 billion) in humanitarian assistance".
        r"(?:pledged|pledges|promised|committed|earmarked|put|contributed)\s+(?:an?\s+|another\s+"
        r"|a further\s+)?(?:(?:more than|over|about|nearly|almost|some|up to|around)\s+)?"
        r"(?:[$\u20ac\u00a3]?\s?[\d.,]+\s*(?:million|billion|bn|m)?\s+(?:\w+\s+)?"
        r"(?:\([^)]{1,30}\)\s+)?(?:in|of|for|toward|towards)\s+(?:the\s+)?)"
        r"(?:new\s+|additional\s+|fresh\s+)?(?:humanitarian|emergency|relief|reconstruction|food"
        r"|financial|economic|development)?\s*(?:aid|assistance|relief|support|funding|help"
        r"|mission|fund|appeal)",
        0.6,
        verb="provides aid to",
    ),
    rule(
        "arms_transfer",
        rf"{_GAVE}(?=[^.;]{{0,80}}?\b{_WEAPON}\b)",
        0.6,
        verb="supplies arms to",
    ),
    rule(
        "arms_transfer",
        # The giver as the subject: "Washington announced a $400 million package of weapons".
        r"(?:announced|announces|approved|approves|unveiled|unveils|authori[sz]ed|authori[sz]es"
        r"|pledged|pledges|sent|sends|delivered|delivers)\s+(?:an?\s+|the\s+|its\s+|another\s+)?"
        rf"{_WORDS}{{0,5}}?(?:(?:packages?|tranches?|drawdowns?|shipments?|consignments?)\s+of\s+"
        rf"{_WORDS}{{0,4}}?(?:{_WEAPON}|military (?:aid|assistance|equipment)|security assistance)"
        r"|(?:weapons|arms|military[- ]aid|security[- ]assistance|military) (?:packages?"
        r"|drawdowns?|shipments?|deliveries|tranches?))",
        0.75,  # above "announced" as a statement: announcing the package is the transfer
        verb="supplies arms to",
    ),
    rule(
        "arms_transfer",
        # "a $400 million package of weapons", "the latest drawdown", "weapons deliveries".
        r"(?:packages?|tranches?|drawdowns?|shipments?|consignments?|deliver(?:y|ies)|batch(?:es)?)"
        rf"\s+of\s+{_WORDS}{{0,4}}?(?:{_WEAPON}|military (?:aid|assistance|equipment)"
        r"|security assistance)"
        r"|(?:weapons|arms|military[- ]aid|security[- ]assistance|defen[cs]e|military) "
        r"(?:packages?|drawdowns?|shipments?|deliveries|transfers?|tranches?)",
        0.6,
        noun=True,
        verb="supplies arms to",
    ),
    rule(
        "sanction",
        r"(?:froze|frozen|freezes|freezing|seized|blocked)\s+(?:the\s+)?(?:[\w'\u2019-]+\s+){0,4}?"
        r"(?:assets|accounts|funds|property|properties|holdings)"
        rf"|(?:imposed|imposes|announced|slapped|placed|issued|introduced|ordered|unveiled)"
        rf"\s+{_WORDS}{{0,3}}?{_SANCTION_N}"
        r"|(?:added|put|placed)\s+(?:[\w,'\u2019-]+\s+){0,6}?(?:to|on)\s+(?:its|a|the)\s+"
        r"(?:[\w-]+\s+){0,2}?(?:blacklist|sanctions list|entity list|terrorist list)"
        r"|(?:banned|barred)\s+(?:[\w'\u2019-]+\s+){0,5}?from\s+(?:entering|travel|travelling"
        r"|traveling)",
        0.65,
        verb="sanctions",
    ),
    rule(
        "greeting",
        r"(?:sent|sends|offered|offers|expressed|expresses|conveyed|conveys|extended|extends"
        rf"|delivered|wired|cabled)\s+(?:his|her|their|its|the|a|an)?\s*{_MODS}{{0,3}}?"
        rf"{_GREETING_N}",
        0.7,
        verb="sends a message",
    ),
    rule(
        "agreement",
        rf"agreed\s+(?:on\s+|to\s+)?(?:an?\s+|the\s+)?{_MODS}{{0,3}}?{_AGREEMENT_N}"
        rf"|agreed (?:to|on) (?:an? )?(?:immediate |permanent |complete )?{_CEASE}\s+"
        rf"(?:the\s+|all\s+)?{_FIGHTING}"
        rf"|(?:reached|struck|forged|hammered out|finali[sz]ed|sealed)\s+(?:an?\s+|the\s+)?"
        rf"{_MODS}{{0,3}}?{_AGREEMENT_N}",
        0.7,
        verb="agrees with",
    ),
    rule(
        "attack",
        # A bomb going off, its author untold: "a car bomb exploded near a market".
        rf"{_BOMB}\s+(?:(?!(?:no|not|never|nor)\b)[\w,'\u2019-]+\s+){{0,5}}?"
        rf"(?:{_EXPLODED}|blew (?:himself|herself|themselves) up|ripped through|tore through)"
        rf"|(?:detonated|set off|planted|triggered)\s+(?:an?\s+|the\s+|his\s+|their\s+)?"
        rf"{_MODS}{{0,2}}?{_BOMB}",
        0.7,
        actorless=True,
        verb="bombs",
    ),
    rule(
        "weapons_production",
        # "Houthi engineers have refitted their missiles", "Iran has mass-produced drones".
        rf"{_PRODUCED}\s+(?:(?:more|new|additional|its|their|his|the|thousands of|hundreds of"
        rf"|[\d,]+)\s+)*{_OBJECT_MODS}{{0,3}}?{_WEAPON}",
        0.6,
        verb="produces weapons",
    ),
    rule(
        "weapons_production",
        # A directive to make them: "ordered his munitions industry to churn out more shells".
        rf"{_PRODUCE}\s+(?:(?:more|new|additional|its|their|the|thousands of|hundreds of"
        rf"|[\d,]+)\s+)*{_OBJECT_MODS}{{0,3}}?{_WEAPON}",
        0.6,
        preceded=r"(?:ordered|orders|instructed|instructs|directed|directs|told|tells|urged|urges)"
        r"\s+(?:[\w'\u2019-]+\s+){0,4}?to\s+",
        verb="orders weapons production",
    ),
    rule(
        "protest",
        # A crowd as the subject of a verb of protest or gathering: "some 2,000 people marched
        # on Government House", "thousands of young demonstrators poured into the streets".
        rf"{_PROTESTED}|{_GATHERED}",
        0.6,
        # Not "thousands of troops marched": forces on parade are no crowd.
        preceded=rf"\b{_CROWD}\s+(?:(?!{_FORCE}\b)[\w,'\u2019()-]+\s+){{0,8}}?",
        fallback_actor=True,
        verb="protest",
    ),
    rule(
        "protest",
        # Joining or staging one: "thousands joined the biggest wave of anti-government protests".
        rf"(?:joined|joins|staged|stages|held|holds|mounted|mounts)\s+(?:[\w'\u2019-]+\s+){{0,5}}?"
        rf"{_PROTEST_N}",
        0.6,
        fallback_actor=True,
        verb="protest",
    ),
    rule(
        "protest",
        # The dissent as the subject: "riots broke out", "the unrest spread to Mombasa".
        rf"{_PROTEST_N}\s+(?:\w+\s+)?(?:erupted|broke out|took place|spread|swept|flared"
        r"|continued|turned violent|were held|was held|raged|rocked|gripped|paralysed|paralyzed)",
        0.6,
        fallback_actor=True,
        verb="protest",
    ),
    rule(
        "protest",
        # Drawing crowds out: "the bill has drawn tens of thousands of protesters onto the streets".
        rf"(?:drew|drawn|draws|brought|brings|sent)\s+(?:[\w,'\u2019-]+\s+){{0,4}}?{_CROWD}"
        r"\s+(?:\w+\s+){0,2}?(?:on|in)?to\s+the\s+streets",
        0.6,
        fallback_actor=True,
        verb="protest",
    ),
    rule(
        "prisoner_exchange",
        rf"{_RELEASE_FINITE}\s+{_WORDS}{{0,5}}?{_PRISONER}",
        0.65,
        verb="releases prisoners",
    ),
    rule(
        "prisoner_exchange",
        # "Israel began freeing a group of Palestinian prisoners on Saturday".
        rf"(?:began|begins|started|starts|continued|completed|finished)\s+{_RELEASING}\s+"
        rf"{_WORDS}{{0,5}}?{_PRISONER}",
        0.65,
        verb="releases prisoners",
    ),
    rule(
        "prisoner_exchange",
        # People freed in a trade: "Venezuela freed 10 Americans in exchange for ...".
        rf"{_RELEASE_FINITE}\s+(?:[\d,]+|two|three|four|five|six|seven|eight|nine|ten|dozens of"
        r"|hundreds of)\s+(?:[\w-]+\s+)?(?:(?-i:[A-Z])\w+(?:ans|ians|ese|is|ish|ch)|nationals"
        r"|citizens|people|soldiers|fighters|civilians)"
        r"(?=[^.;]{0,80}?\b(?:in exchange|exchange|swap|in return|deal)\b)",
        0.65,
        verb="releases prisoners",
    ),
    rule(
        "prisoner_exchange",
        _RELEASED,
        0.6,
        preceded=rf"{_PRISONER}\s+{_MODS}{{0,4}}?(?:were|was|had been|have been|has been)\s+"
        r"(?:\w+\s+)?",
        actorless=True,
        verb="releases prisoners",
    ),
)
