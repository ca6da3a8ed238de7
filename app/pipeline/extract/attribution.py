"""Who says an event happened and how sure it is, and whether it happened at all.

certainty: ``alleged`` for unnamed or intelligence sources and hedges ("is believed to",
"analysts say"); ``reported`` when an outlet reports it (the default: the article itself is a
report); ``confirmed`` when the acting party confirms, acknowledges or says so itself.
"""

from __future__ import annotations

import re

from app.pipeline.recognize import Mention
from app.pipeline.types import ActorDraft

_SOURCES = (
    r"(?:[A-Z][\w'\u2019.-]*\s+(?:and\s+|or\s+)?)*(?:(?:military|intelligence|security"
    r"|government|defen[cs]e|western|senior|unnamed)\s+)*(?:intelligence agencies|intelligence"
    r" officials|intelligence services|intelligence|analysts|officials|sources|experts|observers"
    r"|monitors|diplomats|estimates)"
)
_ALLEGED_RE = re.compile(
    rf"(?P<who>{_SOURCES})\s+(?:say|said|says|believe|believes|estimate|estimated|estimates|claim|claimed"
    r"|claims|assess|assessed|suggest|suggested|told)\b"
    rf"|according to (?:the\s+)?(?P<who2>{_SOURCES})"
)
_HEDGE_RE = re.compile(
    r"\b(?:(?:is|are|was|were) (?:widely )?(?:believed|thought|suspected|said|alleged|reported)"
    r" to|reportedly|allegedly|purportedly|suspected(?: of)?)\b",
    re.IGNORECASE,
)
_MEDIA_NOUN = (
    r"(?:state(?:-run)? (?:media|television|TV|news agency|broadcaster)|(?:local|official)"
    r" media|news agency|newspaper)"
)
_REPORTED_RE = re.compile(
    rf"(?:according to|published by|carried by|reported by|cited by|quoted by|told)\s+(?:the\s+)?"
    rf"(?P<by>(?:[\w'\u2019-]+\s+){{0,5}}?{_MEDIA_NOUN})|(?P<subj>{_MEDIA_NOUN})\s+(?:reported|said"
    r"|says|reports|quoted|published)",
    re.IGNORECASE,
)
_SAYS_RE = re.compile(
    r"\s*(?:\w+\s+)?(?:confirmed|confirms|acknowledged|acknowledges|admitted|admits|announced"
    r"|announces|said|says|claimed responsibility)\b"
)
_MODAL_RE = re.compile(
    r"\b(?:could|would|might|(?-i:may)|will|shall|should|plans? to|planning to|intends? to"
    r"|intended to|expected to|set to|likely to|aims? to|aimed at|threaten(?:s|ed)? to"
    r"|vow(?:s|ed)? to"
    r"|pledg(?:es|ed) to|promis(?:es|ed) to|wants? to|seeks? to|seeking to|ready to|prepared to"
    r"|considering|proposed|if|unless|whether|calls? for|called for|urged?s?|demand(?:s|ed)?)\b",
    re.IGNORECASE,
)
_NEGATION_RE = re.compile(
    r"\b(?:not|never|no|denied|denies|deny|denying|refused to|refuses to|without|rejected"
    r"|dismissed|neither|nor|n't)\b|n't\b",
    re.IGNORECASE,
)


def is_unreal(text: str, clause_start: int, trigger_start: int) -> bool:
    """A hypothetical, future or negated act: a modal or negation between the clause start (at
    most 70 characters back) and the trigger."""
    gap = text[max(clause_start, trigger_start - 70) : trigger_start]
    if _MODAL_RE.search(gap):
        return True
    return bool(_NEGATION_RE.search(text[max(clause_start, trigger_start - 40) : trigger_start]))


def _short(mentions: list[Mention], kind: str, text: str) -> str | None:
    names = [text[m.start : m.end] for m in mentions if m.actor and m.actor.kind == kind]
    return min(names, key=len) if names else None


def attribute(
    text: str,
    sentence: tuple[int, int],
    mentions: list[Mention],
    actor: ActorDraft | None,
) -> tuple[str, str | None]:
    """``(certainty, attribution)`` for an event coded from ``text[sentence]``."""
    body = text[sentence[0] : sentence[1]]
    alleged = _ALLEGED_RE.search(body)
    if alleged:
        who = alleged.group("who") or alleged.group("who2") or ""
        return "alleged", re.sub(r"^(?:The|A|An)\s+", "", who.strip()) or None
    if _HEDGE_RE.search(body):
        return "alleged", None
    reported = _REPORTED_RE.search(body)
    media = _short(mentions, "media", text)
    if media is not None or reported:
        by = reported.group("by") or reported.group("subj") if reported else None
        return "reported", media or (by.strip() if by else None)
    if actor is not None:
        for m in mentions:
            same = m.actor is not None and (
                m.actor.id == actor.id
                or (m.actor.kind in ("state", "person") and m.actor.country == actor.country)
            )
            if same and not m.oblique and _SAYS_RE.match(text, m.end, sentence[1]):
                assert m.actor is not None
                return "confirmed", m.actor.name
    return "reported", None
