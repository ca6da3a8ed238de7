"""Stage 4: code events from a normalized article.

Per sentence (debris left out; a photo caption is coded on its own, see :mod:`.merge`):
recognise mentions, find the triggers of every rule family in one pass (:mod:`.registry`), drop
hypothetical, negated and habitual acts, read roles (:mod:`.roles`), dates (:mod:`.timing`),
tolls (:mod:`.casualties`) and attribution; then merge the mentions of one event
(:mod:`.merge`), resolve dates given relative to another event ("a day after ..."), and map
each evidence span back to the raw text (:mod:`.drafts`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

from app.pipeline.dates import DateRange
from app.pipeline.extract import forces
from app.pipeline.extract.attribution import attribute
from app.pipeline.extract.casualties import code_casualty, link_casualties
from app.pipeline.extract.drafts import statement_detail, to_draft
from app.pipeline.extract.frames import CROWD_RE, FORCE_RE
from app.pipeline.extract.merge import merge
from app.pipeline.extract.reference import resolve_references
from app.pipeline.extract.registry import RULES, find_triggers
from app.pipeline.extract.roles import fill_roles, pick_location, protesters_of
from app.pipeline.extract.rules import VIOLENT_TYPES, Candidate
from app.pipeline.extract.sentences import Sentence, sentences
from app.pipeline.extract.timing import (
    Relation,
    attach_dates,
    fall_back_dates,
    resolve_relations,
)
from app.pipeline.gazetteer import Gazetteer, get_gazetteer
from app.pipeline.recognize import Recognizer
from app.pipeline.types import EventDraft, LocationDraft, NormalizedText

__all__ = ["RULES", "extract_events"]

_STRIKES = frozenset({"attack", "airstrike"})
#: Weapons as the subject, their side untold: "drones hit a military air base".
_WEAPON_SUBJECT_RE = re.compile(r"\b(?:drones|missiles|rockets|shells|bombs)\s+$", re.IGNORECASE)


@dataclass
class _Article:
    doc: NormalizedText
    published_at: date | None
    gaz: Gazetteer
    candidates: list[Candidate] = field(default_factory=list)
    #: The paragraph being read (its start) and the last event date told in it.
    paragraph: tuple[int, DateRange | None] = (-1, None)
    relations: list[Relation] = field(default_factory=list)
    #: The countries the article has named, and how often: where unnamed forces and crowds act
    #: when their sentence names no place.
    place_counts: Counter[str] = field(default_factory=Counter)
    places: dict[str, LocationDraft] = field(default_factory=dict)

    def main_place(self) -> LocationDraft | None:
        """The country the article has named most so far (the first named, on a tie)."""
        if not self.place_counts:
            return None
        top = max(self.place_counts.values())
        iso = next(c for c in self.places if self.place_counts[c] == top)
        return self.gaz.country_places.get(iso) or self.places[iso]


def _unnamed_forces(art: _Article, cand: Candidate, text: str, place: LocationDraft | None) -> bool:
    """ "Police opened fire on the crowds": the forces of the country where they act; with no
    place told, of the country their national foe belongs to ("government troops battled M23
    rebels")."""
    if place is None and cand.target is not None and cand.target.kind != "state":
        foe = cand.target.country
        place = art.gaz.country_places.get(foe) if foe else None
    unnamed = forces.subject_force(art.gaz, text, cand, place)
    if unnamed is None and cand.type == "armed_clash" and forces.unnamed_sides(text, cand):
        unnamed = forces.Unnamed(None)
    if unnamed is None:
        return False
    cand.actor = unnamed.actor
    if unnamed.definite:
        cand.notes += ["anaphoric", "refers"]  # "The attackers set fire to homes": told before
    cand.location = cand.location or place
    if cand.target is None and place is not None and place.country:
        cand.target = art.gaz.state(place.country)
    return True


def _crowd(art: _Article, cand: Candidate, text: str, place: LocationDraft | None) -> bool:
    """A crowd's side: its own nationality when the crowd carries one ("Iraqi protesters"), else
    the place's country; a party named before the crowd ("before the Australian reinforcements
    arrived, a crowd ... marched") is not it."""
    crowd = CROWD_RE.search(text, cand.clause[0], cand.trigger[1])
    if crowd is not None and FORCE_RE.search(text, crowd.end(), cand.trigger[1]):
        return False  # "thousands of troops marched": a parade, not a crowd
    if cand.actor is not None and (
        crowd is None or cand.actor_span is None or cand.actor_span[0] >= crowd.start() - 12
    ):
        return True
    if place is None or not place.country:
        return False
    cand.actor = protesters_of(art.gaz, place.country)
    cand.location = cand.location or place
    return True


def _code_sentence(art: _Article, sentence: Sentence, recognizer: Recognizer) -> None:
    text = art.doc.text
    mentions = recognizer.mentions(text, sentence.start, sentence.end)
    cands = []
    for found in find_triggers(text, sentence, len(art.candidates) * 100 + 1):
        cand, fill = found, fill_roles(art.gaz, found, text, mentions)
        if not fill and found.type != "casualties":
            # The strongest reading has no party; a weaker one of the same words may need none.
            for other in found.alternatives:
                if other.type != "casualties" and fill_roles(art.gaz, other, text, mentions):
                    cand, fill = other, True
                    break
        if sentence.is_caption:
            cand.notes.append("caption")  # what the picture shows: coded, never merged
        place = cand.location or pick_location(cand, text, mentions, sentence_wide=True)
        place = place or art.main_place()
        if cand.type == "casualties":
            fill = code_casualty(art.gaz, cand, text, mentions, place)
        elif not fill and cand.actor is None and cand.type in forces.FORCE_TYPES:
            fill = _unnamed_forces(art, cand, text, place)
        elif cand.type == "protest":
            fill = _crowd(art, cand, text, place)
        elif not fill and cand.rule.fallback_actor and place is not None and place.country:
            # Parades and drills told without a side: the country where they are held.
            cand.actor = art.gaz.state(place.country)
            cand.location = cand.location or place
            fill = cand.actor is not None
        if (
            not fill
            and cand.type in _STRIKES
            and _WEAPON_SUBJECT_RE.search(text, 0, cand.trigger[0])
        ):
            # "On Sunday, drones hit an air base": the side whose strikes the article tells.
            prior = next((c for c in reversed(art.candidates) if c.type in _STRIKES), None)
            cand.actor = prior.actor if prior is not None else None
            fill = cand.actor is not None
        if fill:
            cands.append(cand)
    for m in mentions:
        if m.location is not None and m.location.country and m.kind != "modifier":
            art.places.setdefault(m.location.country, m.location)
            art.place_counts[m.location.country] += 1
    if not cands:
        return
    attach_dates(art.doc, sentence, cands, art.published_at, art.relations)
    cands = link_casualties(text, art.candidates, cands)
    for cand in cands:
        cand.certainty, cand.attribution = attribute(
            text, (sentence.start, sentence.end), cand.trigger, cand.type, mentions, cand.actor
        )
        if cand.type == "statement":
            cand.detail = statement_detail(text, cand)
    last = art.paragraph[1] if art.paragraph[0] == sentence.paragraph else None
    art.paragraph = (sentence.paragraph, fall_back_dates(text, cands, last))
    art.candidates.extend(cands)


def extract_events(doc: NormalizedText, published_at: date | None) -> list[EventDraft]:
    """The events an article reports, one draft per distinct event."""
    art = _Article(doc, published_at, get_gazetteer())
    recognizer = Recognizer(art.gaz)
    for sentence in sentences(doc):
        _code_sentence(art, sentence, recognizer)
    events = _talks_toward_deals(doc.text, merge(art.candidates))
    resolve_relations(art.relations, events)
    resolve_references(doc.text, events)
    return [to_draft(doc, e) for e in events if is_news(doc.text, e, published_at)]


def _talks_toward_deals(text: str, events: list[Candidate]) -> list[Candidate]:
    """Talks the same parties follow with a deal negotiated it ("Wang Yi held talks with Lavrov
    ... The two ministers signed an agreement"): a negotiation, not a courtesy meeting."""
    deals = [e for e in events if e.type == "agreement"]
    for event in events:
        if event.type != "meeting" or "talks" not in text[event.trigger[0] : event.trigger[1]]:
            continue
        sides = {p.country for p in (event.actor, event.target) if p is not None}
        for deal in deals:
            near = 0 <= deal.trigger[0] - event.trigger[0] <= _TALKS_TO_DEAL_CHARS
            theirs = {p.country for p in (deal.actor, deal.target) if p is not None}
            if near and sides and (sides <= theirs or not theirs):
                event.rule = replace(event.rule, type="negotiation", verb="holds talks with")
                break
    return events


_TALKS_TO_DEAL_CHARS = 500
#: How far back an event may lie and still be the article's news rather than its background.
BACKGROUND_DAYS = 90
_YEAR_RE = re.compile(r"\b(?:19[5-9]\d|20\d\d)\b")
_YEAR_WHEN_RE = re.compile(r"\b(19[5-9]\d|20\d\d),?\s+when\b")
_SINCE_YEAR_RE = re.compile(r"\bsince\s+(?:at least\s+|early\s+|late\s+)?(19[5-9]\d|20\d\d)\b")
#: "Tens of thousands of people have been killed": a vague count in the perfect is a total.
_RUNNING_RE = re.compile(r"\b(?:have|has)\s+been\s+(?:\w+\s+)?\w+$", re.IGNORECASE)
_PERFECT_RE = re.compile(r"\b(?:have|has)\s+(?:been\s+)?(?:\w+\s+)?\w+$", re.IGNORECASE)
#: What makes a toll a total over a period rather than one event's.
_PERIOD_RE = re.compile(
    r"\bsince\b|\bso far\b|\bto date\b|\bin total\b|\baltogether\b"
    r"|\b(?:in|over|during) the (?:past|last) (?:\d+|few|several|two|three)?\s*(?:hours|days"
    r"|weeks|months|years)\b",
    re.IGNORECASE,
)


def _is_total(text: str, event: Candidate, published_at: date | None) -> bool:
    """A toll summed over a period: told in the perfect with a "since" or "so far", or over "the
    past 24 hours" (a ministry's daily tally adds up many strikes; UCDP codes each of them). A
    total since a date told, within the year ("since January, 7,000 people have been killed"),
    stays: a report over a known range."""
    start = event.date.start
    if (
        event.date.precision == "range"
        and start is not None
        and published_at is not None
        and (published_at - start).days <= 365
    ):
        return False
    sentence = text[event.sentence[0] : event.sentence[1]]
    period = _PERIOD_RE.search(sentence)
    if period is None:
        return False
    perfect = _PERFECT_RE.search(text[max(0, event.trigger[0] - 30) : event.trigger[1]])
    return perfect is not None or period.group(0).lower().startswith(("in the", "over", "during"))


_RELATIVE_RE = re.compile(r"\b(?:who|that|which)\s+(?:\w+\s+){0,2}?\w+$", re.IGNORECASE)


def is_news(text: str, event: Candidate, published_at: date | None) -> bool:
    """Whether a merged event is what the article reports, not background or a running total.

    - A death report with no number ("the civilians who have been killed"), a running total
      ("thousands have been killed since then") or an open toll ("the death toll is likely to
      rise") is no event of its own: UCDP codes tolls, not their absence.
    - An event dated in an earlier year, more than :data:`BACKGROUND_DAYS` before publication,
      is background ("In 2011, a week of artillery duels ..."), as is an undated one whose
      clause names an earlier year ("Under the 2015 accord, Iran curbed ...").
    """
    if event.type == "casualties" and _is_total(text, event, published_at):
        return False  # "at least 12,000 civilians have died since the conflict began"
    if event.type == "casualties" and (event.fatalities is None or not event.fatalities.exact):
        told = text[event.clause[0] : event.clause[1]].lower()
        told_before = text[max(0, event.trigger[0] - 24) : event.trigger[1]]
        running = _RUNNING_RE.search(told_before) is not None
        relative = _RELATIVE_RE.search(told_before) is not None
        open_ended = running or "toll" in told or " since " in told
        if "counted" not in event.notes and (open_ended or relative):
            return False  # "the civilians who have been killed", "the toll may rise"
        if event.quantity is not None and open_ended:
            return False  # "tens of thousands have been killed since then"
    if published_at is None:
        return True
    start = event.date.start
    long_ago = start is not None and (published_at - start).days > 365
    if event.type in VIOLENT_TYPES and event.date.precision == "range" and long_ago:
        # "have attacked Turkish towns since 1984": years of violence are no single event (a
        # running delivery of arms, "has shipped shells since 2023", is still one transfer).
        return False
    if event.date.end is not None:
        end = event.date.end
        return end.year == published_at.year or (published_at - end).days <= BACKGROUND_DAYS
    # The year must stand in the event's own clause, before its trigger: "Under the 2015 accord,
    # Iran curbed ..." is background, "accused Kinshasa of arming a militia founded in 1994" not.
    years = [int(y) for y in _YEAR_RE.findall(text, event.clause[0], event.trigger[1])]
    # "since 2003, when it intervened ...", "insurgents who have fought inside Turkey since 1984".
    when = _YEAR_WHEN_RE.search(
        text, max(event.sentence[0], event.clause[0] - 16), event.clause[0] + 6
    )
    since = _SINCE_YEAR_RE.search(text, event.trigger[1], event.clause[1])
    years += [int(m.group(1)) for m in (when, since) if m is not None]
    return not any(y < published_at.year for y in years)
