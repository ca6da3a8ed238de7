"""The WordNet layer of the despinner (issue 11): any spinner that swaps words for synset members.

The hand lexicon (:mod:`app.pipeline.normalize.spin_lexicon`) knows one spinner's word pairs.
This layer knows them all, from two tables built by ``tools/build_synonyms.py`` (from WordNet
3.0 and the repo's clean articles; WordNet's licence is ``app/data/normalize/WORDNET_LICENSE``):

- ``wordnet_rare.json``: the *rare* spinner outputs, words a spinner writes far more often
  than clean text holds them ("astatine", "functionaries", "taked"): the detection list;
- ``wordnet_spin.json``: spinner output ("to the lowest degree", "citizenry") -> the common
  words it may stand for, with ``log P(output | word)`` under the spinner model;
- ``context.json``: bigram counts of clean text (WordNet's glosses and examples, the repo's
  clean development articles).

**Detection** (:func:`spun_share`) reads only the small first file, so a clean text never
loads the others. **Restoration** (:func:`restore`): a Viterbi search over the text for the
most probable original words, each word's candidates weighed by their emission probability,
their frequency (wordfreq, mixed with the text's own words) and the bigram context on both
sides, at a spin rate estimated from the text (:func:`estimate_rate`). A word is only changed
when the whole reading is more probable with the change, so ordinary uses ("a successful
strike") mostly stay.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TypeVar

from app.pipeline.types import Edit

TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d[\d,.]*\d|\d|[^\w\s]|\n")
_POSSESSIVE = re.compile(r"(.+?)(['’]s)")
_OPENERS = frozenset(".!?:\"“”‘'(\n")
_MAX_PHRASE = 5
MIN_RARE = 3
"""Fewer rare outputs than this never mark a text spun, whatever their share."""

# The restorer's settings, tuned on the development sets only (realnews-dev, seedlike-dev and
# copies of their clean articles spun by tools/spin.py with other seeds and rates).
_BETA = 30.0
"""Weight of the unigram prior in the bigram estimate (add-beta smoothing)."""
_CACHE = 0.5
"""Weight of the text's own word counts in the unigram prior."""
_PHRASE = 2.0
"""Extra log-odds a multi-word output needs: the bigram counts are too few to know that
"armed forces" or "back up" is a phrase of its own, not the spinner's word for "military"."""
_CAUTION = 2.0
"""How much faster than the estimated spin rate the odds of a change fall (see `_shift`)."""
_RARE_PER_RATE = 0.08
"""Rare outputs per word that a spin rate of 1 leaves (0.016 at the corpus's rate of 0.2)."""
_RATE_RANGE = (0.01, 0.5)


@dataclass(frozen=True)
class Tables:
    rate: float
    spun: dict[str, tuple[tuple[str, float], ...]]
    bigrams: dict[str, dict[str, int]]
    totals: dict[str, int]
    special: dict[str, float]
    """Unigram probability of the tokens wordfreq does not know (``<cap>``, ``,`` ...)."""
    word_share: float


def _read(name: str) -> object:
    source = resources.files("app.data").joinpath(f"normalize/{name}").read_text("utf-8")
    return json.loads(source)


_T = TypeVar("_T", int, float)


def _pairs(line: str, kind: Callable[[str], _T]) -> dict[str, _T]:
    parts = line.split(" ")
    return {parts[i]: kind(parts[i + 1]) for i in range(0, len(parts), 2)}


@lru_cache(maxsize=1)
def tables() -> Tables:
    """Load both packaged tables once per process."""
    spin = _read("wordnet_spin.json")
    context = _read("context.json")
    assert isinstance(spin, dict) and isinstance(context, dict)
    # Both tables hold space-separated pairs ("next count ...", "original logP ..."): a third
    # smaller than JSON lists, and no token or original holds a space.
    bigrams = {prev: _pairs(line, int) for prev, line in context["bigrams"].items()}
    unigrams: dict[str, int] = {}
    for following in bigrams.values():
        for word, count in following.items():
            unigrams[word] = unigrams.get(word, 0) + count
    total = sum(unigrams.values())
    special = {w: c / total for w, c in unigrams.items() if not w[0].isalpha()}
    return Tables(
        rate=float(spin["rate"]),
        spun={k: tuple(_pairs(v, float).items()) for k, v in spin["spun"].items()},
        bigrams=bigrams,
        totals={w: sum(f.values()) for w, f in bigrams.items()},
        special=special,
        word_share=1.0 - sum(special.values()),
    )


