"""Stage 4: code events from a normalized article.

Per sentence (debris left out): recognise mentions, run every rule family's triggers per
clause, drop hypothetical and negated acts, read roles, dates, counts and attribution; then
link casualty reports to the event they happened in, merge the mentions of one event, resolve
dates given relative to another event ("a day after ..."), and map each evidence span back to
the raw text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from app.pipeline.dates import RELATIVE_RE, find_dates, relative_offset, shift
from app.pipeline.extract import diplomacy, military, support, violence
from app.pipeline.extract.attribution import attribute, is_unreal
from app.pipeline.extract.merge import merge
from app.pipeline.extract.roles import (
    conjunct,
    fallback_actor,
    pick_actor,
    pick_location,
    pick_target,
)
from app.pipeline.extract.rules import Candidate, Rule
from app.pipeline.extract.sentences import Sentence, clauses, sentences
from app.pipeline.extract.summary import summarize
from app.pipeline.gazetteer import Gazetteer, get_gazetteer
from app.pipeline.numbers import count_before
from app.pipeline.recognize import Mention, Recognizer
from app.pipeline.types import EventDraft, NormalizedText

RULES: tuple[Rule, ...] = diplomacy.RULES + military.RULES + violence.RULES + support.RULES
_COUNTED_RE = re.compile(military.FORCES + r"|protesters|demonstrators", re.IGNORECASE)
_NO_TARGET = frozenset(
    {"military_parade", "weapons_test", "weapons_production", "casualties", "protest"}
)
#: Events two parties do together: "Russia and Ukraine exchanged prisoners" -> actor, target.
_SYMMETRIC = frozenset(
    {
        "prisoner_exchange",
        "armed_clash",
        "negotiation",
        "meeting",
        "military_exercise",
        "agreement",
        "cooperation",
        "greeting",
    }
)
_MONTH_WORDS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "last",
        "week",
        "month",
        "year",
        "earlier",
        "this",
        "in",
        "on",
        "that",
        "officially",
    ]
)
_TRIM = " \t\n,;:-\u2014\u2013"
_LEAD_RE = re.compile(r"^(?:(?:and|but|while|whereas|as|that|which|who)\s+)+", re.IGNORECASE)


@dataclass
class _Article:
    doc: NormalizedText
    published_at: date | None
    gaz: Gazetteer
    candidates: list[Candidate] = field(default_factory=list)
    #: (dependent uid, anchor uid, days from the dependent to the anchor)
    relations: list[tuple[int, int, int]] = field(default_factory=list)


def _triggers(text: str, sentence: Sentence, uid: int) -> list[Candidate]:
    found: list[Candidate] = []
    for c_start, c_end in clauses(text, sentence.start, sentence.end):
        for rule in RULES:
            for match in rule.pattern.finditer(text, c_start, c_end):
                if is_unreal(text, c_start, match.start()):
                    continue
                span = (sentence.start, sentence.end)
                found.append(
                    Candidate(uid + len(found), rule, match.span(), (c_start, c_end), span)
                )
    # Overlapping triggers: keep the stronger rule (a "missile strike" is an attack, not a test).
    found.sort(key=lambda c: (-c.confidence, c.trigger[0]))
    kept: list[Candidate] = []
    for cand in found:
        if not any(k.trigger[0] < cand.trigger[1] and cand.trigger[0] < k.trigger[1] for k in kept):
            kept.append(cand)
    return sorted(kept, key=lambda c: c.trigger[0])


def _roles(art: _Article, cand: Candidate, mentions: list[Mention]) -> bool:
    """Fill actor, target, location, counts; False when the candidate codes no event."""
    text = art.doc.text
    subject = pick_actor(cand, text, mentions)
    partner = subject.partner if subject is not None else None
    first = conjunct(text, mentions, subject) if subject is not None else None
    if first is not None and subject is not None:
        partner, subject = subject.actor, first
    if subject is not None:
        cand.actor, cand.actor_span = subject.actor, (subject.start, subject.end)
    cand.location = pick_location(cand, text, mentions)
    if cand.actor is None and cand.rule.fallback_actor:
        cand.actor = fallback_actor(art.gaz, cand, mentions)
    if partner is not None and cand.type in _SYMMETRIC:
        cand.target = partner
    elif cand.type not in _NO_TARGET:
        cand.target = pick_target(cand, text, mentions, cand.actor)
    if cand.type == "casualties":
        return _casualties(art, cand, mentions)
    counted = _COUNTED_RE.search(text, cand.trigger[0], cand.clause[1])
    if counted and cand.type in ("troop_deployment", "protest"):
        count = count_before(text, counted.start())
        if count is not None:
            cand.quantity = f"{count.text} {counted.group(0)}".replace(" of of", " of")
    if cand.type == "protest" and cand.actor is not None and cand.actor.kind != "group":
        country = cand.actor.country
        state = art.gaz.state(country) if country else None
        name = f"{state.name} protesters" if state else "Protesters"
        cand.actor = type(cand.actor)(name.lower().replace(" ", "-"), name, "group", country)
    return cand.actor is not None or (cand.rule.supporting and cand.target is not None)


def _casualties(art: _Article, cand: Candidate, mentions: list[Mention]) -> bool:
    text = art.doc.text
    count, victims = violence.read_toll(text, cand.clause[0], cand.trigger, cand.clause[1])
    injuries = violence.is_injury(text, cand.trigger)
    cand.fatalities = count if count is not None and count.exact and not injuries else None
    if count is not None and not count.exact:
        cand.quantity = f"{count.text} {victims}"
    if not violence.is_passive(text, cand.trigger) and cand.actor is not None:
        cand.notes.append("active")  # "X killed Y": an attack by X, unless one is already told
        cand.target = pick_target(cand, text, mentions, cand.actor)
        return True
    if cand.actor is not None and cand.actor.kind == "state" and victims in violence.FORCE_VICTIMS:
        assert cand.actor.country is not None
        cand.actor = art.gaz.armed_force(cand.actor.country)
    if cand.location is None:
        cand.location = pick_location(cand, text, mentions, sentence_wide=True)
    return True


def _link(art: _Article, sentence_cands: list[Candidate]) -> list[Candidate]:
    """Casualty reports take what the event they happened in knows; a report beside an attack
    gives the attack its toll instead of standing alone."""
    text = art.doc.text
    kept: list[Candidate] = []
    for cand in sentence_cands:
        if cand.type != "casualties":
            kept.append(cand)
            continue
        types = violence.linked_type(text, cand.trigger[1], cand.clause[1])
        earlier = [*art.candidates, *(c for c in sentence_cands if c.trigger[0] < cand.trigger[0])]
        host = next((c for c in reversed(earlier) if c.type in types), None)
        violent = [c for c in sentence_cands if c.type in ("attack", "airstrike", "armed_clash")]
        if host is not None:
            cand.actor = cand.actor or host.actor
            cand.location = cand.location or host.location
            if cand.date.start is None:
                cand.date = host.date
        elif violent and (cand.actor is None or "active" in cand.notes):
            violent[0].fatalities = violent[0].fatalities or cand.fatalities
            if violent[0].date.start is None:
                violent[0].date = cand.date
            continue
        elif "active" in cand.notes:
            cand.rule = violence.KILLING
        kept.append(cand)
    return kept


def _dates(art: _Article, sentence: Sentence, cands: list[Candidate]) -> None:
    """Each date expression dates the nearest trigger before it (English puts the time after
    the verb), or the first trigger after it when the sentence opens with it."""
    text = art.doc.text
    for found in find_dates(text, sentence.start, sentence.end, art.published_at):
        before = [c for c in cands if c.trigger[1] <= found.start]
        after = [c for c in cands if c.trigger[0] >= found.end]
        target = before[-1] if before else (after[0] if after else None)
        if target is not None and target.date.start is None:
            target.date = found.value
    for match in RELATIVE_RE.finditer(text, sentence.start, sentence.end):
        main = [c for c in cands if c.trigger[1] <= match.start()]
        sub = [c for c in cands if c.trigger[0] >= match.end()]
        if main and sub:
            art.relations.append((sub[0].uid, main[-1].uid, relative_offset(match)))


def _code_sentence(art: _Article, sentence: Sentence, recognizer: Recognizer) -> None:
    text = art.doc.text
    mentions = recognizer.mentions(text, sentence.start, sentence.end)
    cands = [
        c
        for c in _triggers(text, sentence, len(art.candidates) * 100 + 1)
        if _roles(art, c, mentions)
    ]
    if not cands:
        return
    _dates(art, sentence, cands)
    cands = _link(art, cands)
    for cand in cands:
        cand.certainty, cand.attribution = attribute(
            text, (sentence.start, sentence.end), mentions, cand.actor
        )
        if cand.type == "statement":
            cand.detail = _statement_detail(text, cand)
    art.candidates.extend(cands)


def _statement_detail(text: str, cand: Candidate) -> str:
    """What was stated, for the summary: the clause after the verb, a dozen words at most."""
    words = text[cand.trigger[1] : cand.sentence[1]].strip(" ,.").split()
    while words and words[0].lower() in _MONTH_WORDS:
        words = words[1:]
    cut = words[:12]
    while cut and cut[-1].lower() in ("and", "or", "but", "the", "a", "of", "to"):
        cut.pop()
    return " ".join(cut).rstrip(",;:.")


def _resolve_relations(art: _Article, events: list[Candidate]) -> None:
    owner = {uid: e for e in events for uid in (e.uid, *e.members)}
    for dependent_uid, anchor_uid, days in art.relations:
        dependent, anchor = owner.get(dependent_uid), owner.get(anchor_uid)
        if dependent is None or anchor is None or dependent is anchor:
            continue
        if dependent.date.start is None and anchor.date.start is not None:
            dependent.date = shift(anchor.date, -days)
        elif anchor.date.start is None and dependent.date.start is not None:
            anchor.date = shift(dependent.date, days)


def _evidence(text: str, cand: Candidate) -> tuple[int, int]:
    start, end = cand.clause
    if cand.actor_span is not None and cand.sentence[0] <= cand.actor_span[0] < start:
        start = cand.actor_span[0]
    while start < end and text[start] in _TRIM:
        start += 1
    lead = _LEAD_RE.match(text, start, end)
    if lead and lead.end() < cand.trigger[0] and (cand.actor_span or (0, 0))[0] >= lead.end():
        start = lead.end()
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _draft(doc: NormalizedText, cand: Candidate) -> EventDraft:
    start, end = _evidence(doc.text, cand)
    raw = doc.to_raw_span(start, end)
    f = cand.fatalities
    return EventDraft(
        type=cand.type,
        summary=summarize(cand),
        date_start=cand.date.start,
        date_end=cand.date.end,
        date_precision=cand.date.precision,
        actor=cand.actor,
        target=cand.target,
        location=cand.location,
        certainty=cand.certainty,
        attribution=cand.attribution,
        char_start=raw.start,
        char_end=raw.end,
        quote=doc.raw[raw.start : raw.end],
        quote_restored=doc.restored(raw.start, raw.end),
        fatalities_low=f.low if f else None,
        fatalities_best=f.best if f else None,
        fatalities_high=f.high if f else None,
        quantity=cand.quantity,
        confidence=cand.confidence,
        notes=tuple(cand.notes),
    )


def extract_events(doc: NormalizedText, published_at: date | None) -> list[EventDraft]:
    """The events an article reports, one draft per distinct event."""
    art = _Article(doc, published_at, get_gazetteer())
    recognizer = Recognizer(art.gaz)
    for sentence in sentences(doc):
        _code_sentence(art, sentence, recognizer)
    events = merge(art.candidates)
    _resolve_relations(art, events)
    return [_draft(doc, e) for e in events]
