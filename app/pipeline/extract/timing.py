"""Dates for coded events: each date expression dates the trigger it belongs to, and an event
told relative to another ("a day after ...") takes its date from that one once both are merged."""

from __future__ import annotations

import re
from datetime import date

from app.pipeline.dates import RELATIVE_RE, DateRange, find_dates, relative_offset, shift
from app.pipeline.extract.rules import Candidate
from app.pipeline.extract.sentences import Sentence
from app.pipeline.types import NormalizedText

#: An open ", who/which ..." clause: no comma between it and the date that follows.
_RELATIVE_CLAUSE_RE = re.compile(r",\s*(?:who|which|whose)\b[^,;]*$", re.IGNORECASE)

Relation = tuple[int, int, int]
"""(dependent uid, anchor uid, days from the dependent to the anchor)."""


def attach_dates(
    doc: NormalizedText,
    sentence: Sentence,
    cands: list[Candidate],
    published_at: date | None,
    relations: list[Relation],
) -> None:
    """Each date expression dates the nearest trigger before it (English puts the time after
    the verb), or the first trigger after it when the sentence opens with it."""
    text = doc.text
    for found in find_dates(text, sentence.start, sentence.end, published_at):
        # A date inside "Anwar, who chairs ASEAN this year, hosted talks" dates only what that
        # clause tells, never the verb of the sentence around it.
        inner = _RELATIVE_CLAUSE_RE.search(text, sentence.start, found.start)
        floor = inner.start() if inner else sentence.start
        before = [c for c in cands if floor <= c.trigger[0] and c.trigger[1] <= found.start]
        after = [] if inner else [c for c in cands if c.trigger[0] >= found.end]
        target = before[-1] if before else (after[0] if after else None)
        if target is not None and target.date.start is None:
            target.date = found.value
    for match in RELATIVE_RE.finditer(text, sentence.start, sentence.end):
        main = [c for c in cands if c.trigger[1] <= match.start()]
        sub = [c for c in cands if c.trigger[0] >= match.end()]
        if main and sub:
            relations.append((sub[0].uid, main[-1].uid, relative_offset(match)))


def resolve_relations(relations: list[Relation], events: list[Candidate]) -> None:
    """Date an event from the one it is told relative to, in either direction."""
    owner = {uid: e for e in events for uid in (e.uid, *e.members)}
    for dependent_uid, anchor_uid, days in relations:
        dependent, anchor = owner.get(dependent_uid), owner.get(anchor_uid)
        if dependent is None or anchor is None or dependent is anchor:
            continue
        if dependent.date.start is None and anchor.date.start is not None:
            dependent.date = _weekly(shift(anchor.date, -days), days)
        elif anchor.date.start is None and dependent.date.start is not None:
            anchor.date = _weekly(shift(dependent.date, days), days)


def _weekly(value: DateRange, days: int) -> DateRange:
    """ "X comes a week after Y" tells Y to the week, not the day (data/eval/README.md)."""
    if days and days % 7 == 0 and value.precision == "day":
        return DateRange(value.start, value.end, "week")
    return value


#: A perfect or a habit tells of no dated moment: "has shipped", "have long demanded".
_PERFECT_RE = re.compile(r"(?:has|have|had)\b", re.IGNORECASE)
_UNDATED_RE = re.compile(r"\b(?:has|have|had)\s+(?:\w+\s+){0,2}$|\blong\s+$", re.IGNORECASE)


def fall_back_dates(
    text: str, cands: list[Candidate], paragraph_date: DateRange | None
) -> DateRange | None:
    """A clause with no date of its own takes its sentence's date, else the last date of its
    paragraph ("Rubio met Ali on Thursday. The two governments signed a memorandum"); a verb in
    the perfect, an allegation or a nominal trigger stays undated. Returns the paragraph's date
    so far."""
    dated = [c.date for c in cands if c.date.start is not None]
    fallback = dated[-1] if dated else paragraph_date
    for cand in cands:
        if cand.date.start is not None or fallback is None or cand.certainty == "alleged":
            continue
        if cand.rule.noun:
            continue  # a noun phrase often names the background: "over its drone deliveries"
        if _UNDATED_RE.search(text, max(cand.clause[0], cand.trigger[0] - 30), cand.trigger[0]):
            continue
        if _PERFECT_RE.match(text, cand.trigger[0]):
            continue  # the trigger itself: "had been killed"
        cand.date = fallback
    return fallback
