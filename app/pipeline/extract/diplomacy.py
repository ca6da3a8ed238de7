"""Verbal cooperation and conflict: greetings, statements, meetings, talks, agreements,
accusations, demands, threats and sanctions (CAMEO 01-05, 10-13, 163)."""

from __future__ import annotations

from app.pipeline.extract.rules import Rule, rule

_PACT = (
    r"(?:agreement|deal|treaty|pact|accord|memorandum|declaration|ceasefire|cease-fire|truce"
    r"|armistice|protocol|roadmap|road map|communique|framework|understanding)s?"
)
_OCCASION = r"(?:New Year['\u2019]?s?|Christmas|holiday|birthday|congratulatory|condolence|Victory Day|anniversary|Eid)"  # noqa: E501

#: A time between a verb and its object: "summoned on Tuesday Russia's ambassador".
_WHEN = (
    r"(?:(?:on|last|this|early|late)\s+(?:\w+\s+){0,2}?(?:Monday|Tuesday|Wednesday|Thursday"
    r"|Friday|Saturday|Sunday|week|month|night|morning|evening|\d+)\s*,?\s+)?"
)

#: What talks that negotiate are about.
_DISPUTE = (
    r"(?:nuclear|ceasefire|cease-fire|peace|truce|deal|agreement|dispute|programme|program"
    r"|prisoners?|hostages|settlement|sanctions|border|territor(?:y|ial)|war)\b"
)

