"""A small reader of the WordNet 3.0 database files (the ``wndb(5)`` format), for development tools.

It reads Debian's ``wordnet-base`` package (``/usr/share/wordnet``: ``data.*``, ``index.*``,
``*.exc``), or any folder given by ``WORDNET_DIR``. The product never reads WordNet at run time:
tools derive tables from it, and those tables are committed as data with WordNet's licence.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
#: Pointer symbols this module follows (wninput(5)).
HYPONYM, HYPERNYM, DERIVED = "~", "@", "+"


def wordnet_dir() -> Path:
    """The database folder; raises with the install hint when it is missing."""
    path = Path(os.environ.get("WORDNET_DIR", "/usr/share/wordnet"))
    if not (path / "data.noun").is_file():
        raise FileNotFoundError(
            f"no WordNet database in {path}: apt-get install wordnet-base (or set WORDNET_DIR)"
        )
    return path


@dataclass(frozen=True)
class Synset:
    """One synset: its id (``pos:offset``), lemmas (spaces for underscores), pointers, gloss."""

    id: str
    pos: str
    lemmas: tuple[str, ...]
    pointers: tuple[tuple[str, str], ...]
    """(symbol, target synset id)."""
    gloss: str


def _parse_data_line(line: str, pos: str) -> Synset:
    head, _, gloss = line.partition(" | ")
    fields = head.split()
    offset, ss_type = fields[0], fields[2]
    count = int(fields[3], 16)
    lemmas = []
    i = 4
    for _ in range(count):
        word = fields[i]
        if ss_type in ("a", "s") and word.endswith(")"):
            word = word[: word.rindex("(")]  # adjective markers: "galore(ip)"
        lemmas.append(word.replace("_", " ").lower())
        i += 2
    p_count = int(fields[i])
    i += 1
    pointers = []
    for _ in range(p_count):
        symbol, target, target_pos = fields[i], fields[i + 1], fields[i + 2]
        target_pos = "a" if target_pos == "s" else target_pos
        pointers.append((symbol, f"{target_pos}:{target}"))
        i += 4
    return Synset(f"{pos}:{offset}", pos, tuple(dict.fromkeys(lemmas)), tuple(pointers), gloss)


@cache
def synsets() -> dict[str, Synset]:
    """Every synset of the database, by id."""
    found: dict[str, Synset] = {}
    for pos, name in POS_FILES.items():
        with (wordnet_dir() / f"data.{name}").open(encoding="utf-8", errors="replace") as lines:
            for line in lines:
                if not line.startswith("  "):
                    synset = _parse_data_line(line, pos)
                    found[synset.id] = synset
    return found


@cache
def index() -> dict[tuple[str, str], tuple[str, ...]]:
    """(lemma, pos) -> synset ids, most frequent sense first (the index files' order)."""
    found: dict[tuple[str, str], tuple[str, ...]] = {}
    for pos, name in POS_FILES.items():
        with (wordnet_dir() / f"index.{name}").open(encoding="utf-8", errors="replace") as lines:
            for line in lines:
                if line.startswith("  "):
                    continue
                fields = line.split()
                lemma, synset_count, p_count = fields[0], int(fields[2]), int(fields[3])
                offsets = fields[6 + p_count :][:synset_count]
                found[(lemma.replace("_", " ").lower(), pos)] = tuple(f"{pos}:{o}" for o in offsets)
    return found


@cache
def exceptions(pos: str) -> dict[str, tuple[str, ...]]:
    """Irregular inflection -> base forms (``went`` -> ``go``), from ``POS.exc``."""
    found: dict[str, tuple[str, ...]] = {}
    path = wordnet_dir() / f"{POS_FILES[pos]}.exc"
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        words = [w.replace("_", " ") for w in line.split()]
        if len(words) >= 2:
            found[words[0]] = tuple(words[1:])
    return found


@cache
def irregular_forms(pos: str) -> dict[str, tuple[str, ...]]:
    """Base form -> its irregular inflections (``go`` -> ``went``, ``gone``)."""
    found: dict[str, list[str]] = {}
    for form, bases in exceptions(pos).items():
        for base in bases:
            found.setdefault(base, []).append(form)
    return {base: tuple(forms) for base, forms in found.items()}


def senses(lemma: str, pos: str) -> list[Synset]:
    """The synsets of ``lemma`` as ``pos``, most frequent first."""
    table = synsets()
    return [table[i] for i in index().get((lemma.lower(), pos), ())]


def related(synset: Synset, symbol: str, depth: int = 1) -> list[Synset]:
    """Synsets reached from ``synset`` by ``symbol`` pointers, breadth first, up to ``depth``."""
    table = synsets()
    seen = {synset.id}
    frontier = [synset]
    out: list[Synset] = []
    for _ in range(depth):
        nxt = []
        for s in frontier:
            for sym, target in s.pointers:
                if sym == symbol and target not in seen and target in table:
                    seen.add(target)
                    nxt.append(table[target])
        out.extend(nxt)
        frontier = nxt
    return out


def base_forms(word: str, pos: str) -> list[str]:
    """WordNet's morphy: the base forms of ``word`` as ``pos`` that the index holds."""
    word = word.lower()
    candidates = [word, *exceptions(pos).get(word, ())]
    suffixes = {
        "n": [("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
              ("men", "man"), ("ies", "y")],
        "v": [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""),
              ("ing", "e"), ("ing", "")],
        "a": [("er", ""), ("est", ""), ("er", "e"), ("est", "e")],
        "r": [],
    }[pos]  # fmt: skip
    for old, new in suffixes:
        if word.endswith(old) and len(word) > len(old) + 1:
            candidates.append(word[: len(word) - len(old)] + new)
    known = index()
    return [c for c in dict.fromkeys(candidates) if (c, pos) in known]
