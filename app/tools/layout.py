"""``python -m app.tools.layout``: print the layer of every module in ``app/`` and check the plan.

Fails (exit status 1) on

- an import against the dependency rule (:data:`ALLOWED`): a layer may import only the layers
  listed for it, so the domains never import the HTTP layer, and the pipeline imports neither
  the HTTP layer nor the store, the tables or the domains;
- a module longer than :data:`MAX_LINES` lines;
- a block of :data:`MIN_REPEAT` or more identical lines (blank lines aside) found twice in ``app/``.

Every import counts, the ones inside functions and under ``TYPE_CHECKING`` too. ``app/README.md``
draws the same layers.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

APP_DIR = Path(__file__).resolve().parents[1]
MAX_LINES = 400
MIN_REPEAT = 10

#: Layer of each module, by the longest matching dotted prefix.
LAYER_OF_PREFIX: dict[str, str] = {
    "app": "base",
    "app.config": "base",
    "app.data": "data",
    "app.reference": "reference",
    "app.pipeline": "pipeline",
    "app.models": "models",
    "app.store": "store",
    "app.api": "api",
    "app.actors": "domain",
    "app.deletions": "domain",
    "app.event_types": "domain",
    "app.events": "domain",
    "app.feeds": "domain",
    "app.importers": "domain",
    "app.locations": "domain",
    "app.sources": "domain",
    "app.stats": "domain",
    "app.corpus": "corpus",
    "app.http": "http",
    "app.dashboard": "http",
    "app.main": "main",
    "app.cli": "cli",
    "app.__main__": "cli",
    "app.tools": "tools",
}

#: The layers each layer may import (its own layer always included).
ALLOWED: dict[str, frozenset[str]] = {
    "base": frozenset({"base"}),
    "data": frozenset({"data"}),
    "tools": frozenset({"tools"}),
    "reference": frozenset({"base", "reference"}),
    "pipeline": frozenset({"base", "data", "reference", "pipeline"}),
    "models": frozenset({"base", "reference", "models"}),
    "store": frozenset({"base", "reference", "models", "store"}),
    "api": frozenset({"base", "reference", "api"}),
    "domain": frozenset(
        {"base", "data", "reference", "pipeline", "models", "store", "api", "domain"}
    ),
    "corpus": frozenset({"base", "reference", "models", "store", "corpus"}),
    "http": frozenset({"base", "reference", "models", "store", "api", "http"}),
    "main": frozenset(
        {"base", "data", "reference", "pipeline", "models", "store", "api", "domain", "http"}
        | {"main"}
    ),
    "cli": frozenset(
        {"base", "data", "reference", "pipeline", "models", "store", "api", "domain", "http"}
        | {"main", "corpus", "cli"}
    ),
}


@dataclass(frozen=True)
class Module:
    name: str
    path: Path
    lines: int
    shown: str  # the path as printed, from the folder holding ``app/``

    @property
    def layer(self) -> str:
        return layer_of(self.name)


def layer_of(name: str) -> str:
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        layer = LAYER_OF_PREFIX.get(".".join(parts[:end]))
        if layer is not None:
            return layer
    raise KeyError(name)


def modules(root: Path = APP_DIR) -> list[Module]:
    found = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        if "node_modules" in parts:
            continue
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        lines = len(path.read_text(encoding="utf-8").splitlines())
        found.append(Module(name, path, lines, path.relative_to(root.parent).as_posix()))
    return found


def imports(module: Module) -> Iterator[tuple[int, str]]:
    """``(line, imported module)`` for every import of ``app`` in ``module``."""
    tree = ast.parse(module.path.read_text(encoding="utf-8"), str(module.path))
    package = module.name if module.path.name == "__init__.py" else module.name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}" if base == "app" else base


def rule_problems(found: Sequence[Module]) -> Iterator[str]:
    for module in found:
        allowed = ALLOWED[module.layer]
        for line, target in sorted(set(imports(module))):
            if target != "app" and not target.startswith("app."):
                continue
            layer = layer_of(target)
            if layer not in allowed:
                yield f"{module.shown}:{line}: {module.layer} imports {layer} ({target})"


def size_problems(found: Sequence[Module]) -> Iterator[str]:
    for module in found:
        if module.lines > MAX_LINES:
            yield f"{module.shown}: {module.lines} lines (at most {MAX_LINES})"


def _import_lines(text: str) -> set[int]:
    """Line numbers of import statements: two modules may well import the same ten names."""
    lines: set[int] = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import | ast.ImportFrom):
            lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return lines


def repeat_problems(found: Sequence[Module]) -> Iterator[str]:
    """Blocks of ``MIN_REPEAT`` identical lines (stripped; blank lines and imports aside) seen
    twice."""
    first: dict[tuple[str, ...], tuple[Module, int, int]] = {}
    for module in found:
        text = module.path.read_text(encoding="utf-8")
        skipped = _import_lines(text)
        numbered = [
            (number, line.strip())
            for number, line in enumerate(text.splitlines(), 1)
            if line.strip() and number not in skipped
        ]
        reported_until = 0
        for i in range(len(numbered) - MIN_REPEAT + 1):
            window = numbered[i : i + MIN_REPEAT]
            key = tuple(text for _, text in window)
            start, end = window[0][0], window[-1][0]
            seen = first.get(key)
            if seen is None:
                first[key] = (module, start, end)
            elif (seen[0] != module or seen[2] < start) and start > reported_until:
                there = f"{seen[0].shown}:{seen[1]}"
                yield f"{module.shown}:{start}: {MIN_REPEAT}+ lines repeated from {there}"
                reported_until = end


def check(root: Path = APP_DIR) -> list[str]:
    """Every problem found in ``root``, as ``path:line: what`` strings (empty when clean)."""
    found = modules(root)
    return [*rule_problems(found), *size_problems(found), *repeat_problems(found)]


def main(argv: Sequence[str] | None = None) -> int:
    del argv
    found = modules()
    width = max(len(m.name) for m in found)
    for module in found:
        print(f"{module.layer:<10} {module.name:<{width}} {module.lines:>4}")
    problems = check()
    for problem in problems:
        print(problem, file=sys.stderr)
    summary = f"{len(found)} modules, {len(problems)} problems"
    print(summary, file=sys.stderr if problems else sys.stdout)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
