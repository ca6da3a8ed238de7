"""A WordNet article spinner, as content farms use one, to make spun copies of clean cases.

Development tool only (issue 11): it reads Debian's WordNet 3.0 (``wordnet-base``,
``/usr/share/wordnet`` or ``WORDNET_DIR``) through :mod:`tools.wordnet_db`; the product never
does. Each eligible word is, with probability ``rate`` and a seeded RNG, replaced by another
lemma of a randomly chosen synset containing it (any part of speech, the word reduced to its
base form the way WordNet's morphy does, the replacement crudely re-inflected). Eligible words
are lower-case words of two letters or more, and a capitalised common word that opens a
sentence; never a capitalised name inside a sentence, a number, the case's date line, or text
inside its ``debris`` spans.

``python -m tools.spin data/realnews/dev/NAME.expected.json [...]`` writes beside each clean
case ``NAME__spun.txt`` (the spun article), ``NAME__spun.original.txt`` (the clean article,
byte for byte) and ``NAME__spun.expected.json`` (the case with every ``evidence`` and
``not_events`` string replaced by the spun text of the same span). It runs unattended and never
prints article text, so it may be run on held-out cases whose text nobody reads.
"""

from __future__ import annotations

import argparse
import bisect
import json
import random
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tools import wordnet_db as wn

DEFAULT_RATE = 0.45
DEFAULT_SEED = 11
SUFFIX = "__spun"

# Words with an inner apostrophe stay one token ("don't", "Kim’s"); only a possessive's stem spins.
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*")
_POSSESSIVE = re.compile(r"([A-Za-z]+)(['’]s)")
_SENTENCE_END = re.compile(r"(?:^|(?<!\b[A-Z][a-z])(?<!\bMrs)[.!?:]['\"’”)]*[ \t]+|\n)[\"“‘'(]*$")
_DATE_LIKE = re.compile(r"\b(?:1[89]|20)\d\d\b|\b\d{1,2}:\d\d\b")


