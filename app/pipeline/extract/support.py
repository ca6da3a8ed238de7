"""Material cooperation and dissent: aid, cooperation, street protests (CAMEO 06-07, 14)."""

from __future__ import annotations

from app.pipeline.extract.rules import Rule, rule

AID = (
    r"(?:(?:financial|economic|humanitarian|food|energy|fuel|medical|technical|technological)"
    r" (?:aid|assistance|supplies|support|help)|aid|assistance|food|fuel|oil|loans?|funding"
    r"|grants?|energy supplies)"
)

RULES: tuple[Rule, ...] = (
    rule(
        "aid",
        r"(?:provided|provides|providing|sent|sends|delivered|delivers|gave|gives|granted|grants"
        rf"|donated|donates|allocated|shipped)(?=[^.;]{{0,60}}?\b{AID}\b)",
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
        "cooperation",
        r"(?:boosted|strengthened|deepened|expanded|stepped up) (?:[\w-]+\s+){0,2}?(?:cooperation"
        r"|ties|partnership)|cooperated with",
        0.6,
        verb="cooperates with",
    ),
    rule(
        "protest",
        r"(?:protesters|demonstrators|activists|crowds|thousands|hundreds|residents)\s+(?:\w+\s+)"
        r"{0,2}?(?:rallied|marched|gathered|protested|demonstrated|took to the streets"
        r"|staged (?:a |mass )?(?:protests?|rall(?:y|ies)|demonstrations?|sit-ins?))"
        r"|(?:protests?|demonstrations?|rallies) (?:erupted|broke out|took place|were held"
        r"|was held|spread)|took to the streets|protested|staged (?:a |mass )?(?:protests?"
        r"|rall(?:y|ies)|demonstrations?)",
        0.8,
        fallback_actor=True,
        verb="protest",
    ),
)