RULES: tuple[Rule, ...] = (
    rule(
        "greeting",
        r"(?:sent|sends|send|sending|conveyed|conveys|extended|extends|delivered|exchanged"
        r"|exchange)\s+(?:[\w'\u2019]+\s+){0,3}?(?:greetings?|congratulations|condolences"
        rf"|felicitations|{_OCCASION}\s+(?:messages?|letters?|cards?))",
        0.9,
        verb="sends a greeting",
    ),
    rule(
        "greeting",
        r"congratulated|congratulates|(?:offered|expressed|extended) (?:his |her |their )?"
        r"(?:condolences|congratulations)",
        0.85,
        verb="congratulates",
    ),
    rule(
        "greeting",
        rf"{_OCCASION}\s+(?:greetings?|messages?|letters?|cards?)|greetings?(?=\s+to\b)",
        0.75,
        noun=True,
        verb="sends a greeting",
    ),
    rule("greeting", r"message|letter", 0.4, noun=True, supporting=True, verb="sends a message"),
    rule(
        "statement",
        # A statement is a claim, confirmation or acknowledgement (CAMEO 010): a party owning up
        # to something ("North Korea officially confirmed that it had deployed troops"). A
        # relative clause ("Trump, who had announced ...") only describes its subject.
        r"(?<!who )(?<!which )(?<!that )(?:officially\s+)?(?:confirmed|confirms|acknowledged"
        r"|acknowledges|admitted|admits|disclosed|revealed)(?=\s+(?:[\w,'\u2019-]+\s+){0,5}?"
        r"(?:that|its|their|his|her|having|it|they)\b)",
        0.7,
        verb="confirms",
        sentence_wide=True,
    ),
    rule(
        "statement",
        # Announcing is how most acts are told ("announced a ceasefire", "announced that they
        # had struck a deal"): the act is the event and the announcement only its source, so
        # an announcement stands only as part of an event a stronger rule found.
        r"announced|announces|declared|declares",
        0.4,
        supporting=True,
        verb="announces",
    ),
    rule(
        "meeting",
        r"met(?:\s+with)?|meets(?:\s+with)?|held (?:a |an )?(?:\w+\s+)?(?:meeting|summit) with"
        r"|(?:meeting|summit) (?:with|between)|visited|hosted(?!\s+by\b)"
        r"(?![^.;,]{0,40}?\b(?:weapons|troops|forces|missiles|bases|refugees|migrants|drills"
        r"|exercises)\b)",
        0.75,
        verb="meets",
    ),
    rule(
        "negotiation",
        # Talks to settle something (CAMEO 046): negotiations, or talks named for their aim.
        r"(?:held|holds|hold|began|opened|resumed|concluded|wrapped up) (?:\w+\s+){0,2}?"
        r"negotiations|(?:held|holds|hold) (?:\w+\s+){0,2}?(?:peace|ceasefire|truce|nuclear"
        r"|trade|security|indirect|direct|border|normali[sz]ation) talks"
        r"|(?<!that )(?<!who )(?<!which )negotiated|negotiates",
        0.8,
        verb="holds talks with",
    ),
    rule(
        "negotiation",
        r"(?:began|opened|resumed|concluded|wrapped up) (?:\w+\s+){0,2}?talks"
        r"|(?:talks|negotiations) (?:with|between)"
        # Talks about a dispute: "held talks with his French counterpart on the nuclear programme".
        rf"|(?:held|holds|hold) (?:\w+\s+){{0,2}}?talks(?=[^.;]{{0,160}}?\b{_DISPUTE})",
        0.7,
        verb="holds talks with",
    ),
    rule(
        "meeting",
        # Leaders who "held talks" consult (CAMEO 04): "Putin and Xi held talks in the Kremlin".
        # So do those who speak by phone.
        rf"(?:held|holds|hold) (?:\w+\s+){{0,2}}?talks(?![^.;]{{0,160}}?\b{_DISPUTE})"
        r"|spoke (?:by (?:tele)?phone |on the phone )?"
        r"(?:with|to)(?=\s+(?-i:[A-Z]))|(?:held|had) (?:an?\s+)?(?:\w+\s+)?(?:phone|telephone"
        r"|video) (?:call|conversation|talks) with|(?:telephoned|phoned)(?=\s+(?-i:[A-Z]|his|her))"
        r"|arrived in (?:[\w'\u2019-]+\s+){1,3}?for (?:talks|meetings?) with",
        0.76,
        verb="meets",
    ),
    rule(
        "negotiation",
        # Talks counted out: "a round of negotiations in Addis Ababa", "days of talks in Sanaa
        # between Saudi and Houthi officials".
        r"(?:rounds?|days|weeks|hours|months) of (?:[\w-]+\s+)?(?:talks|negotiations)",
        0.6,
        noun=True,
        verb="holds talks with",
    ),
    rule(
        "meeting",
        # "Kiir and Machar sat down together", "the king greeted Trump on the tarmac".
        r"sat down (?:together|with|face to face)|(?:greeted|welcomed|received)"
        r"(?=\s+(?:[\w'\u2019.-]+\s+){1,5}?(?:on the tarmac|at the airport|on (?:his |her )?"
        r"arrival|at the (?:\w+\s+)?palace|at the presidential))",
        0.7,
        verb="meets",
    ),
    rule(
        "negotiation",
        r"(?:peace|ceasefire|truce|direct|bilateral|nuclear|trade|security) (?:talks|negotiations)",
        0.6,
        noun=True,
        verb="holds talks with",
    ),
    rule(
        "agreement",
        r"(?:signed|signs|concluded|inked|initialled|initialed|sealed|clinched|struck)"
        rf" (?:an?\s+|the\s+)?(?:[\w-]+\s+){{0,3}}?{_PACT}|reached (?:an?\s+|the\s+)?"
        rf"(?:[\w-]+\s+){{0,2}}?{_PACT}|agreed (?:to|on) (?:an?\s+|the\s+)?(?:[\w-]+\s+){{0,2}}?"
        rf"{_PACT}|agreed (?:on \w+ )?to (?:a |an )?(?:halt|cease|end|stop|pause|exchange|swap"
        r"|resume|restore"
        r"|normali[sz]e|extend|share|allow|release|open|reopen|establish|set up|form|create|work"
        r"|cooperate|hold|implement|withdraw|return|lift|reduce|de-escalate|respect|recognise"
        r"|recognize|build|launch|expand|boost|deepen|strengthen|increase|jointly)"
        r"|announced (?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:ceasefire|truce|cease-fire)",
        0.8,
        verb="reaches an agreement with",
    ),
    rule(
        "agreement",
        # Nominal: "the signing of the accord", "a ceasefire between X and Y took effect".
        rf"(?:signing|conclusion) of (?:an?\s+|the\s+)?(?:[\w-]+\s+){{0,3}}?{_PACT}"
        r"|(?:ceasefire|cease-fire|truce|peace deal|agreement|deal|accord)"
        r"(?=\s+(?:\w+\s+){0,6}?(?:took effect|came into (?:force|effect)|went into effect"
        r"|was (?:signed|reached|agreed|brokered|announced|struck)|entered into force))",
        0.7,
        noun=True,
        verb="reaches an agreement with",
    ),
    rule(
        "accusation",
        r"condemned|condemns|denounced|denounces|criticised|criticized|criticises|criticizes"
        r"|accused|accuses|blamed|blames|slammed|lodged (?:a |an )?(?:formal |diplomatic |strong )?"
        rf"protest|summoned\s+{_WHEN}(?:[\w'\u2019.-]+\s+){{0,3}}?(?:ambassador|envoy"
        r"|charg[eé] d['\u2019]affaires)"
        r"|protested (?:against|to)|rebuked|lambasted|charged(?=\s+(?:that|[\w'\u2019.-]+\s+"
        r"(?:[\w'\u2019.-]+\s+){0,3}?(?:with|of)\b))"
        # Naming an act by a harsh word: "described the bombings as cowardly".
        # A designation ("branded a terrorist organisation") names a party, not an act.
        r"|(?<!which )(?<!has )(?:described|branded|labelled|labeled|called|denounced)"
        r"(?=\s+(?:[\w'\u2019-]+\s+){1,4}?(?:as\s+)?(?:an?\s+)?[\"\u201c]?(?:[\w-]+\s+)?"
        r"(?:cowardly|flagrant|blatant|gross|brutal|barbaric|criminal|heinous|vicious"
        r"|illegal|unacceptable|provocation|provocative|aggression|assault|act of war|war crime"
        r"|genocide|massacre|atrocity|outrageous|reckless|irresponsible|hostile))"
        # Holding a party to account: "held Hamas responsible".
        r"|held\s+(?=(?:[\w'\u2019.-]+\s+){1,4}?(?:responsible|accountable)\b)",
        0.75,
        verb="condemns",
    ),
    rule(
        "accusation",
        # Disapproval (CAMEO 11): "Washington was deeply concerned by the ruling party's moves".
        r"(?:(?:deeply|gravely|seriously|very)\s+)?concerned[\"\u201d']?\s+(?:by|about|over|at)\b"
        r"|expressed (?:(?:deep|grave|serious|strong)\s+)?(?:concern|alarm|outrage|dismay) "
        r"(?:over|about|at)\b",
        0.6,
        verb="criticises",
    ),
    rule(
        "accusation",
        # Blame reported by the blamer: "Moscow said Kyiv was behind the drone attack", "Baku
        # said Yerevan had violated the ceasefire".
        r"(?:was|were|is|are|had been)\s+(?:\w+ly\s+)?(?:behind|responsible for|to blame for)"
        r"|(?:had|has|have)\s+(?:\w+ly\s+)?(?:violated|breached|broken)",
        0.7,
        speaker=True,
        verb="accuses",
    ),
    rule(
        "demand",
        r"(?<!which )(?<!that )demanded|demands(?=\s+(?:that|the|an?|its|their|[A-Z]))",
        0.65,
        verb="demands",
    ),
    rule(
        "demand",
        # Telling a party to act (CAMEO 10): "told French forces to leave", "urged protesters to
        # return to normal life", "called on Cuba to hand them over". An appeal with no one
        # addressed ("urged an immediate halt", "called for dialogue") is no demand.
        # Orders to one's own ("told the military to", "urged workers to") are directives.
        r"(?:called on|calls on|calling on|urged|urges|urging|told|tells|asked|asks|pressed"
        r"|presses|pressing)(?!\s+(?:(?:his|her|its|their|our|the)\s+)?(?:military|army"
        r"|armed forces|workers|officials|staff|troops|soldiers|citizens|residents|people"
        r"|government)\b)"
        r"(?=\s+(?:(?!for\b|with\b|about\b)[\w'\u2019.,-]+\s+){1,6}?to\s+"
        r"(?!the\b|an?\b|its\b|their\b|his\b|her\b|this\b|that\b|(?-i:[A-Z\d]))[a-z]+)",
        0.6,
        verb="demands",
    ),
    rule(
        "threat",
        r"threatened|threatens|(?:vowed|vows|promised|promises) (?:to retaliate|retaliation|revenge"
        r"|a (?:strong |harsh |tough |firm |decisive )?response|to (?:respond|hit back|strike back"
        r"|punish|avenge|retaliate))|issued an ultimatum",
        0.7,
        verb="threatens",
    ),
    rule(
        "threat",
        # A warning is a threat when it names a consequence: "warned that Kyiv would pay".
        # The party that would act is a pronoun or a name, not "the conflict could spread".
        r"(?:warned|warns|cautioned|vowed|vows)(?=[^.;]{0,160}?(?:\b(?:it|they|he|she|we|I|you)"
        r"|\b(?-i:[A-Z])[\w'\u2019-]+)\s+(?:\w+ly\s+)?(?:would|will|could|'ll|might)\b"
        # or a consequence for the other side: "any attack would be met with a response".
        r"|[^.;]{0,160}?\b(?:would|will|could|might)\s+(?:be met with|face|pay|suffer|regret)\b"
        r"|\s+of\s+"
        r"(?:(?:a|an|the)\s+)?(?:[\w-]+\s+)?(?:retaliation|consequences|response|reprisals?"
        r"|retribution|countermeasures|war|escalation))",
        0.7,
        verb="threatens",
        sentence_wide=True,
    ),
    rule(
        "threat",
        # Said to retaliate: "Tehran would respond decisively to any aggression".
        r"(?:would|will|'ll)\s+(?:\w+ly\s+)?(?:respond|retaliate|hit back|strike back|avenge"
        r"|take (?:\w+\s+){0,2}?(?:countermeasures|retaliatory|military action)"
        r"|continue to (?:target|attack|strike)|not hesitate to|(?:target|attack|strike|hit"
        r"|destroy|sink|shoot down)(?=\s+(?:any|all|every|US|U\.S\.|American|Israeli|enemy"
        r"|those)\b))",
        0.65,
        verb="threatens",
    ),
    rule(
        "sanction",
        r"(?:imposed|imposes|slapped|announced|unveiled|adopted|approved|expanded|extended"
        r"|tightened) (?:[\w-]+\s+){0,3}?(?:sanctions|embargo|export controls|travel bans?"
        r"|asset freezes?|visa (?:restrictions|bans)|entry bans)|sanctioned|blacklisted"
        r"|(?:new|fresh) sanctions(?=\s+(?:on|against))"
        r"|voted (?:unanimously )?to (?:impose|slap|extend|renew|tighten) (?:[\w-]+\s+){0,3}?"
        r"(?:sanctions|an? (?:arms )?embargo)",
        0.85,
        verb="imposes sanctions on",
    ),
)