@lru_cache(maxsize=1 << 16)
def _frequency(word: str) -> float:
    import wordfreq  # imported on first use: clean texts never get here

    return max(wordfreq.word_frequency(word, "en"), 1e-8)


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    state: str
    """The token as the bigram model reads it (lower case, ``<cap>``, ``<num>``)."""
    free: bool
    """A word the spinner may have replaced (lower case, or capitalised opening a sentence)."""


def tokens(raw: str, earlier: Sequence[Edit] = ()) -> list[Token]:
    """The tokens of ``raw`` as an earlier step left it.

    An earlier edit stands as the words of its replacement, fixed (never changed again, but read
    as context: the hand lexicon's "on" for "connected" is the left neighbour of the next word);
    a deletion (page debris) reads as a line break.
    """
    out: list[Token] = []
    opening = True
    pos = 0
    for edit in sorted(earlier, key=lambda e: (e.start, e.end)):
        if edit.start < pos:
            continue
        opening = _scan(raw, pos, edit.start, out, opening)
        texts = TOKEN.findall(edit.replacement) if edit.replacement.strip() else ["\n"]
        for text in texts if edit.start < edit.end or "\n" in edit.replacement else ():
            state = _state(text, opening)[0]
            out.append(Token(edit.start, edit.end, text, state, False))
            opening = text == "\n" or text in _OPENERS
        pos = edit.end
    _scan(raw, pos, len(raw), out, opening)
    return out


def _state(text: str, opening: bool) -> tuple[str, bool]:
    """The bigram model's reading of a token, and whether the spinner may have replaced it."""
    if text == "\n":
        return "</s>", False
    if text[0].isdigit():
        return "<num>", False
    if text[0].isupper() and not (opening and text[1:].islower()):
        return "<cap>", False
    return text.lower().replace("’", "'"), text[0].isalpha()


def _scan(raw: str, start: int, end: int, out: list[Token], opening: bool) -> bool:
    for match in TOKEN.finditer(raw, start, end):
        text = match.group()
        state, free = _state(text, opening)
        out.append(Token(match.start(), match.end(), text, state, free))
        opening = text == "\n" or text in _OPENERS
    return opening


@lru_cache(maxsize=1)
def rare_words() -> frozenset[str]:
    """The detection list: a small file of its own, so that clean texts never load the rest."""
    data = _read("wordnet_rare.json")
    assert isinstance(data, dict)
    return frozenset(data["rare"])


_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")


def rare_count(raw: str) -> tuple[int, int]:
    """(rare spinner outputs, lower-case words) of ``raw``: the detection signal.

    Only lower-case words count, which spares the sentence-start bookkeeping of :func:`tokens`:
    a spinner's outputs are nearly all lower case, and so are most words of news prose.
    """
    rare = rare_words()
    words = [w for w in _WORD.findall(raw) if w.islower()]
    return sum(w.replace("’", "'") in rare for w in words), len(words)


@lru_cache(maxsize=32)
def spun_share(raw: str) -> float:
    """Share of lower-case words that are rare spinner outputs (0 below ``MIN_RARE`` of them)."""
    found, size = rare_count(raw)
    # A clean text may hold one or two on purpose ("helium balloons", "arsenic poisoning").
    return found / size if found >= MIN_RARE and size else 0.0


@dataclass(frozen=True)
class Restored:
    start: int
    end: int
    text: str
    original: str


class _Model:
    """The bigram model for one text, its unigram prior mixed with the text's own words.

    The mix is a cache model: a word the article uses elsewhere unspun ("was", "missiles") is
    likelier than its frequency in general English says, which settles most ties between
    inflections and near-synonyms that the spinner maps to the same output.
    """

    def __init__(self, t: Tables, toks: Sequence[Token]) -> None:
        self.t = t
        counts: dict[str, int] = {}
        for tok in toks:
            if tok.free and tok.state not in t.spun:  # surely not a spinner's output
                counts[tok.state] = counts.get(tok.state, 0) + 1
        # A possible spinner output the text uses twice or more is mostly the writer's own: the
        # spinner replaces each occurrence apart, so all but one of them count. Not so a rare
        # output: a spinner writes "functionaries" for every "officials" it picks.
        repeats: dict[str, int] = {}
        rare = rare_words()
        for tok in toks:
            if tok.free and tok.state in t.spun and tok.state not in rare:
                repeats[tok.state] = repeats.get(tok.state, 0) + 1
        for word, seen in repeats.items():
            if seen > 1:
                counts[word] = counts.get(word, 0) + seen - 1
        self.cache = counts
        self.cache_total = max(sum(counts.values()), 1)
        self.memo: dict[tuple[str, str], float] = {}

    def prior(self, word: str) -> float:
        t = self.t
        if word in t.special:
            return t.special[word]
        general = _frequency(word) * t.word_share
        local = self.cache.get(word, 0) / self.cache_total * t.word_share
        return (1 - _CACHE) * general + _CACHE * local

    def transition(self, prev: str, word: str) -> float:
        key = (prev, word)
        found = self.memo.get(key)
        if found is None:
            following = self.t.bigrams.get(prev)
            prior = self.prior(word)
            if following:
                count, total = following.get(word, 0), self.t.totals[prev]
                found = math.log((count + _BETA * prior) / (total + _BETA))
            else:
                found = math.log(prior)
            self.memo[key] = found
        return found


