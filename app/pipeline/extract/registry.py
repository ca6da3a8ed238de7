"""All rule families in one registry, with a cheap pre-filter in front of the trigger patterns.

Running some forty trigger patterns over every clause was the pipeline's hottest loop. Every
pattern, though, needs one of a few literal words to match (its *hints*, read off the pattern's
source by :func:`.hints.literal_hints`: "deployed" or "deploys" or ...). A sentence is
lower-cased once and only the rules whose hints occur in it run, which are a handful per
sentence. A rule whose hints cannot be read (none today) always runs.
"""

from __future__ import annotations

import re

from app.pipeline.extract import diplomacy, frames, military, movement, support, violence
from app.pipeline.extract.attribution import is_unreal
from app.pipeline.extract.hints import literal_hints
from app.pipeline.extract.rules import VIOLENT_TYPES, Candidate, Rule
from app.pipeline.extract.sentences import Sentence, clauses

RULES: tuple[Rule, ...] = (
    diplomacy.RULES
    + military.RULES
    + violence.RULES
    + support.RULES
    + frames.RULES
    + movement.RULES
)


def _hints(rule: Rule) -> frozenset[str] | None:
    return literal_hints(rule.pattern.pattern)


HINTS: tuple[frozenset[str] | None, ...] = tuple(_hints(r) for r in RULES)
_ORDER = sorted(range(len(RULES)), key=lambda i: (-RULES[i].confidence, i))
#: Acts told as a habit ("has been shelled almost daily") are no single event.
_HABITUAL_RE = re.compile(
    r"\b(?:almost|nearly)\s+(?:daily|every day|every night)|\bon a daily basis\b|\bregularly\b"
    r"|\broutinely\b|\brepeatedly\b|\bday after day\b|\bnight after night\b"
    # A running total is no single event: "the war has killed tens of thousands".
    r"|(?<!to )\bha(?:s|ve)\s+(?:since\s+|so far\s+|now\s+)?killed\b|\bwarning shots\b",
    re.IGNORECASE,
)
#: A nominal trigger that only dates something else: "since a ceasefire took effect".
_ANCHOR_RE = re.compile(
    r"\b(?:since|until|despite|under|amid|violation of|breach of)\s+(?:(?:the|a|an|its|their)\s+)?"
    r"(?:[\w'\u2019-]+\s+){0,2}$",
    re.IGNORECASE,
)
#: A verb in a "since" clause dates something else: "has known little peace since foreign
#: armies withdrew".
_SINCE_RE = re.compile(r"\bsince\s+(?:[\w'\u2019-]+\s+){0,3}$", re.IGNORECASE)
#: A standing position, not an act: "Baku long demanded", "has long sought".
_LONG_RE = re.compile(r"\blong\s+$", re.IGNORECASE)
_DENIED_RE = re.compile(
    r"\b(?:denied|denies|deny|denying|rejected|rejects|dismissed)\s*$", re.IGNORECASE
)
#: What someone is accused of is the accusation's content, not an event of its own: "accused
#: the UAE of supplying the RSF with drones".
_ACCUSED_OF_RE = re.compile(
    r"\b(?:accus|blam|suspect|charg|condemn|criticis|criticiz)\w*\s+(?:[\w'\u2019.-]+\s+){0,6}?"
    r"(?:of|for)\s+(?:\w+ing\s+(?:to\s+)?)?$",
    re.IGNORECASE,
)


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
                if (
                    end == hi
                    and hi < sentence.end
                    and not rule.pattern.match(text, start, sentence.end)
                ):
                    continue  # a look-ahead that fails past the clause: "fought | alongside"
                clause = next(((a, b) for a, b in parts if a <= start < b), None)
                if clause is None or is_unreal(text, clause[0], start, end, clause[1]):
                    continue
                if rule.preceded and not rule.preceded.search(text, clause[0], start):
                    continue
                if rule.type in VIOLENT_TYPES and _HABITUAL_RE.search(text, clause[0], clause[1]):
                    continue
                if rule.noun and _ANCHOR_RE.search(text, clause[0], start):
                    continue
                if _SINCE_RE.search(text, max(clause[0], start - 40), start):
                    continue  # "since foreign armies withdrew": a time anchor, not the news
                if _ACCUSED_OF_RE.search(text, clause[0], start):
                    continue
                if _LONG_RE.search(text, max(clause[0], start - 6), start):
                    continue
                if _DENIED_RE.search(text, max(sentence.start, clause[0] - 40), clause[0]):
                    continue  # "Minsk denied | that its helicopters had entered ..."
                span = (sentence.start, sentence.end)
                found.append(Candidate(uid + len(found), rule, (start, end), clause, span))
    # Overlapping triggers: keep the stronger rule (a "missile strike" is an attack, not a test).
    found.sort(key=lambda c: (-c.confidence, c.trigger[0]))
    kept: list[Candidate] = []
    for cand in found:
        host = next(
            (k for k in kept if k.trigger[0] < cand.trigger[1] and cand.trigger[0] < k.trigger[1]),
            None,
        )
        if host is None:
            kept.append(cand)
        else:
            host.alternatives.append(cand)
    return sorted(kept, key=lambda c: c.trigger[0])