class SpinError(Exception):
    """A case the spinner cannot copy faithfully (the message never quotes article text)."""


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` by ``new``."""

    start: int
    end: int
    new: str


@cache
def _common_words() -> frozenset[str]:
    """Lemmas WordNet writes in lower case somewhere: common words, not only names."""
    found: set[str] = set()
    for name in wn.POS_FILES.values():
        with (wn.wordnet_dir() / f"data.{name}").open(encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("  "):
                    continue
                fields = line.split()
                count = int(fields[3], 16)
                for word in fields[4 : 4 + 2 * count : 2]:
                    if word[:1].islower():
                        found.add(re.sub(r"\(\w+\)$", "", word).replace("_", " "))
    return frozenset(found)


def _inflect(word: str, suffix: str) -> str:
    """Crude English inflection of one base word: ``s`` (plural, 3rd person), ``ed``, ``ing``."""
    if not suffix:
        return word
    consonant_y = len(word) > 1 and word.endswith("y") and word[-2] not in "aeiou"
    if suffix == "s":
        if word.endswith(("s", "x", "z", "ch", "sh")):
            return word + "es"
        return word[:-1] + "ies" if consonant_y else word + "s"
    if suffix == "ed":
        if word.endswith("e"):
            return word + "d"
        return word[:-1] + "ied" if consonant_y else word + "ed"
    if word.endswith("e") and not word.endswith(("ee", "ye", "oe")) and len(word) > 2:
        return word[:-1] + "ing"
    return word + "ing"


def _suffix(word: str, base: str, pos: str) -> str:
    """How ``word`` inflects ``base``: "", "s", "ed" or "ing" (irregular forms as s / ed)."""
    if word == base or pos in "ar":
        return ""
    if word.endswith("ing") and pos == "v":
        return "ing"
    if word.endswith("ed") and pos == "v":
        return "ed"
    if word.endswith("s"):
        return "s"
    return "ed" if pos == "v" else "s"


def _inflect_lemma(lemma: str, suffix: str, pos: str) -> str:
    """Inflect a (possibly multi-word) lemma: a verb's first word, a noun's last word."""
    parts = lemma.split(" ")
    at = 0 if pos == "v" else len(parts) - 1
    parts[at] = _inflect(parts[at], suffix)
    return " ".join(parts)


def _options(word: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """(pos, suffix, other lemmas) for every synset holding a base form of ``word``."""
    options = []
    for pos in wn.POS_FILES:
        for base in wn.base_forms(word, pos):
            suffix = _suffix(word, base, pos)
            for synset in wn.senses(base, pos):
                others = tuple(lemma for lemma in synset.lemmas if lemma != base)
                if others:
                    options.append((pos, suffix, others))
    return options


def _replacement(word: str, rng: random.Random) -> str | None:
    options = _options(word.lower())
    if not options:
        return None
    pos, suffix, others = options[rng.randrange(len(options))]
    new = _inflect_lemma(others[rng.randrange(len(others))], suffix, pos)
    if new == word.lower():
        return None
    return new[:1].upper() + new[1:] if word[:1].isupper() else new


def _eligible(text: str, match: re.Match[str]) -> str | None:
    """The part of a token that may spin (a possessive's stem), or None."""
    token = match.group()
    possessive = _POSSESSIVE.fullmatch(token)
    if possessive:
        token = possessive.group(1)
    elif not token.isalpha():
        return None  # numbers, "2nd", contractions
    if len(token) < 2:
        return None
    if token.islower():
        return token
    if token[0].isupper() and token[1:].islower():
        start = match.start()
        opens_sentence = _SENTENCE_END.search(text, max(0, start - 12), start) is not None
        if opens_sentence and token.lower() in _common_words():
            return token
    return None


def spin(
    text: str,
    *,
    rate: float = DEFAULT_RATE,
    seed: int | str = DEFAULT_SEED,
    protected: Sequence[tuple[int, int]] = (),
) -> tuple[str, list[Edit]]:
    """Spin ``text``; return the spun text and the edits (in ``text`` coordinates)."""
    rng = random.Random(seed)
    edits: list[Edit] = []
    for match in _TOKEN.finditer(text):
        if any(lo < match.end() and match.start() < hi for lo, hi in protected):
            continue
        token = _eligible(text, match)
        if token is None:
            continue
        if rng.random() >= rate:
            continue
        new = _replacement(token, rng)
        if new is not None:
            edits.append(Edit(match.start(), match.start() + len(token), new))
    return apply(text, edits), edits


def apply(text: str, edits: Iterable[Edit]) -> str:
    out: list[str] = []
    pos = 0
    for edit in sorted(edits, key=lambda e: e.start):
        out.append(text[pos : edit.start])
        out.append(edit.new)
        pos = edit.end
    out.append(text[pos:])
    return "".join(out)


class OffsetMap:
    """Maps offsets of the clean text to the spun text through the spinner's edits."""

    def __init__(self, edits: Sequence[Edit]) -> None:
        self.edits = sorted(edits, key=lambda e: e.start)
        self.starts = [e.start for e in self.edits]
        shift = 0
        self.shifts: list[int] = []  # shift before each edit
        for edit in self.edits:
            self.shifts.append(shift)
            shift += len(edit.new) - (edit.end - edit.start)
        self.total = shift

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The spun span of clean ``[start, end)``; an edit cut by an edge is taken whole."""
        return self._point(start, left=True), self._point(end, left=False)

    def _point(self, pos: int, *, left: bool) -> int:
        i = bisect.bisect_right(self.starts, pos) - 1  # last edit starting at or before pos
        if i < 0:
            return pos
        edit, shift = self.edits[i], self.shifts[i]
        if pos >= edit.end:
            return pos + shift + len(edit.new) - (edit.end - edit.start)
        if pos == edit.start:
            return pos + shift
        # inside an edit: widen to the whole replacement
        return edit.start + shift if left else edit.start + shift + len(edit.new)


def _spans_of(text: str, piece: str) -> list[tuple[int, int]]:
    spans, at = [], text.find(piece)
    while at >= 0 and piece:
        spans.append((at, at + len(piece)))
        at = text.find(piece, at + 1)
    return spans


def _unique(spun: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` by words until its text occurs once in ``spun``."""
    bounds = [(m.start(), m.end()) for m in re.finditer(r"\S+", spun)]
    word_starts = [b[0] for b in bounds]
    word_ends = [b[1] for b in bounds]
    grow_right = True
    while spun.count(spun[start:end]) > 1 or not spun[start:end]:
        nxt = bisect.bisect_right(word_starts, end)
        prv = bisect.bisect_left(word_ends, start) - 1
        if grow_right and nxt < len(bounds):
            end = word_ends[nxt]
        elif prv >= 0:
            start = word_starts[prv]
        elif nxt < len(bounds):
            end = word_ends[nxt]
        else:
            raise SpinError("a mapped span cannot be made unique")
        grow_right = not grow_right
    return start, end


def _date_lines(raw: str, date_line: object) -> list[tuple[int, int]]:
    """The case's ``date_line``, or else short lines near the top that carry a year or a time."""
    if isinstance(date_line, str) and date_line:
        return _spans_of(raw, date_line)
    found, pos = [], 0
    for line in raw.splitlines(keepends=True)[:6]:
        if len(line) <= 100 and _DATE_LIKE.search(line):
            found.append((pos, pos + len(line)))
        pos += len(line)
    return found


