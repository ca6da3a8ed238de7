"""Literal hints of a trigger pattern: strings one of which every match must contain.

The registry runs only the rules whose hints occur in a sentence. Hints are read off the
pattern's source by a small reader of the regular-expression subset the rule families use
(literals, escapes, classes, groups and look-arounds, alternation, quantifiers): a public,
version-independent replacement for walking ``re``'s private parse tree. Whatever the reader
does not understand counts as "any text", which can only make hints weaker, never wrong: a rule
without hints always runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

_ZERO_WIDTH_ESCAPES = frozenset("bBAZ")
_CLASS_ESCAPES = frozenset("dDwWsS")


@dataclass
class _Node:
    """One element of a parsed sequence: a literal character, a group, a look-around or an
    opaque element (a class, ``.``, an escape class); ``low`` is its least repetition."""

    kind: str  # "lit" | "group" | "zero" | "any"
    char: str = ""
    alternatives: list[list[_Node]] = field(default_factory=list)
    low: int = 1
    repeated: bool = False


class _Reader:
    def __init__(self, source: str) -> None:
        self.src = source
        self.pos = 0

    def peek(self, ahead: int = 0) -> str:
        i = self.pos + ahead
        return self.src[i] if i < len(self.src) else ""

    def alternatives(self) -> list[list[_Node]]:
        alts: list[list[_Node]] = [[]]
        while self.pos < len(self.src) and self.peek() != ")":
            if self.peek() == "|":
                self.pos += 1
                alts.append([])
                continue
            node = self.atom()
            self.quantifier(node)
            alts[-1].append(node)
        return alts

    def atom(self) -> _Node:
        ch = self.peek()
        self.pos += 1
        if ch == "\\":
            return self.escape()
        if ch == "[":
            self.skip_class()
            return _Node("any")
        if ch == "(":
            return self.group()
        if ch in "^$":
            return _Node("zero")
        if ch == ".":
            return _Node("any")
        return _Node("lit", ch.lower())

    def escape(self) -> _Node:
        ch = self.peek()
        self.pos += 1
        if ch in _ZERO_WIDTH_ESCAPES:
            return _Node("zero")
        if ch == "u" and len(self.src) >= self.pos + 4:
            code = self.src[self.pos : self.pos + 4]
            self.pos += 4
            return _Node("lit", chr(int(code, 16)).lower())
        if ch in _CLASS_ESCAPES or ch.isalnum():
            return _Node("any")
        return _Node("lit", ch.lower())

    def skip_class(self) -> None:
        if self.peek() == "^":
            self.pos += 1
        if self.peek() == "]":
            self.pos += 1
        while self.pos < len(self.src) and self.peek() != "]":
            self.pos += 2 if self.peek() == "\\" else 1
        self.pos += 1

    def group(self) -> _Node:
        kind = "group"
        if self.peek() == "?":
            self.pos += 1
            ch = self.peek()
            if ch in "=!" or (ch == "<" and self.peek(1) in "=!"):
                kind = "zero"
                self.pos += 1 if ch in "=!" else 2
            elif ch == "P" and self.peek(1) == "<":
                self.pos = self.src.index(">", self.pos) + 1
            else:  # "(?:" and scoped flags such as "(?-i:"
                while self.pos < len(self.src) and self.peek() != ":":
                    self.pos += 1
                self.pos += 1
        alts = self.alternatives()
        self.pos += 1  # the closing parenthesis
        return _Node(kind, alternatives=alts)

    def quantifier(self, node: _Node) -> None:
        ch = self.peek()
        if ch in "?*+":
            self.pos += 1
            node.low, node.repeated = (1 if ch == "+" else 0), True
        elif ch == "{" and "}" in self.src[self.pos :]:
            close = self.src.index("}", self.pos)
            body = self.src[self.pos + 1 : close]
            low = body.split(",")[0].strip()
            if not (low.isdigit() or low == "") or not body.replace(",", "").strip().isdigit():
                return  # a literal brace
            self.pos = close + 1
            node.low, node.repeated = (int(low) if low else 0), True
        else:
            return
        if self.peek() in "?+":
            self.pos += 1  # lazy or possessive


def _required(items: list[_Node]) -> frozenset[str] | None:
    """Strings one of which every match of ``items`` contains, or None.

    Runs of literals are joined; of several usable elements the one whose shortest hint is the
    longest is chosen (the most selective)."""
    options: list[frozenset[str]] = []
    run = ""
    for node in [*items, None]:
        if node is not None and node.kind == "lit" and not node.repeated:
            run += node.char
            continue
        if len(run) >= 3:
            options.append(frozenset({run}))
        run = ""
        if node is None or node.kind != "group" or node.low < 1:
            continue
        parts = [_required(alt) for alt in node.alternatives]
        if all(p is not None for p in parts):
            options.append(frozenset().union(*(p for p in parts if p is not None)))
    if not options:
        return None
    return max(options, key=lambda s: min(len(h) for h in s))


def literal_hints(source: str) -> frozenset[str] | None:
    """Lower-cased strings one of which every match of the pattern ``source`` contains (for a
    case-insensitive pattern); None when none can be read."""
    reader = _Reader(source)
    alts = reader.alternatives()
    if reader.pos < len(source):
        return None  # an unbalanced parenthesis: not understood
    parts = [_required(alt) for alt in alts]
    if not all(p is not None for p in parts):
        return None
    return frozenset().union(*(p for p in parts if p is not None))
