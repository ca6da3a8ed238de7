"""From a merged candidate to the :class:`EventDraft` the API stores: the evidence span mapped
back to the raw text, the summary, and what a statement said."""

from __future__ import annotations

import re

from app.pipeline.extract.rules import Candidate
from app.pipeline.extract.summary import summarize
from app.pipeline.types import EventDraft, NormalizedText

_TRIM = " \t\n,;:-\u2014\u2013"
_LEAD_RE = re.compile(r"^(?:(?:and|but|while|whereas|as|that|which|who)\s+)+", re.IGNORECASE)
_DATE_WORDS = frozenset(
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


def statement_detail(text: str, cand: Candidate) -> str:
    """What was stated, for the summary: the clause after the verb, a dozen words at most."""
    words = text[cand.trigger[1] : cand.sentence[1]].strip(" ,.").split()
    while words and words[0].lower() in _DATE_WORDS:
        words = words[1:]
    cut = words[:12]
    while cut and cut[-1].lower() in ("and", "or", "but", "the", "a", "of", "to"):
        cut.pop()
    return " ".join(cut).rstrip(",;:.")


def evidence(text: str, cand: Candidate) -> tuple[int, int]:
    """The clause the event was coded from, widened to its actor, trimmed of punctuation and of
    a leading conjunction."""
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


def to_draft(doc: NormalizedText, cand: Candidate) -> EventDraft:
    start, end = evidence(doc.text, cand)
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