def spin_case(path: Path, *, rate: float = DEFAULT_RATE, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write the three spun files beside the clean case ``path``; return their paths."""
    if not path.name.endswith(".expected.json"):
        raise SpinError("not a NAME.expected.json file")
    case = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(case, dict) or not isinstance(case.get("file"), str):
        raise SpinError("expected a JSON object with a 'file'")
    if case.get("spun") or case.get("original"):
        raise SpinError("the case is already spun; only clean cases are spun")
    name = path.name.removesuffix(".expected.json")
    raw = (path.parent / case["file"]).read_text(encoding="utf-8")

    protected: list[tuple[int, int]] = []
    for piece in case.get("debris", []):
        found = _spans_of(raw, piece)
        if not found:
            raise SpinError("a debris string is not in the article")
        protected.extend(found)
    protected.extend(_date_lines(raw, case.get("date_line")))

    spun, edits = spin(raw, rate=rate, seed=f"{seed}:{name}", protected=protected)
    offsets = OffsetMap(edits)

    def mapped(piece: str, what: str) -> str:
        found = _spans_of(raw, piece)
        if not found:
            raise SpinError(f"{what} is not in the article")
        start, end = _unique(spun, *offsets.span(*found[0]))
        return spun[start:end]

    out = dict(case)
    out["label"] = name + SUFFIX
    out["file"] = f"{name}{SUFFIX}.txt"
    out["original"] = f"{name}{SUFFIX}.original.txt"
    out["spun"] = True
    events = []
    for number, event in enumerate(case.get("events", []), 1):
        events.append(
            {**event, "evidence": mapped(event["evidence"], f"evidence of event {number}")}
        )
    out["events"] = events
    out["not_events"] = [
        mapped(piece, f"not_events item {number}")
        for number, piece in enumerate(case.get("not_events", []), 1)
    ]
    for piece in case.get("debris", []):
        if piece not in spun:  # protected, so this is a bug of the spinner, never of the case
            raise SpinError("a debris string did not survive spinning")

    targets = [
        (path.parent / out["file"], spun),
        (path.parent / out["original"], raw),
        (path.parent / f"{name}{SUFFIX}.expected.json", None),
    ]
    for target, text in targets[:2]:
        target.write_text(text, encoding="utf-8", newline="")
    targets[2][0].write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return [t for t, _ in targets]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.spin", description=__doc__.split("\n")[0]
    )
    parser.add_argument("cases", nargs="+", type=Path, help="clean NAME.expected.json files")
    parser.add_argument("--rate", type=float, default=DEFAULT_RATE, help="share of words spun")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="RNG seed (with the name)")
    args = parser.parse_args(argv)
    try:
        wn.wordnet_dir()
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    failed = written = skipped = 0
    for path in args.cases:
        if path.name.endswith(f"{SUFFIX}.expected.json"):
            skipped += 1  # a spun copy from an earlier run
            continue
        try:
            spin_case(path, rate=args.rate, seed=args.seed)
        except (OSError, ValueError, KeyError, TypeError, SpinError) as exc:
            # The reason only: held-out text must not reach a log a person reads.
            reason: object = exc if isinstance(exc, SpinError) else type(exc).__name__
            if isinstance(exc, OSError) and exc.filename:
                reason = f"{type(exc).__name__}: {Path(str(exc.filename)).name}"
            print(f"error: {path.name}: {reason}", file=sys.stderr)
            failed += 1
            continue
        written += 1
        print(f"spun {path.name}")
    print(f"{written} spun, {skipped} spun copies skipped, {failed} failed", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
