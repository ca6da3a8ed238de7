"""The literal-hint pre-filter (:mod:`app.pipeline.extract.hints`) is a pure speed-up: it must
never drop a rule match. Every case text is coded with and without the pre-filter and the
drafts must be identical."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from app.pipeline.code_article import code_article
from app.pipeline.extract import registry
from app.pipeline.extract.hints import literal_hints

CASES = Path(__file__).parent / "cases"


def _texts() -> list[tuple[str, str]]:
    out = [(p.name, p.read_text(encoding="utf-8")) for p in sorted((CASES / "dev2").glob("*.txt"))]
    for path in sorted((CASES / "extract").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        out.append((path.name, data["text"]))
        if data.get("original"):
            out.append((f"{path.name}:original", data["original"]))
    return out


def _all_rules(text: str) -> list[int]:
    return list(registry._ORDER)


@pytest.mark.parametrize("name,text", _texts(), ids=lambda v: v if len(v) < 80 else "")
def test_prefilter_never_drops_a_match(
    name: str, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    filtered = code_article(text).events
    monkeypatch.setattr(registry, "active_rules", _all_rules)
    unfiltered = code_article(text).events
    assert filtered == unfiltered, name


def test_every_rule_has_hints() -> None:
    """A rule without hints runs on every sentence: allowed, but none should need to."""
    assert all(h for h in registry.HINTS)


@pytest.mark.parametrize(
    "pattern,sample",
    [
        (r"sent (?:\w+\s+){0,3}?greetings?", "sent warm new year greeting"),
        (r"air ?strikes?|bombed", "airstrike"),
        (r"(?:drone|missile)\s+(?:attacks?|strikes?)", "missile strikes"),
        (r"x?(?:abc|cde)f", "cdef"),
    ],
)
def test_hints_occur_in_every_match(pattern: str, sample: str) -> None:
    hints = literal_hints(pattern)
    assert hints
    assert re.fullmatch(pattern, sample, re.IGNORECASE)
    assert any(h in sample.lower() for h in hints)
