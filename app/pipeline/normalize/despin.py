"""Stage 2: decide whether a text was spun, and only then restore the spinner's synonyms.

Content farms disguise copied news with a "spinner" that swaps words for a WordNet synonym of the
wrong sense (``in`` → ``successful``, ``he`` → ``helium``, ``missile`` → ``rocket``). Detection and
restoration are deliberately separate: detection looks for *tells* (``helium said``, ``astatine
slightest``) that clean English practically never contains, so a clean article with "a successful
strike" or "helium balloons" is never touched. Restoration then reads each candidate word in its
context (determiners, dates, capitalised names, participles on either side) using the reverse
lexicon in ``app/data/normalize/spin.json``, where every rule lives as data.

The lexicon knows one spinner's word pairs; :func:`restore_wordnet_synonyms` then reads what it
left with the model of any WordNet spinner (:mod:`app.pipeline.normalize.synonyms`), and
:func:`is_spun` also counts that model's rare outputs, so a text spun by another spinner, with
none of the lexicon's tells, is detected too.
"""

from __future__ import annotations

import itertools
import re
from collections import deque
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from app.pipeline.normalize import synonyms
from app.pipeline.normalize.spin_lexicon import Rule, lexicon
from app.pipeline.types import Edit

if TYPE_CHECKING:
    from app.pipeline.normalize import NormalizeConfig

