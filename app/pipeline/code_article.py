"""Stages 1-4 in one call: normalize, segment, extract."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.pipeline.dates import find_published_at
from app.pipeline.extract import extract_events
from app.pipeline.normalize import normalize
from app.pipeline.normalize.spin_lexicon import lexicon
from app.pipeline.types import EventDraft, NormalizedText


@dataclass(frozen=True)
class CodedArticle:
    """An article's normalized reading, its publication date and the events coded from it."""

    doc: NormalizedText
    published_at: date | None
    events: list[EventDraft]


def code_article(raw: str, published_at: date | None = None) -> CodedArticle:
    """Code ``raw``; ``published_at`` defaults to the date read from the page's date lines,
    against which relative dates ("on Saturday") resolve."""
    doc = normalize(raw)
    # The raw text first: it is the page as printed, date lines and all, whatever the
    # normalizer later takes for chrome.
    when = published_at or find_published_at(raw) or find_published_at(doc.text)
    return CodedArticle(doc=doc, published_at=when, events=extract_events(doc, when))


WARM_UP_TEXT = "North Korea test-fired two missiles on Monday, South Korea's military said."


def warm_up() -> None:
    """Build the gazetteer and compile the lexicons now rather than in the first ingest.

    They are built once per process on first use (about a second); a server calls this at start-up
    so that its first ``POST /v1/sources`` is as fast as the rest.
    """
    lexicon()  # only spun text reaches it
    code_article(WARM_UP_TEXT)
