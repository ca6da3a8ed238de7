"""Value types passed between pipeline stages.

Offsets: every ``start``/``end`` called *raw* indexes the article's raw text exactly as received
(``raw[start:end]``); offsets into the normalized text are called *text* offsets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)``."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``raw[start:end]`` by ``replacement`` (an insertion when ``start == end``).

    ``step`` names the normalizer step that made it; ``reason`` says why, for `explain` output.
    """

    start: int
    end: int
    replacement: str
    step: str
    reason: str = ""


@dataclass(frozen=True)
class ActorDraft:
    """An actor as the pipeline recognised it.

    ``id`` is the slug of the canonical name (``"kim-jong-un"``, ``"north-korea"``,
    ``"korean-central-news-agency"``); ``kind`` is one of person, state, armed_force,
    organization, media, group; ``country`` is ISO 3166-1 alpha-3 or None.
    """

    id: str
    name: str
    kind: str
    country: str | None


@dataclass(frozen=True)
class LocationDraft:
    """A place: ``precision`` is point, city, admin1 or country; coordinates in WGS84 degrees."""

    id: str
    name: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    precision: str


@dataclass(frozen=True)
class EventDraft:
    """One coded event, before it is stored. ``char_start``/``char_end`` are raw offsets."""

    type: str
    summary: str
    date_start: date | None
    date_end: date | None
    date_precision: str
    actor: ActorDraft | None
    target: ActorDraft | None
    location: LocationDraft | None
    certainty: str
    attribution: str | None
    char_start: int
    char_end: int
    quote: str
    quote_restored: str
    fatalities_low: int | None = None
    fatalities_best: int | None = None
    fatalities_high: int | None = None
    quantity: str | None = None
    confidence: float = 0.5
    notes: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class _Segment:
    raw_start: int
    raw_end: int
    text_start: int
    text_end: int
    edited: bool


@dataclass(frozen=True)
class NormalizedText:
    """A raw text, its normalized reading, and the edits that lead from one to the other.

    ``edits`` are sorted, non-overlapping and in raw coordinates, so the normalized ``text`` is
    the raw text with each edit applied; the two offset maps below are derived from them. An
    edit that a span only partly covers is taken whole: a span of normalized text always maps
    back to a raw slice that contains every character it was restored from.
    """

    raw: str
    text: str
    edits: tuple[Edit, ...] = ()
    spun: bool = False
    spin_score: float = 0.0
    captions: tuple[Span, ...] = ()
    debris: tuple[Span, ...] = ()
    _segments: tuple[_Segment, ...] = field(default=(), repr=False, compare=False)

    @classmethod
    def identity(cls, raw: str) -> NormalizedText:
        """The text unchanged: no edits."""
        return cls.from_edits(raw, ())

    @classmethod
    def from_edits(
        cls,
        raw: str,
        edits: tuple[Edit, ...] | list[Edit],
        *,
        spun: bool = False,
        spin_score: float = 0.0,
        captions: tuple[Span, ...] = (),
        debris: tuple[Span, ...] = (),
    ) -> NormalizedText:
        """Apply ``edits`` (raw coordinates, non-overlapping) to ``raw``."""
        ordered = tuple(sorted(edits, key=lambda e: (e.start, e.end)))
        segments: list[_Segment] = []
        parts: list[str] = []
        raw_pos = text_pos = 0
        for edit in ordered:
            if edit.start < raw_pos or edit.end < edit.start or edit.end > len(raw):
                raise ValueError(f"overlapping or out-of-range edit {edit!r}")
            if edit.start > raw_pos:
                length = edit.start - raw_pos
                segments.append(_Segment(raw_pos, edit.start, text_pos, text_pos + length, False))
                parts.append(raw[raw_pos : edit.start])
                text_pos += length
            new_len = len(edit.replacement)
            segments.append(_Segment(edit.start, edit.end, text_pos, text_pos + new_len, True))
            parts.append(edit.replacement)
            text_pos += new_len
            raw_pos = edit.end
        if raw_pos < len(raw) or not segments:
            length = len(raw) - raw_pos
            segments.append(_Segment(raw_pos, len(raw), text_pos, text_pos + length, False))
            parts.append(raw[raw_pos:])
        return cls(
            raw=raw,
            text="".join(parts),
            edits=ordered,
            spun=spun,
            spin_score=spin_score,
            captions=captions,
            debris=debris,
            _segments=tuple(segments),
        )

    @property
    def steps(self) -> tuple[str, ...]:
        """Names of the steps that changed something, in order of first use."""
        return tuple(dict.fromkeys(edit.step for edit in self.edits))

    def to_raw_span(self, start: int, end: int) -> Span:
        """Map a span of the normalized text to the smallest raw span it was made from."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"text span {start}:{end} outside 0:{len(self.text)}")
        first = self._segment_at_text(start)
        raw_start = (
            first.raw_start
            if first.edited
            else first.raw_start + min(start - first.text_start, first.raw_end - first.raw_start)
        )
        if end == start:
            return Span(raw_start, raw_start)
        last = self._segment_at_text(end - 1)
        raw_end = last.raw_end if last.edited else last.raw_start + (end - last.text_start)
        return Span(raw_start, max(raw_end, raw_start))

    def to_text_span(self, start: int, end: int) -> Span:
        """Map a raw span to the normalized text it reads as (partly covered edits taken whole)."""
        if not 0 <= start <= end <= len(self.raw):
            raise ValueError(f"raw span {start}:{end} outside 0:{len(self.raw)}")
        first = self._segment_at_raw(start)
        text_start = (
            first.text_start if first.edited else first.text_start + start - first.raw_start
        )
        if end == start:
            return Span(text_start, text_start)
        last = self._segment_at_raw(end - 1)
        text_end = last.text_end if last.edited else last.text_start + (end - last.raw_start)
        return Span(text_start, max(text_end, text_start))

    def restored(self, start: int, end: int) -> str:
        """The normalized reading of ``raw[start:end]``."""
        span = self.to_text_span(start, end)
        return self.text[span.start : span.end]

    def _segment_at_text(self, offset: int) -> _Segment:
        return self._find(offset, text=True)

    def _segment_at_raw(self, offset: int) -> _Segment:
        return self._find(offset, text=False)

    def _find(self, offset: int, *, text: bool) -> _Segment:
        """The segment holding ``offset``; empty segments (deletions) are skipped."""
        lo, hi = 0, len(self._segments) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            seg = self._segments[mid]
            seg_end = seg.text_end if text else seg.raw_end
            if seg_end <= offset:
                lo = mid + 1
            else:
                hi = mid
        seg = self._segments[lo]
        # Skip forward past empty segments so the offset lands on the segment that holds it.
        while lo + 1 < len(self._segments):
            seg_start, seg_end = (
                (seg.text_start, seg.text_end) if text else (seg.raw_start, seg.raw_end)
            )
            if seg_start <= offset < seg_end:
                break
            lo += 1
            seg = self._segments[lo]
        return seg