STEP = "restore_spun_words"
SYNONYM_STEP = "restore_wordnet_synonyms"
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[’'][A-Za-z]+)?")


@lru_cache(maxsize=32)
def spin_score(text: str) -> float:
    """Total weight of the spinner tells found in ``text`` (0.0 for clean English).

    Cached because :func:`normalize` asks twice (to gate this step and to report the score).
    """
    lex = lexicon()
    # Every tell contains a spun word; try the tell pattern only at the word starts from two
    # words before each one, instead of at every word start (about 5 times slower).
    starts: set[int] = set()
    recent: deque[int] = deque(maxlen=3)
    for token in _TOKEN.finditer(text):
        recent.append(token.start())
        if token.group().lower() in lex.triggers:
            starts.update(recent)
    matches = (lex.tells.match(text, pos) for pos in sorted(starts))
    return sum(lex.weights[m.lastgroup or ""] for m in matches if m is not None)


def _cased(source: str, word: str) -> str:
    """Carry the capitalisation of the spun word over ("Successful" → "In")."""
    if source[:1].isupper() and word[:1].islower():
        return word[:1].upper() + word[1:]
    return word


_NO_WORD: tuple[str | None, str | None] = (None, None)


def _holds(rule: Rule, forms: list[str | None], raw: list[str | None], i: int, j: int) -> bool:
    """Check ``rule`` for the tokens ``i..j`` given the current and raw forms of all tokens."""
    size = len(forms)
    if rule.prev is not None or rule.not_prev is not None:
        prev = (forms[i - 1], raw[i - 1]) if i > 0 else _NO_WORD
        if rule.prev is not None and not rule.prev.fits(*prev):
            return False
        if rule.not_prev is not None and rule.not_prev.fits(*prev):
            return False
    if rule.next is not None or rule.not_next is not None:
        after = (forms[j + 1], raw[j + 1]) if j + 1 < size else _NO_WORD
        if rule.next is not None and not rule.next.fits(*after):
            return False
        if rule.not_next is not None and rule.not_next.fits(*after):
            return False
    if rule.next2 is not None:
        after2 = (forms[j + 2], raw[j + 2]) if j + 2 < size else _NO_WORD
        if not rule.next2.fits(*after2):
            return False
    if rule.near_next is not None:
        near = [w for w in (forms[j + 1 : j + 5] + raw[j + 1 : j + 5]) if w is not None]
        if not near or not rule.near_next.fits(*near):
            return False
    return True


def is_spun(raw: str, config: NormalizeConfig) -> bool:
    """The text-level decision: the hand lexicon's tells, or many rare WordNet spinner outputs."""
    return (
        spin_score(raw) >= config.spin_threshold
        or synonyms.spun_share(raw) >= config.spin_share_threshold
    )


def restore_spun_words(raw: str, config: NormalizeConfig, taken: Sequence[Edit]) -> list[Edit]:
    """Edits restoring the original words, or none when the text does not read as spun."""
    if not is_spun(raw, config):
        return []
    edits: list[Edit] = []
    for start, end in _clauses(raw, taken):
        tokens = list(_TOKEN.finditer(raw, start, end))
        if tokens:
            edits.extend(_restore_clause(tokens))
    return edits


def restore_wordnet_synonyms(
    raw: str, config: NormalizeConfig, taken: Sequence[Edit]
) -> list[Edit]:
    """The WordNet layer: words the hand lexicon left, read in context, in a spun text only."""
    if not is_spun(raw, config):
        return []
    return [
        Edit(
            found.start,
            found.end,
            found.text,
            SYNONYM_STEP,
            f"WordNet synonym read as {found.text!r} in context",
        )
        for found in synonyms.restore(raw, taken)
    ]


def _restore_clause(tokens: list[re.Match[str]]) -> list[Edit]:
    """Phrases first (they claim their words), then single words over a few passes."""
    lex = lexicon()
    raw_forms: list[str | None] = [t.group() for t in tokens]
    lows = [t.group().lower() for t in tokens]
    forms = list(raw_forms)
    edits: list[Edit] = []
    claimed: set[int] = set()
    for i, low in enumerate(lows):
        for words, rule in lex.phrases.get(low, ()):
            j = i + len(words) - 1
            if (
                tuple(lows[i : j + 1]) == words
                and not claimed.intersection(range(i, j + 1))
                and _holds(rule, forms, raw_forms, i, j)
            ):
                claimed.update(range(i, j + 1))
                edits.append(_phrase_edit(tokens[i : j + 1], rule))
                break
    candidates = [i for i, low in enumerate(lows) if low in lex.words and i not in claimed]
    chosen: dict[int, Rule] = {}
    for _ in range(3 if candidates else 0):  # a restored neighbour can unlock or veto a rule
        changed = False
        for i in candidates:
            rules = lex.words[lows[i]]
            found = next((r for r in rules if _holds(r, forms, raw_forms, i, i)), None)
            new = raw_forms[i] if found is None else _cased(tokens[i].group(), found.to)
            changed |= forms[i] != new
            forms[i] = new
            if found is None:
                chosen.pop(i, None)
            else:
                chosen[i] = found
        if not changed:
            break
    for i, rule in chosen.items():
        token = tokens[i]
        reason = f"spun word for {rule.to!r}" + (f": {rule.why}" if rule.why else "")
        edits.append(Edit(token.start(), token.end(), _cased(token.group(), rule.to), STEP, reason))
    return edits


def _phrase_edit(tokens: list[re.Match[str]], rule: Rule) -> Edit:
    """One edit for a phrase, trimmed to the words that change when the word counts agree."""
    new_words = rule.to.split()
    lo, hi = 0, len(tokens) - 1
    if len(new_words) == len(tokens):
        while lo < hi and tokens[lo].group().lower() == new_words[lo]:
            lo += 1
        while hi > lo and tokens[hi].group().lower() == new_words[hi]:
            hi -= 1
        new_words = new_words[lo : hi + 1]
    first, last = tokens[lo], tokens[hi]
    reason = f"spun phrase for {rule.to!r}" + (f": {rule.why}" if rule.why else "")
    return Edit(first.start(), last.end(), _cased(first.group(), " ".join(new_words)), STEP, reason)


_CLAUSE_BREAK = re.compile(r"[^\s\w“”‘’\"'\-]+|\n")


def _clauses(raw: str, taken: Sequence[Edit]) -> list[tuple[int, int]]:
    """Split ``raw`` at punctuation, newlines and earlier edits; rules never look across them."""
    cuts = sorted({0, len(raw)} | {p for s in taken for p in (s.start, s.end)})
    pieces: list[tuple[int, int]] = []
    blocked = {(s.start, s.end) for s in taken}
    for lo, hi in itertools.pairwise(cuts):
        if (lo, hi) in blocked or any(s.start <= lo and hi <= s.end for s in taken):
            continue
        pos = lo
        for brk in _CLAUSE_BREAK.finditer(raw, lo, hi):
            pieces.append((pos, brk.start()))
            pos = brk.end()
        pieces.append((pos, hi))
    return [p for p in pieces if p[1] > p[0]]
