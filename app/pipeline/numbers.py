"""Counts in news prose, read as UCDP-style low/best/high estimates.

An exact reported number is low = best = high ("killed 22 people": 22/22/22, as UCDP codes it);
"at least nine" is low 9, best 9, no high; "up to 12" is best 12, high 12, no low; "between 10
and 15" is low 10, high 15, best their midpoint (rounded down); "about 2,000" is best 2000 only.
Vague plurals ("thousands of", "dozens") have no number: they are kept as text only, never turned
into a fatality count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1, "single": 1, "dozen": 12,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_WORD = "|".join(sorted((*_UNITS, *_SCALES), key=len, reverse=True))
_NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?(?:\s+(?:million|thousand))?|(?:(?:{_WORD})(?:[\s-]+(?:and\s+)?)?)*(?:{_WORD}))"  # noqa: E501
_VAGUE = r"(?:dozens|scores|hundreds|thousands|tens of thousands|hundreds of thousands|millions|several|many|numerous|a number)"  # noqa: E501

COUNT_RE = re.compile(
    rf"\b(?:(?P<between>between|from)\s+(?P<lo>{_NUMBER})\s+(?:and|to)\s+(?P<hi>{_NUMBER})"
    rf"|(?P<qual>at least|at most|more than|over|nearly|almost|about|around|some|roughly"
    rf"|approximately|up to|as many as|fewer than|less than|an estimated|at minimum)?\s*"
    rf"(?P<num>{_NUMBER})(?:\s*(?:-|to|or)\s*(?P<num2>{_NUMBER}))?"
    rf"|(?P<vague>{_VAGUE})(?:\s+of)?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Count:
    """A parsed count. ``text`` is the phrase as written ("thousands of", "at least nine")."""

    low: int | None
    best: int | None
    high: int | None
    text: str

    @property
    def exact(self) -> bool:
        """Whether a number was given (as opposed to "thousands of")."""
        return self.best is not None or self.low is not None or self.high is not None


def parse_number(text: str) -> int | None:
    """``"2,000"`` -> 2000, ``"nine"`` -> 9, ``"three hundred and twelve"`` -> 312."""
    cleaned = text.strip().lower().replace(",", "")
    scaled = re.fullmatch(r"(\d+(?:\.\d+)?)\s+(million|thousand)", cleaned)
    if scaled:
        return int(float(scaled.group(1)) * _SCALES[scaled.group(2)])
    if re.fullmatch(r"\d+(?:\.\d+)?", cleaned):
        return int(float(cleaned))
    total = current = 0
    seen = False
    for word in re.split(r"[\s-]+", cleaned):
        if word == "and" or not word:
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total, current = total + current, 0
        else:
            return None
        seen = True
    return total + current if seen else None


_APPROXIMATE = frozenset(
    {"nearly", "almost", "about", "around", "some", "roughly", "approximately", "an estimated"}
)


def _estimate(qual: str, value: int) -> tuple[int | None, int | None, int | None]:
    if qual in ("at least", "more than", "over", "at minimum"):
        return value, value, None
    if qual in ("up to", "as many as", "at most"):
        return None, value, value
    if qual in ("fewer than", "less than"):
        return None, None, value
    if qual in _APPROXIMATE:
        return None, value, None
    return value, value, value


def _midpoint(low: int | None, high: int | None) -> int | None:
    if low is None or high is None:
        return low if high is None else high
    return (low + high) // 2


def read_count(match: re.Match[str]) -> Count:
    """Turn one :data:`COUNT_RE` match into a :class:`Count`."""
    text = " ".join(match.group(0).split())
    if match.group("vague"):
        return Count(None, None, None, text)
    if match.group("between"):
        lo, hi = parse_number(match.group("lo")), parse_number(match.group("hi"))
        return Count(lo, _midpoint(lo, hi), hi, text)
    value = parse_number(match.group("num"))
    if value is None:
        return Count(None, None, None, text)
    if match.group("num2"):
        high = parse_number(match.group("num2"))
        if high is not None and high > value:
            return Count(value, _midpoint(value, high), high, text)
    qual = (match.group("qual") or "").lower()
    if not qual and re.search(r"\d\.\d|million|thousand|hundred", match.group("num"), re.I):
        qual = "about"  # "1.5 million", "two hundred": a rounded figure, not a count
    low, best, high = _estimate(qual, value)
    return Count(low, best, high, text)


def parse_count(text: str) -> Count | None:
    """The first count in ``text`` ("at least nine" -> 9/9/None), or None."""
    for match in COUNT_RE.finditer(text):
        if match.group(0).strip():
            return read_count(match)
    return None


def count_before(text: str, end: int, window: int = 60) -> Count | None:
    """The count that ends right before ``end`` (up to a few adjectives in between):
    ``"at least nine soldiers"`` with ``end`` at "soldiers"."""
    start = max(0, end - window)
    best: Count | None = None
    for match in COUNT_RE.finditer(text, start, end):
        if not match.group(0).strip():
            continue
        gap = text[match.end() : end]
        # Adjectives and demonyms: "nine Malian soldiers", "12 pro-Russian fighters".
        if re.fullmatch(r"(?:\s+(?:[A-Za-z-]+|of))?(?:\s+[A-Za-z-]+)?\s*", gap):
            best = read_count(match)
    return best
