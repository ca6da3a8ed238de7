"""Sentences and clauses to code, in text offsets.

Sentences come from :func:`app.pipeline.segment.segment`. On top of the normalizer's debris
removal this drops what is still no prose: chrome lines the normalizer may have left (a
"Recommended Stories" list, "4 hours ago"), very short lines, and the headline, which repeats
the body's lead and would code its events a second time with a vaguer actor
("North Korean, Russian leaders").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.pipeline.segment import Paragraph, segment
from app.pipeline.types import NormalizedText


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    is_caption: bool = False
    #: Start of the paragraph the sentence belongs to.
    paragraph: int = -1


_CHROME_RE = re.compile(
    r"^\s*(?:Recommended Stories|Related(?: Stories| News)?|Read more|More from .*|Advertisement"
    r"|list of \d+ items.*|- list \d+ of \d+.*|\d+ (?:hours?|minutes?|days?) ago|English \(.*"
    r"|(?:Published|Updated|Posted)(?: On)?:? .*|Share|Save|\d+)\s*$",
    re.IGNORECASE,
)
_CLAUSE_RE = re.compile(
    r"(?:,\s*|;\s*|\s+[-\u2014\u2013]+\s+|\s+)(?=(?:and\s+)?(?:that|which|who|while|whereas|but|because"
    r"|although|though|when|where|after|before|following|alongside)\b)|,\s+(?=as\b)|;\s*",
)
HEADLINE_MAX_WORDS = 30
_DATELINE_RE = re.compile(
    r"^\s*(?:(?:Published|Updated|Posted)\b.*|\d{4}-\d\d-\d\d.*|(?:\w+day,?\s+)?"
    r"(?:\d{1,2}\s+)?[A-Z][a-z]+\.?\s+\d{1,2}(?:,\s*\d{4})?|\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4})\s*$"
)


def _debris_text_spans(doc: NormalizedText) -> list[tuple[int, int]]:
    spans = []
    for span in doc.debris:
        mapped = doc.to_text_span(span.start, span.end)
        if mapped.end > mapped.start:
            spans.append((mapped.start, mapped.end))
    return spans


def _is_headline(text: str, start: int, end: int, following: list[Paragraph]) -> bool:
    """A short first line with no closing stop, or one followed by a dateline."""
    line = text[start:end]
    if len(line.split()) >= HEADLINE_MAX_WORDS:
        return False
    if not re.search(r"[.!?][\"\u201d\u2019']?$", line):
        return True
    return any(_DATELINE_RE.match(text[p.start : p.end]) for p in following)


_CLOSED_RE = re.compile(r"[.!?:;][\"\u201d\u2019')\]]*\s*$")


def _is_title_line(line: str) -> bool:
    """A short line with no closing stop is a headline, not body text: the article's own, or
    another story's in a "Related", "Most read" or "Read more: ..." block. Reporters' sentences
    end with a stop; page titles do not."""
    return len(line.split()) < HEADLINE_MAX_WORDS and not _CLOSED_RE.search(line)


#: A wire dateline opening a paragraph ("BEIRUT (AP) — ", "BAKU/YEREVAN – ", "KYIV, Ukraine,
#: Oct 1 (Reuters) - "): where the story was filed, never a party to what it tells.
_WIRE_PREFIX_RE = re.compile(
    r"(?:[A-Z][A-Z.'\u2019/ -]{2,40}[A-Z.])(?:,\s*[A-Z][\w.'\u2019 -]{1,30}?)?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?)?\s*(?:\([A-Za-z.& ]{2,30}\)\s*)?"
    r"(?:[-\u2013\u2014]{1,2}|:)\s+(?=[A-Z\"\u201c])"
)


def _past_dateline(text: str, start: int, end: int) -> int:
    found = _WIRE_PREFIX_RE.match(text, start, end)
    return found.end() if found else start


def sentences(doc: NormalizedText) -> list[Sentence]:
    """The article's sentences in order; debris, chrome and the headline left out."""
    text = doc.text
    every = segment(doc)
    if len(every) >= 3 and _is_headline(text, every[0].start, every[0].end, every[1:3]):
        every = every[1:]
    paragraphs = [
        p
        for p in every
        if not _CHROME_RE.match(text[p.start : p.end])
        and (p.is_caption or len(text[p.start : p.end].split()) >= 4)
        and (p.is_caption or not _is_title_line(text[p.start : p.end]))
    ]
    debris = _debris_text_spans(doc)
    return [
        Sentence(
            _past_dateline(text, s.start, s.end) if s.start == p.start else s.start,
            s.end,
            s.is_caption or p.is_caption,
            p.start,
        )
        for p in paragraphs
        for s in p.sentences
        if s.end > s.start and not any(a < s.end and s.start < b for a, b in debris)
    ]


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a sentence before "that", "which", "while", "; " ... (the boundary word starts the
    next clause, so a complement clause keeps its own subject)."""
    out: list[tuple[int, int]] = []
    pos = start
    for match in _CLAUSE_RE.finditer(text, start, end):
        if match.start() > pos:
            out.append((pos, match.start()))
        pos = match.end()
    if pos < end:
        out.append((pos, end))
    return out
