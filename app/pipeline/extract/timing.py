"""Dates for coded events: each date expression dates the trigger it belongs to, and an event
told relative to another ("a day after ...") takes its date from that one once both are merged."""

from __future__ import annotations

from datetime import date

from app.pipeline.dates import RELATIVE_RE, find_dates, relative_offset, shift
from app.pipeline.extract.rules import Candidate
from app.pipeline.extract.sentences import Sentence
from app.pipeline.types import NormalizedText

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
        before = [c for c in cands if c.trigger[1] <= found.start]
        after = [c for c in cands if c.trigger[0] >= found.end]
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
            dependent.date = shift(anchor.date, -days)
        elif anchor.date.start is None and dependent.date.start is not None:
            anchor.date = shift(dependent.date, days)
