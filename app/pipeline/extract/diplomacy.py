"""Verbal cooperation and conflict: greetings, statements, meetings, talks, agreements,
accusations, demands, threats and sanctions (CAMEO 01-05, 10-13, 163)."""

from __future__ import annotations

from app.pipeline.extract.rules import Rule, rule

_OCCASION = r"(?:New Year['\u2019]?s?|Christmas|holiday|birthday|congratulatory|condolence|Victory Day|anniversary|Eid)"  # noqa: E501

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
        r"(?:officially\s+)?(?:confirmed|confirms|acknowledged|acknowledges|admitted|admits"
        r"|announced|announces|declared|declares|disclosed|revealed)",
        0.7,
        verb="confirms",
    ),
    rule(
        "meeting",
        r"met(?:\s+with)?|meets(?:\s+with)?|held (?:a |an )?(?:\w+\s+)?(?:meeting|summit) with"
        r"|(?:meeting|summit) (?:with|between)|visited|hosted",
        0.75,
        verb="meets",
    ),
    rule(
        "negotiation",
        r"(?:held|holds|hold) (?:\w+\s+)?talks|(?:talks|negotiations) (?:with|between)"
        r"|negotiated|negotiates",
        0.75,
        verb="holds talks with",
    ),
    rule(
        "agreement",
        r"(?:signed|signs|concluded|inked) (?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}?(?:agreement|deal"
        r"|treaty|pact|accord|memorandum)|reached (?:an?\s+|the\s+)?(?:\w+\s+)?(?:agreement|deal"
        r"|accord|ceasefire|truce)|agreed (?:to|on)",
        0.8,
        verb="reaches an agreement with",
    ),
    rule(
        "accusation",
        r"condemned|condemns|denounced|denounces|criticised|criticized|criticises|criticizes"
        r"|accused|accuses|blamed|blames|slammed|lodged (?:a |an )?(?:formal |diplomatic )?protest",
        0.75,
        verb="condemns",
    ),
    rule("demand", r"demanded|demands|called on|calls on|urged|urges", 0.65, verb="demands"),
    rule("threat", r"threatened|threatens|warned|warns", 0.7, verb="threatens"),
    rule(
        "sanction",
        r"(?:imposed|imposes|slapped|announced|unveiled) (?:[\w-]+\s+){0,2}?sanctions"
        r"|sanctioned|(?:new|fresh) sanctions(?=\s+(?:on|against))",
        0.85,
        verb="imposes sanctions on",
    ),
)
