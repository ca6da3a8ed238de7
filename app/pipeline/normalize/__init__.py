"""The text normalizer: raw article text in, a restored reading with an exact offset map out.

Built the way ftfy builds its fixer: an ordered registry of named, pure steps run under a frozen
config, each returning edits in *raw* coordinates, and an :func:`explain` record of only the
steps that changed something. The raw text is never modified; every restored word can be traced
back to the raw bytes it came from (``NormalizedText.to_raw_span``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeAlias

from app.pipeline.normalize import debris, despin
from app.pipeline.types import Edit, NormalizedText, Span

__all__ = ["DEFAULT_CONFIG", "STEPS", "NormalizeConfig", "explain", "normalize"]


@dataclass(frozen=True)
class NormalizeConfig:
    """Which steps run, and how sure the normalizer must be that a text was spun.

    Each boolean is named after the step it enables (the ftfy ``TextFixerConfig`` habit), so a
    caller can switch one off: ``NormalizeConfig(restore_spun_words=False)``.

    ``spin_threshold`` is the total weight of spinner tells (``"helium said"``, ``"astatine
    slightest"``; see ``app/data/normalize/spin.json``) a text needs before any word is restored.
    Clean English scores 0; the seed article scores about 50. One or two stray tells in a clean
    article stay below the default of 4.

    ``spin_share_threshold`` is the general signal for spinners the lexicon does not know: the
    share of lower-case words that are rare WordNet spinner outputs ("functionaries",
    "metropolises"; ``synonyms.spun_share``, 0 under three of them). Every clean article of the
    dev sets scores 0; 13 of the 16 real-news copies spun by ``tools/spin.py`` at rate 0.2 score
    0.010 to 0.026. Either signal marks the text spun; then both restoring steps run.
    """

    strip_page_chrome: bool = True
    collapse_blank_lines: bool = True
    unglue_captions: bool = True
    restore_spun_words: bool = True
    restore_wordnet_synonyms: bool = True
    spin_threshold: float = 4.0
    spin_share_threshold: float = 0.006


DEFAULT_CONFIG = NormalizeConfig()

Step: TypeAlias = Callable[[str, NormalizeConfig, Sequence[Edit]], list[Edit]]
"""``step(raw, config, taken)``: edits in raw coordinates that avoid the spans of ``taken``, the
edits earlier steps made (sorted; a step may also read what they replaced a span with)."""

STEPS: tuple[tuple[str, Step], ...] = (
    ("strip_page_chrome", debris.strip_page_chrome),
    ("collapse_blank_lines", debris.collapse_blank_lines),
    ("unglue_captions", debris.unglue_captions),
    ("restore_spun_words", despin.restore_spun_words),
    ("restore_wordnet_synonyms", despin.restore_wordnet_synonyms),
)


def _clashes(edit: Edit, taken: Sequence[Edit]) -> bool:
    """True when ``edit`` touches text an earlier step already edited (deleted or replaced).

    Insertions at the edge of an earlier edit are allowed; anything inside it is not.
    """
    for span in taken:
        if edit.start == edit.end:
            if span.start < edit.start < span.end:
                return True
        elif (edit.start < span.end and span.start < edit.end) or (
            span.start == span.end and edit.start < span.start < edit.end
        ):
            return True
    return False


def normalize(raw: str, config: NormalizeConfig = DEFAULT_CONFIG) -> NormalizedText:
    """Run the enabled steps in order; return the restored text and its map to ``raw``."""
    edits: list[Edit] = []
    taken: list[Edit] = []
    for name, step in STEPS:
        if not getattr(config, name):
            continue
        for edit in step(raw, config, tuple(taken)):
            if not _clashes(edit, taken):
                edits.append(edit)
        taken = sorted(edits, key=lambda e: (e.start, e.end))
    score = despin.spin_score(raw)
    return NormalizedText.from_edits(
        raw,
        edits,
        spun=despin.is_spun(raw, config),
        spin_score=score,
        captions=tuple(
            Span(debris.caption_start(raw, e.start), e.start)
            for e in sorted(edits, key=lambda e: e.start)
            if e.step == "unglue_captions"
        ),
        debris=_merged(e for e in edits if e.step in ("strip_page_chrome", "collapse_blank_lines")),
    )


def _merged(edits: Iterable[Edit]) -> tuple[Span, ...]:
    """Deleted raw spans, adjacent ones joined ("4 hours ago" + blank lines + "English (US)")."""
    spans: list[Span] = []
    for edit in sorted(edits, key=lambda e: e.start):
        if spans and edit.start <= spans[-1].end:
            spans[-1] = Span(spans[-1].start, max(spans[-1].end, edit.end))
        else:
            spans.append(Span(edit.start, edit.end))
    return tuple(spans)


def explain(doc: NormalizedText) -> list[dict[str, str | int]]:
    """One record per edit: where it sits in the raw text, what it read and what it reads now."""
    return [
        {
            "step": edit.step,
            "reason": edit.reason,
            "raw_start": edit.start,
            "raw_end": edit.end,
            "raw": doc.raw[edit.start : edit.end],
            "restored": edit.replacement,
        }
        for edit in doc.edits
    ]
