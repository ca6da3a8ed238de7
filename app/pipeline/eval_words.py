"""Word accuracy of a normalizer: the original words it restores."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence

from app.pipeline.eval_types import _WORD, EvalCase, EvalDataError, Normalizer, WordAccuracy


def words(text: str) -> list[str]:
    """Lower-cased word tokens, as word accuracy counts them."""
    return [w.lower().replace("\u2019", "'") for w in _WORD.findall(text)]


def _strip_debris(text: str, debris: Iterable[str]) -> str:
    """Cut each debris piece wherever it appears, whitespace runs matched loosely (a normalizer
    may have collapsed the blank lines inside a piece it left in place)."""
    for chunk in debris:
        words = chunk.split()
        if words:
            loose = r"\s+".join(re.escape(w) for w in words)
            text = re.sub(loose, "\n", text)
    return text


def matched_words(original: Sequence[str], candidate: Sequence[str]) -> int:
    """How many words of ``original`` :class:`difflib.SequenceMatcher` aligns in ``candidate``."""
    matcher = difflib.SequenceMatcher(None, list(original), list(candidate), autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks())


def word_accuracy(case: EvalCase, normalizer: Normalizer | None) -> WordAccuracy:
    """Word accuracy of ``normalizer`` (and of the raw text) on one spun case."""
    if case.original_text is None:
        raise EvalDataError(f"{case.label}: no original text to compare with")
    original = words(case.original_text)
    baseline = matched_words(original, words(_strip_debris(case.raw_text, case.debris)))
    normalized: int | None = None
    if normalizer is not None:
        restored = _strip_debris(normalizer(case.raw_text), case.debris)
        normalized = matched_words(original, words(restored))
    return WordAccuracy(case.label, len(original), baseline, normalized)
