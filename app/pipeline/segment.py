"""Paragraphs and sentences of a normalized text, as offsets into ``doc.text``.

Rules, not a model: a paragraph is a non-blank line (the normalizer has already split glued
captions onto their own line); a sentence ends at ``.``, ``!`` or ``?`` plus any closing quotes
or brackets, before whitespace and an upper-case letter, digit or opening quote, unless the word
before the stop is an abbreviation ("Mr.", "Gen.", "Jan. 6", "No. 1"), an initial ("John F.
Kennedy") or a dotted acronym ("U.S.") that does not end the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.pipeline.types import NormalizedText

_PARAGRAPH = re.compile(r"[^\n]*\S[^\n]*")
# A stop, its closing quotes/brackets, the space, and a sentence-like start after it.
_BOUNDARY = re.compile(r"[.!?]+[’”\"')\]]*(?=\s+[“‘\"'(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "maj",
        "cmdr",
        "adm",
        "gov",
        "sen",
        "rep",
        "rev",
        "fr",
        "st",
        "mt",
        "ft",
        "jr",
        "sr",
        "pres",
        "supt",
        "insp",
        "det",
        "hon",
        "amb",
        "sec",
    ]
)
_BEFORE_NUMBER = frozenset(
    [
        "no",
        "nos",
        "vol",
        "art",
        "p",
        "pp",
        "fig",
        "sec",
        "ch",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)
_OTHER = frozenset(
    [
        "vs",
        "etc",
        "inc",
        "corp",
        "co",
        "ltd",
        "bros",
        "approx",
        "est",
        "dept",
        "univ",
        "al",
        "cf",
        "e.g",
        "i.e",
    ]
)
_SENTENCE_STARTERS = frozenset(
    [
        "The",
        "A",
        "An",
        "He",
        "She",
        "It",
        "They",
        "We",
        "I",
        "In",
        "On",
        "At",
        "But",
        "And",
        "This",
        "That",
        "These",
        "Those",
        "There",
        "His",
        "Her",
        "Its",
        "Their",
        "Our",
        "After",
        "Before",
        "When",
        "While",
        "If",
        "As",
        "Meanwhile",
        "However",
    ]
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: ``doc.text[start:end]``; ``is_caption`` when it belongs to a photo caption."""

    start: int
    end: int
    is_caption: bool = False


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph (one line of the normalized text) and its sentences, in text offsets."""

    start: int
    end: int
    sentences: tuple[Sentence, ...]
    is_caption: bool = False


def _is_abbreviation(text: str, stop: int, next_word: str) -> bool:
    """Whether the ``.`` at ``stop`` closes an abbreviation rather than a sentence."""
    match = _WORD_BEFORE.search(text, max(0, stop - 24), stop + 1)
    if match is None:
        return False
    word = match.group(1)
    low = word.lower()
    if low in _TITLES or low in _OTHER:
        return True
    if low in _BEFORE_NUMBER:
        return next_word[:1].isdigit()
    if len(word) == 1 and word.isupper():
        return True  # an initial: "John F. Kennedy"
    if "." in word:  # dotted acronym "U.S.": a sentence ends only if a usual opener follows
        return next_word not in _SENTENCE_STARTERS
    return False


def split_sentences(text: str, start: int, end: int, *, is_caption: bool = False) -> list[Sentence]:
    """Sentences of ``text[start:end]``, trimmed of surrounding whitespace."""
    sentences: list[Sentence] = []
    pos = start
    for match in _BOUNDARY.finditer(text, start, end):
        stop = match.start()
        if text[stop] == "." and match.end() - stop == 1:
            rest = text[match.end() : end].lstrip()
            next_word = rest.split(maxsplit=1)[0].strip("“‘\"'([") if rest else ""
            if _is_abbreviation(text, stop, next_word):
                continue
        sentences.append(Sentence(pos, match.end(), is_caption))
        pos = match.end()
        while pos < end and text[pos].isspace():
            pos += 1
    if pos < end:
        sentences.append(Sentence(pos, end, is_caption))
    return sentences


def segment(doc: NormalizedText) -> list[Paragraph]:
    """Paragraphs of ``doc.text`` with their sentences; captions (``doc.captions``) flagged."""
    caption_spans = [doc.to_text_span(c.start, c.end) for c in doc.captions]
    paragraphs: list[Paragraph] = []
    for match in _PARAGRAPH.finditer(doc.text):
        start = match.start() + len(match.group()) - len(match.group().lstrip())
        end = match.start() + len(match.group().rstrip())
        is_caption = any(c.start <= start and end <= c.end for c in caption_spans)
        sentences = split_sentences(doc.text, start, end, is_caption=is_caption)
        paragraphs.append(Paragraph(start, end, tuple(sentences), is_caption))
    return paragraphs
