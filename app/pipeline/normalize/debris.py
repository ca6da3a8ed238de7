"""Stage 1: page debris out, glued photo captions split off.

Everything here works on whole lines and deletes them (a deletion edit per run of lines), so the
raw text keeps every byte and the deleted spans can be listed as ``debris``. The patterns live in
``app/data/normalize/chrome.json``; each must match a *whole* line, which keeps the step
conservative: a sentence that merely mentions "advertisement" or "4 hours ago" is prose, not chrome.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from app.pipeline.types import Edit

if TYPE_CHECKING:
    from app.pipeline.normalize import NormalizeConfig

_LINE = re.compile(r"[^\n]*\n|[^\n]+$")
_LONE_NUMBER = re.compile(r"[\d.,]{1,9}[KkMm]?")
_MAX_CHROME_LINE = 220


@dataclass(frozen=True)
class Chrome:
    headers: re.Pattern[str]
    list_items: re.Pattern[str]
    lines: re.Pattern[str]
    caption_credit: re.Pattern[str]


@lru_cache(maxsize=1)
def _chrome() -> Chrome:
    """Load and compile the packaged chrome patterns once per process."""
    source = resources.files("app.data").joinpath("normalize/chrome.json").read_text("utf-8")
    data = json.loads(source)

    def whole_line(patterns: list[str]) -> re.Pattern[str]:
        return re.compile(r"\s*(?:" + "|".join(patterns) + r")\s*", re.IGNORECASE)

    return Chrome(
        headers=whole_line([p + r"\s*:?" for p in data["block_headers"]]),
        list_items=whole_line(data["list_items"]),
        lines=whole_line(data["lines"]),
        caption_credit=re.compile(data["caption_credit"]),
    )


def _lines(raw: str) -> list[tuple[int, int, str]]:
    """``(start, end, content)`` for each line; ``end`` includes the newline."""
    return [(m.start(), m.end(), m.group().rstrip("\n")) for m in _LINE.finditer(raw)]


def _chrome_lines(lines: list[tuple[int, int, str]]) -> set[int]:
    """Indexes of lines that are page chrome."""
    chrome = _chrome()
    found: set[int] = set()
    i = 0
    while i < len(lines):
        text = lines[i][2]
        if len(text) <= _MAX_CHROME_LINE and chrome.headers.fullmatch(text):
            # A block header takes the list of headlines under it (and only a list).
            j = i + 1
            while j < len(lines) and chrome.list_items.fullmatch(lines[j][2]):
                j += 1
            found.update(range(i, j))
            i = j
            continue
        if len(text) <= _MAX_CHROME_LINE and chrome.lines.fullmatch(text):
            found.add(i)
        i += 1
    # Share and comment counts: a lone number is chrome only next to other chrome.
    grew = True
    while grew:
        grew = False
        for i, (_, _, text) in enumerate(lines):
            if i in found or not _LONE_NUMBER.fullmatch(text.strip()):
                continue
            if _neighbour(lines, i, -1) in found or _neighbour(lines, i, 1) in found:
                found.add(i)
                grew = True
    return found


def _neighbour(lines: list[tuple[int, int, str]], i: int, step: int) -> int:
    """Index of the nearest non-blank line before (``step=-1``) or after ``i``; -1 if none."""
    j = i + step
    while 0 <= j < len(lines) and not lines[j][2].strip():
        j += step
    return j if 0 <= j < len(lines) else -1


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def strip_page_chrome(raw: str, config: NormalizeConfig, taken: Sequence[Edit]) -> list[Edit]:
    """Delete chrome lines: "Recommended Stories" blocks, "4 hours ago", language pickers..."""
    lines = _lines(raw)
    spans = [(lines[i][0], lines[i][1]) for i in _chrome_lines(lines)]
    return [
        Edit(start, end, "", "strip_page_chrome", f"page chrome: {raw[start:end].split()[0]!r}…")
        for start, end in _merge(spans)
    ]


def collapse_blank_lines(raw: str, config: NormalizeConfig, taken: Sequence[Edit]) -> list[Edit]:
    """Keep one blank line per run; drop blank lines left trailing after deleted chrome.

    Lines already deleted by an earlier step count as absent, so two blank lines separated by
    a deleted "4 hours ago" form one run.
    """
    deleted = [(s.start, s.end) for s in taken if s.end > s.start]

    def absent(start: int, end: int) -> bool:
        return any(lo <= start and end <= hi for lo, hi in deleted)

    spans: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []
    tail_has_chrome = False
    for start, end, text in _lines(raw):
        if absent(start, end):
            tail_has_chrome = True
            continue
        if not text.strip():
            run.append((start, end))
            continue
        spans.extend(run[1:])
        run, tail_has_chrome = [], False
    spans.extend(run if tail_has_chrome else run[1:])
    return [
        Edit(start, end, "", "collapse_blank_lines", "run of blank lines")
        for start, end in _merge(spans)
    ]


def unglue_captions(raw: str, config: NormalizeConfig, taken: Sequence[Edit]) -> list[Edit]:
    """Insert a newline after a photo credit glued to the next paragraph.

    "…North Korea [File: KCNA via Reuters]North Korea officially confirmed…": the caption runs
    from the start of its line to the closing bracket; the caller records that span.
    """
    edits: list[Edit] = []
    for match in _chrome().caption_credit.finditer(raw):
        pos = match.end()
        if not any(s.start < pos < s.end for s in taken):
            edits.append(Edit(pos, pos, "\n", "unglue_captions", "photo caption glued to text"))
    return edits


def caption_start(raw: str, credit_end: int) -> int:
    """Start of the caption that ends at ``credit_end`` (the start of its line)."""
    return raw.rfind("\n", 0, credit_end) + 1
