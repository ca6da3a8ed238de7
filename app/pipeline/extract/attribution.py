"""Who says an event happened and how sure it is, and whether it happened at all.

certainty (API.md): ``confirmed`` when the acting party itself says, confirms or acknowledges it
("the Kremlin said", "its General Staff confirmed that its forces had hit ..."); ``alleged`` for
intelligence and unnamed sources and hedges ("is believed to", "intelligence agencies say",
"reportedly", "accused of", "claimed"); otherwise ``reported`` (a news or state outlet, or
officials of another party, report it: the article itself is a report).
"""

from __future__ import annotations

import re

from app.pipeline.recognize import Mention
from app.pipeline.types import ActorDraft

_SOURCES = (
    r"(?:[A-Z][\w'\u2019.-]*\s+(?:and\s+|or\s+)?)*(?:(?:military|intelligence|security"
    r"|government|defen[cs]e|western|senior|unnamed|anonymous)\s+)*(?:intelligence agencies"
    r"|intelligence officials|intelligence services|intelligence|analysts|sources|experts"
    r"|observers|monitors|diplomats|estimates|unnamed officials|officials who spoke on condition"
    r" of anonymity)"
)
_ALLEGED_RE = re.compile(
    rf"(?P<who>{_SOURCES})\s+(?:say|said|says|believe|believes|estimate|estimated|estimates"
    r"|claim|claimed|claims|assess|assessed|suggest|suggested|told|suspect|suspected)\b"
    rf"|according to (?:the\s+)?(?P<who2>{_SOURCES})"
)
#: Hedges that make what follows them (or their own clause) an allegation.
_HEDGE_RE = re.compile(
    r"\b(?:(?:is|are|was|were|has been|have been) (?:widely )?(?:believed|thought|suspected|said"
    r"|alleged|reported|understood) to|reportedly|allegedly|purportedly|suspected(?: of)?"
    r"|accus(?:ed|es|ing) (?:\w+\s+){1,4}?of|blam(?:ed|es|ing) (?:\w+\s+){1,4}?for"
    r"|claim(?:ed|s)? (?:that|to have)|(?:which|who) (?:it|they|he|she) (?:said|says) (?:was|were)"
    r"|unverified|could not be (?:independently )?verified)\b",
    re.IGNORECASE,
)
_SPEECH_TYPES = frozenset({"accusation", "demand", "threat", "statement", "greeting"})
#: Speech acts whose speaker is the actor: what the actor said is the event, so it is confirmed.
_OWN_WORDS = frozenset({"accusation", "demand", "threat", "statement"})
_MEDIA_NOUN = (
    r"(?:state(?:-run)? (?:media|television|TV|news agency|broadcaster)|(?:local|official)"
    r" media|news agency|newspaper|news site|broadcaster)"
)
_REPORTED_RE = re.compile(
    rf"(?:according to|published by|carried by|reported by|cited by|quoted by|told)\s+(?:the\s+)?"
    rf"(?P<by>(?:[\w'\u2019-]+\s+){{0,5}}?{_MEDIA_NOUN})|(?P<subj>{_MEDIA_NOUN})\s+(?:reported|said"
    r"|says|reports|quoted|published)",
    re.IGNORECASE,
)
_SAYS_RE = re.compile(
    r"\s*(?:\w+\s+){0,2}?(?:officially\s+)?(?:confirmed|confirms|acknowledged|acknowledges"
    r"|admitted|admits|announced|announces|said|says|stated|claimed responsibility|told)\b"
)
#: An adverbial clause between a speech verb and the trigger: the event is not what was said
#: ("Kim said ties were strong, as he sent a greeting").
_NOT_COMPLEMENT_RE = re.compile(
    r"[,;]\s*(?:as|while|when|after|before|since)\b|\b(?:as|while|when)\s+(?:he|she|it"
    r"|they)\b",
    re.IGNORECASE,
)
_TAIL_BEFORE_RE = re.compile(r"[,\u2014]\s*(?:the\s+|a\s+|an\s+)?(?:[\w'\u2019.-]+\s+){0,4}$")
_TAIL_AFTER_RE = re.compile(r"[^.;!?]{0,120}?(?:[.;!?]|$)")
_MODAL_RE = re.compile(
    r"\b(?:could|would|might|(?-i:may)|will|shall|should|plans? to|planning to|intends? to"
    r"|intended to|expected to|set to|likely to|aims? to|aimed at|threaten(?:s|ed)? to"
    r"|vow(?:s|ed)? to|pledg(?:es|ed) to|promis(?:es|ed) to|wants? to|seeks? to|seeking to"
    r"|ready to|prepared to|considering|proposed|possible|potential|planned|prospective|future"
    r"|resumption of|to discuss|if|unless|whether|calls? for|called for|urged?s?"
    r"|demand(?:s|ed)?|in order to|hopes? to|hoped to|agreed to|offered to|asked for"
    r"|(?:is|are|was|were) due to|(?:is|are|was|were) to)\b",
    re.IGNORECASE,
)
_NEGATION_RE = re.compile(
    r"\b(?:not|never|no|neither|nor|without|n't)\b|n't\b",
    re.IGNORECASE,
)
#: Negating verbs govern their own complement only: "denied attacking the camp and accused
#: the army" codes the accusation.
_NEGATING_VERB_RE = re.compile(
    r"\b(?:denied|denies|deny|denying|refused to|refuses to|rejected|dismissed|ruled out"
    r"|declined to)\b",
    re.IGNORECASE,
)
#: An act told as still to come, by what follows its trigger: "talks are due next week",
#: "a summit scheduled for March", "the exchange will take place on Friday".
_FUTURE_AFTER_RE = re.compile(
    r"^[^.;]{0,50}?\b(?:(?:is|are)\s+(?:now\s+)?(?:due|scheduled|expected|set|slated|planned"
    r"|to be held|to take place)\b|(?:will|would|shall)\s+(?:\w+\s+)?(?:be held|take place|begin"
    r"|start|go ahead|resume|follow|happen)\b|next (?:week|month|year|Monday|Tuesday|Wednesday"
    r"|Thursday|Friday|Saturday|Sunday)\b|tomorrow\b|later this (?:week|month|year)\b)",
    re.IGNORECASE,
)
_COORDINATION_RE = re.compile(r"\b(?:and|but)\s+(?!\w+ly\b)", re.IGNORECASE)
_CALLED_OFF_RE = re.compile(
    r"^[^.;]{0,40}?\b(?:was|were|has been|have been|had been)\s+(?:\w+\s+)?(?:postponed"
    r"|cancelled|canceled|called off|delayed|suspended|scrapped|shelved|put on hold|averted"
    r"|foiled|thwarted)\b",
    re.IGNORECASE,
)


