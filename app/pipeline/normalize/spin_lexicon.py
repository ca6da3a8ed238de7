"""The spinner's reverse lexicon (``app/data/normalize/spin.json``), compiled once per process.

Rules are data: each names the word it restores, and the cues its neighbours must fit (literal
words, named word classes from the file, or built-in shape cues such as ``CAP`` or ``ED``).
``DEMONYM`` is not in the file: it is built from the gazetteer's demonyms
(``app/data/gazetteer/countries.json``), so "South Korean and Western quality agencies" reads as
intelligence agencies without listing every nationality twice.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

_COMMON = frozenset({"a", "an", "the", "to", "of", "be"})
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")


def _in(name: str, low: str) -> bool:
    return low in lexicon().classes[name]


# Part-of-speech-ish cues readable from one word's shape (``END`` is handled by `Cue.fits`).
_SHAPES: dict[str, Callable[[str], bool]] = {
    "END": lambda w: False,
    "CAP": lambda w: w[0].isupper(),
    "LOWER": lambda w: w[0].islower(),
    "NUM": lambda w: w[0].isdigit(),
    "ORD": lambda w: _ORDINAL.fullmatch(w) is not None,
    "POSS": lambda w: w.lower().endswith(("’s", "'s")) or _in("POSSPRON", w.lower()),
    "ED": lambda w: w.islower() and len(w) > 4 and w.endswith("ed") and not _in("NOT_ED", w),
    "ING": lambda w: w.islower() and len(w) > 5 and w.endswith("ing") and not _in("NOT_ING", w),
    "PLURAL": lambda w: (
        len(w) > 3
        and w.lower().endswith("s")
        and not w.lower().endswith(("ss", "us", "is", "’s", "'s"))
        and not _in("NOT_PLURAL", w.lower())
    ),
}


@dataclass(frozen=True, slots=True)
class Cue:
    """A set of literal words plus named classes; ``END`` means "no word in the same clause"."""

    words: frozenset[str]
    classes: tuple[str, ...]

    def fits(self, *forms: str | None) -> bool:
        lex = lexicon()
        for form in forms:
            if form is None:
                if "END" in self.classes:
                    return True
                continue
            low = form.lower()
            if low in self.words:
                return True
            for name in self.classes:
                shape = _SHAPES.get(name)
                if (low in lex.classes[name]) if shape is None else shape(form):
                    return True
        return False


@dataclass(frozen=True, slots=True)
class Rule:
    """Restore a spun word (or phrase) to ``to`` when every given cue holds."""

    to: str
    why: str = ""
    prev: Cue | None = None
    next: Cue | None = None
    next2: Cue | None = None
    near_next: Cue | None = None
    not_prev: Cue | None = None
    not_next: Cue | None = None


@dataclass(frozen=True)
class Lexicon:
    classes: dict[str, frozenset[str]]
    tells: re.Pattern[str]
    """All tells in one pattern: a lookahead at each word start, one named group per tell."""
    weights: dict[str, float]
    triggers: frozenset[str]
    """Spun words that occur in some tell: where :func:`spin_score` looks."""
    phrases: dict[str, tuple[tuple[tuple[str, ...], Rule], ...]]
    words: dict[str, tuple[Rule, ...]]


def _cue(spec: Sequence[str] | None) -> Cue | None:
    if spec is None:
        return None
    return Cue(
        words=frozenset(s for s in spec if not s.isupper()),
        classes=tuple(s for s in spec if s.isupper()),
    )


def _rule(data: dict[str, Any]) -> Rule:
    cues = ("prev", "next", "next2", "near_next", "not_prev", "not_next")
    return Rule(to=data["to"], why=data.get("why", ""), **{k: _cue(data.get(k)) for k in cues})


def _demonyms() -> frozenset[str]:
    """Lower-cased last words of the gazetteer's demonyms ("korean", "western" is not one)."""
    source = resources.files("app.data").joinpath("gazetteer/countries.json").read_text("utf-8")
    words: set[str] = set()
    for key, entry in json.loads(source).items():
        if key.startswith("_"):
            continue
        for demonym in entry.get("demonyms", []):
            words.add(demonym.split()[-1].lower())
    return frozenset(words)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load and compile the packaged lexicon once per process."""
    source = resources.files("app.data").joinpath("normalize/spin.json").read_text("utf-8")
    data = json.loads(source)
    # The tells' words as plain text: "\\b[Hh]elium (?:said|...)" -> " helium (?:said|...)".
    tell_source = re.sub(
        r"\[[A-Z]([a-z])\]", r"\1", " ".join(t["pattern"] for t in data["tells"])
    ).replace("\\b", " ")
    phrases: dict[str, list[tuple[tuple[str, ...], Rule]]] = {}
    for item in data["phrases"]:
        words = tuple(item["spun"].split())
        phrases.setdefault(words[0], []).append((words, _rule(item)))
    classes = {name: frozenset(words) for name, words in data["classes"].items()}
    classes["DEMONYM"] = _demonyms()
    return Lexicon(
        classes=classes,
        tells=re.compile(
            r"\b(?=\w)(?=(?:"
            + "|".join(f"(?P<t{i}>{t['pattern']})" for i, t in enumerate(data["tells"]))
            + "))"
        ),
        weights={f"t{i}": float(t["weight"]) for i, t in enumerate(data["tells"])},
        triggers=frozenset(
            word
            for word in set(data["words"]) | {w for p in data["phrases"] for w in p["spun"].split()}
            if word not in _COMMON and re.search(rf"\b{word}\b", tell_source, re.IGNORECASE)
        ),
        phrases={first: tuple(items) for first, items in phrases.items()},
        words={word: tuple(_rule(r) for r in rules) for word, rules in data["words"].items()},
    )
