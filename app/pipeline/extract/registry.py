"""All rule families in one registry, with a cheap pre-filter in front of the trigger patterns.

Running some forty trigger patterns over every clause was the pipeline's hottest loop. Every
pattern, though, needs one of a few literal words to match (its *hints*, read off the compiled
pattern by :func:`_hints`: "deployed" or "deploys" or ...). A sentence is lower-cased once and
only the rules whose hints occur in it run, which are a handful per sentence. A rule whose
hints cannot be read (none today) always runs.
"""

from __future__ import annotations

import re
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from app.pipeline.extract import diplomacy, military, support, violence
from app.pipeline.extract.attribution import is_unreal
from app.pipeline.extract.rules import Candidate, Rule
from app.pipeline.extract.sentences import Sentence, clauses

RULES: tuple[Rule, ...] = diplomacy.RULES + military.RULES + violence.RULES + support.RULES

_LITERAL = sre_constants.LITERAL
_BRANCH = sre_constants.BRANCH
_SUBPATTERN = sre_constants.SUBPATTERN
_REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT)
_ZERO_WIDTH = (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT)


def _required(items: Any) -> frozenset[str] | None:
    """Strings one of which every match of the parsed sequence ``items`` contains, or None.

    Runs of literals are joined; of several usable elements the one with the longest shortest
    hint is chosen (the most selective)."""
    options: list[frozenset[str]] = []
    run = ""
    for op, arg in [*list(items), (None, None)]:
        if op == _LITERAL:
            run += chr(arg).lower()
            continue
        if len(run) >= 3:
            options.append(frozenset({run}))
        run = ""
        if op is None or op in _ZERO_WIDTH:
            continue
        found: frozenset[str] | None = None
        if op == _SUBPATTERN:
            found = _required(arg[-1])
        elif op == _BRANCH:
            parts = [_required(alt) for alt in arg[1]]
            if all(p is not None for p in parts):
                found = frozenset().union(*(p for p in parts if p is not None))
        elif op in _REPEATS and arg[0] >= 1:
            found = _required(arg[2])
        if found:
            options.append(found)
    if not options:
        return None
    return max(options, key=lambda s: min(len(h) for h in s))


def _hints(rule: Rule) -> frozenset[str] | None:
    return _required(sre_parse.parse(rule.pattern.pattern, rule.pattern.flags))


HINTS: tuple[frozenset[str] | None, ...] = tuple(_hints(r) for r in RULES)
_ORDER = sorted(range(len(RULES)), key=lambda i: (-RULES[i].confidence, i))
#: Acts told as a habit ("has been shelled almost daily") are no single event.
_HABITUAL_RE = re.compile(
    r"\b(?:almost|nearly)\s+(?:daily|every day|every night)|\bon a daily basis\b|\bregularly\b"
    r"|\broutinely\b|\bday after day\b|\bnight after night\b",
    re.IGNORECASE,
)
_VIOLENT = frozenset({"attack", "airstrike", "armed_clash", "casualties"})


_ALL_HINTS = sorted({h for hints in HINTS for h in hints or ()}, key=len, reverse=True)
#: Every hint, found at every position (a lookahead: "exchanged" does not hide "change").
_HINT_RE = re.compile("(?=(" + "|".join(re.escape(h) for h in _ALL_HINTS) + "))")
#: For a hint found, the hints it contains ("exchanged" holds "exchange").
_CONTAINED = {h: frozenset(g for g in _ALL_HINTS if g in h) for h in _ALL_HINTS}
_ALWAYS = [i for i in _ORDER if HINTS[i] is None]


def active_rules(text: str) -> list[int]:
    """Indices of the rules whose hints occur in ``text`` (strongest first)."""
    present: set[str] = set()
    for found in {m.group(1) for m in _HINT_RE.finditer(text.lower())}:
        present |= _CONTAINED[found]
    if not present:
        return _ALWAYS
    return [i for i in _ORDER if HINTS[i] is None or not present.isdisjoint(HINTS[i] or ())]


def find_triggers(text: str, sentence: Sentence, uid: int) -> list[Candidate]:
    """Rule matches in ``text[sentence]`` that tell of a real act, overlapping ones resolved."""
    active = active_rules(text[sentence.start : sentence.end])
    if not active:
        return []
    parts = clauses(text, sentence.start, sentence.end)
    found: list[Candidate] = []
    for i in active:
        rule = RULES[i]
        scopes = [(sentence.start, sentence.end)] if rule.sentence_wide else parts
        for lo, hi in scopes:
            for match in rule.pattern.finditer(text, lo, hi):
                start, end = match.span()
                clause = next(((a, b) for a, b in parts if a <= start < b), None)
                if clause is None or is_unreal(text, clause[0], start, end, clause[1]):
                    continue
                if rule.type in _VIOLENT and _HABITUAL_RE.search(text, clause[0], clause[1]):
                    continue
                span = (sentence.start, sentence.end)
                found.append(Candidate(uid + len(found), rule, (start, end), clause, span))
    # Overlapping triggers: keep the stronger rule (a "missile strike" is an attack, not a test).
    found.sort(key=lambda c: (-c.confidence, c.trigger[0]))
    kept: list[Candidate] = []
    for cand in found:
        if not any(k.trigger[0] < cand.trigger[1] and cand.trigger[0] < k.trigger[1] for k in kept):
            kept.append(cand)
    return sorted(kept, key=lambda c: c.trigger[0])