def _cased(source: str, word: str) -> str:
    return word[:1].upper() + word[1:] if source[:1].isupper() else word


def _hypotheses(
    t: Tables, toks: Sequence[Token], i: int, rate: float
) -> list[tuple[int, str, float, str]]:
    """(length, state, log emission, restored text) for the readings starting at ``toks[i]``."""
    tok = toks[i]
    keep = math.log(1 - rate) if tok.free else 0.0
    shift = _CAUTION * math.log(rate / t.rate)
    found = [(1, tok.state, keep, tok.text)]
    if not tok.free:
        return found
    words: list[str] = []
    for j in range(i, min(i + _MAX_PHRASE, len(toks))):
        other = toks[j]
        if j > i and not (
            other.start >= toks[j - 1].end and (other.free or other.state == "<num>")
        ):
            break  # phrases run over lower-case words and numbers ("atomic number 49")
        words.append(other.state if other.free else other.text)
        key, suffix = " ".join(words), ""
        if j == i and (possessive := _POSSESSIVE.fullmatch(key)):
            key, suffix = possessive.group(1), possessive.group(2)
        for word, logp in t.spun.get(key, ()):
            text = _cased(tok.text, word) + toks[j].text[len(toks[j].text) - len(suffix) :]
            found.append(
                (j - i + 1, word + suffix.replace("’", "'"), logp + shift - _PHRASE * (j > i), text)
            )
    return found


def estimate_rate(toks: Sequence[Token]) -> float | None:
    """The share of words the spinner replaced, read from the rare outputs the text still holds.

    Words an earlier step restored do not count: after the hand lexicon, a text spun by the
    seed's spinner has few left (a low rate, so few changes), one spun by another spinner many.
    The emissions are then scaled by ``(rate / table rate) ** _CAUTION``: the lower the rate,
    the surer a change must be, since most of a lightly spun text's words are its own.
    """
    rare = rare_words()
    free = [tok for tok in toks if tok.free]
    found = sum(tok.state in rare for tok in free)
    if found < MIN_RARE:
        return None  # too few left to say another spinner was at work
    low, high = _RATE_RANGE
    return min(max(found / max(len(free), 1) / _RARE_PER_RATE, low), high)


def restore(raw: str, earlier: Sequence[Edit] = ()) -> list[Restored]:
    """The words of ``raw`` (as ``earlier`` edits left it) the most probable reading changes."""
    t = tables()
    toks = tokens(raw, earlier)
    model = _Model(t, toks)
    rate = estimate_rate(toks)
    if rate is None:
        return []
    size = len(toks)
    # best[i]: state -> (score, (prev position, prev state, hypothesis)) for paths ending before i
    best: list[dict[str, tuple[float, tuple[int, str, tuple[int, str, float, str]] | None]]] = [
        {} for _ in range(size + 1)
    ]
    best[0]["</s>"] = (0.0, None)
    for i in range(size):
        if not best[i]:
            continue
        for hyp in _hypotheses(t, toks, i, rate):
            length, state, emission, _ = hyp
            target = best[i + length]
            top = max(
                (score + model.transition(prev, state), prev)
                for prev, (score, _) in best[i].items()
            )
            score = top[0] + emission
            if state not in target or target[state][0] < score:
                target[state] = (score, (i, top[1], hyp))
    out: list[Restored] = []
    state = max(best[size], key=lambda s: best[size][s][0])
    pos = size
    while pos > 0:
        back = best[pos][state][1]
        assert back is not None
        i, prev, (length, _, _, text) = back
        first, last = toks[i], toks[i + length - 1]
        if length > 1 or text != first.text:
            out.append(Restored(first.start, last.end, text, raw[first.start : last.end]))
        pos, state = i, prev
    return out[::-1]
