"""Material cooperation and dissent: aid, cooperation, street protests (CAMEO 06-07, 14)."""

from __future__ import annotations

from app.pipeline.extract.rules import Rule, rule

AID = (
    r"(?:(?:financial|economic|humanitarian|food|energy|fuel|medical|technical|technological"
    r"|relief)\s+(?:aid|assistance|supplies|support|help)|aid|assistance|food|fuel|oil|loans?"
    r"|funding|grants?|energy supplies|relief|medicines?|medical supplies|flour|wheat|grain"
    r"|tents|blankets|drinking water|vaccines|generators|humanitarian)"
)

#: One character of the verb's own object: the search for what was given stops at a second
#: verb phrase ("sent a message ... and offered to send rescuers").
SAME_OBJECT = r"(?:(?!\band\s+(?:\w+\s+)?(?:offered|pledged|promised|said|vowed)\b)[^.;])"

RULES: tuple[Rule, ...] = (
    rule(
        "aid",
        r"(?:provided|provides|providing|sent|sends|delivered|delivers|gave|gives|granted|grants"
        r"|donated|donates|allocated|shipped|airdropped|dispatched|handed over|disbursed|airlifted"
        r"|flew in|flew|flies|trucked)"
        rf"(?={SAME_OBJECT}{{0,60}}?\b{AID}\b)",
        0.75,
        verb="provides aid to",
    ),
    rule(
        "aid",
        r"(?:financial|economic|humanitarian|food|energy|medical) (?:aid|assistance)"
        r"(?=\s+(?:to|for)\b)",
        0.55,
        noun=True,
        verb="provides aid to",
    ),
    rule(
        "aid",
        r"(?:announced|approved|unveiled|released|allocated)\s+(?:an?\s+|the\s+)?(?:[$\w.,-]+\s+)"
        r"{0,4}?(?:(?:aid|assistance|relief|support) (?:package|tranche|funding)|(?:humanitarian"
        r"|emergency|military|financial|economic|food) (?:aid|assistance))",
        0.75,
        verb="provides aid to",
    ),
    rule(
        "aid",
        r"(?:aid|relief|humanitarian) (?:convoys?|shipments?|flights?|trucks|lorries|ships?"
        r"|deliveries|supplies|planes?|vessels?)(?:\s+[\w,'\u2019-]+){0,6}?\s+(?:arrived|reached"
        r"|entered|crossed|docked|landed|were delivered|was delivered|rolled)",
        0.7,
        fallback_actor=True,
        verb="provides aid to",
    ),
    rule(
        "aid",
        rf"(?:received|receives|accepted)(?=[^.;]{{0,60}}?\b{AID}\b[^.;]{{0,40}}?\bfrom\b)",
        0.7,
        verb="provides aid to",
        agent_prep="from",
    ),
    rule(
        "aid",
        # Nominal, with the giver and the receiver named: "an aid shipment from the UAE to Gaza".
        r"(?:aid|relief|humanitarian|assistance|food|fuel|medical) (?:convoys?|shipments?"
        r"|flights?|packages?|deliveries|consignments?|supplies)(?=\s+(?:\w+\s+){0,3}?from\s)",
        0.6,
        noun=True,
        verb="provides aid to",
    ),
    rule(
        "cooperation",
        r"(?:boosted|strengthened|deepened|expanded|stepped up) (?:[\w-]+\s+){0,2}?(?:cooperation"
        r"|ties|partnership)|cooperated with",
        0.6,
        verb="cooperates with",
    ),
    rule(
        "cooperation",
        # Material cooperation (CAMEO 06): deals with a price ("concluded agreements worth $50
        # billion with U.S. companies"), operations coordinated with another party, a joint
        # mechanism set up, trade that sustains a war ("buying Russian oil").
        r"(?:concluded|signed|inked|struck|sealed)\s+(?:[\w-]+\s+){0,3}?(?:deals|contracts"
        r"|agreements|accords)\s+worth"
        r"|(?:had been|was|were)\s+(?:\w+ly\s+)?coordinated with|(?:coordinated|carried out"
        r"|conducted)\s+(?:[\w-]+\s+){0,3}?jointly with"
        r"|(?:set up|established|launched|created)\s+(?:a\s+|the\s+|an\s+)?(?:new\s+|joint\s+)*"
        r"(?:mechanism|fund|venture|task force|payment channel|trade channel|corridor)"
        r"|(?:buying|bought|buys|importing|imported|imports)\s+(?:[\w-]+\s+){0,2}?(?:oil|gas"
        r"|crude|grain|coal|uranium)\b",
        0.82,
        verb="cooperates with",
    ),
    rule(
        "protest",
        r"(?:protesters|demonstrators|activists|crowds|thousands|hundreds|residents|students"
        r"|workers|supporters)\s+(?:\w+\s+){0,2}?(?:rallied|marched|gathered|protested"
        r"|demonstrated|took to the streets|blocked|chanted|staged (?:a |mass )?(?:protests?"
        r"|rall(?:y|ies)|demonstrations?|sit-ins?|marches))"
        r"|(?:protests?|demonstrations?|rallies|marches|sit-ins?) (?:\w+\s+)?(?:erupted|broke out"
        r"|took place|were held|was held|spread|swept|continued|turned violent)|took to the streets"
        r"|protested|rallied|staged (?:a |mass )?(?:protests?|rall(?:y|ies)|demonstrations?"
        r"|marches|sit-ins?)|held (?:a |mass )?(?:protests?|rall(?:y|ies)|demonstrations?)",
        0.8,
        fallback_actor=True,
        verb="protest",
    ),
)