def is_unreal(
    text: str, clause_start: int, trigger_start: int, trigger_end: int, clause_end: int
) -> bool:
    """A hypothetical, future, negated or called-off act.

    A modal or negation in the clause before the trigger (at most 70 characters back; 40 for
    negation), a negating verb whose complement holds the trigger, or a "was postponed"-style
    predicate right after it.
    """
    gap = text[max(clause_start, trigger_start - 70) : trigger_start]
    # A modal before a comma belongs to an aside: "Trump, who had said troops would step aside,
    # warned ...".
    if _MODAL_RE.search(gap[gap.rfind(",") + 1 :]):
        return True
    near = text[max(clause_start, trigger_start - 40) : trigger_start]
    if _NEGATION_RE.search(near):
        return True
    verbs = list(_NEGATING_VERB_RE.finditer(near))
    verb = verbs[-1] if verbs else None
    if verb is not None and not _COORDINATION_RE.search(near, verb.end()):
        return True
    after = text[trigger_end:clause_end]
    return bool(_CALLED_OFF_RE.match(after) or _FUTURE_AFTER_RE.match(after))


def _short(mentions: list[Mention], kind: str, text: str) -> str | None:
    names = [text[m.start : m.end] for m in mentions if m.actor and m.actor.kind == kind]
    return min(names, key=len) if names else None


def _same_party(mention: Mention, actor: ActorDraft) -> bool:
    other = mention.actor
    if other is None or other.kind == "media":
        return False
    if other.id == actor.id:
        return True
    return other.country is not None and other.country == actor.country


def _confirmed_by(
    text: str,
    sentence: tuple[int, int],
    trigger: tuple[int, int],
    mentions: list[Mention],
    actor: ActorDraft,
) -> str | None:
    """The acting party's name when it is the one saying so: a speech verb after one of its
    mentions, either before the trigger with the trigger in what it said, or in the
    attribution tail after the trigger ("..., the Jordanian army said")."""
    for m in mentions:
        if not _same_party(m, actor) or m.oblique:
            continue
        says = _SAYS_RE.match(text, m.end, sentence[1])
        if says is None:
            continue
        assert m.actor is not None
        if says.start() <= trigger[0] < says.end():
            return m.actor.name  # the statement itself: "North Korea officially confirmed"
        if m.start >= trigger[1]:
            tail = _TAIL_BEFORE_RE.search(text, max(trigger[1], m.start - 60), m.start)
            if tail and _TAIL_AFTER_RE.match(text, says.end(), sentence[1]):
                return m.actor.name  # the attribution tail: "..., the Jordanian army said."
            continue
        if says.end() <= trigger[0] and not _NOT_COMPLEMENT_RE.search(text, says.end(), trigger[0]):
            return m.actor.name
    return None


def attribute(
    text: str,
    sentence: tuple[int, int],
    trigger: tuple[int, int],
    event_type: str,
    mentions: list[Mention],
    actor: ActorDraft | None,
) -> tuple[str, str | None]:
    """``(certainty, attribution)`` for an event coded from ``text[trigger]`` in ``sentence``."""
    body = text[sentence[0] : sentence[1]]
    alleged = _ALLEGED_RE.search(body)
    if alleged:
        who = alleged.group("who") or alleged.group("who2") or ""
        return "alleged", re.sub(r"^(?:The|A|An)\s+", "", who.strip()) or None
    if event_type not in _SPEECH_TYPES:
        for hedge in _HEDGE_RE.finditer(text, sentence[0], sentence[1]):
            if hedge.start() < trigger[1]:
                return "alleged", None
    if actor is not None and event_type in _OWN_WORDS:
        return "confirmed", actor.name  # the speaker's own words are the event
    if actor is not None and event_type != "casualties":
        # (a side telling its own losses reports them; it did not do them)
        who = _confirmed_by(text, sentence, trigger, mentions, actor)
        if who is not None:
            return "confirmed", who
    reported = _REPORTED_RE.search(body)
    media = _short(mentions, "media", text)
    if media is not None or reported:
        by = reported.group("by") or reported.group("subj") if reported else None
        return "reported", media or (by.strip() if by else None)
    return "reported", None
