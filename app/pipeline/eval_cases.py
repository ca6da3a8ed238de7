"""Evaluation cases read from their folder: ``*.txt`` articles with ``*.expected.json``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from app.pipeline.eval_types import DEFAULT_EVAL_DIR, EvalCase, EvalDataError, ExpectedEvent


def load_cases(directory: Path = DEFAULT_EVAL_DIR) -> list[EvalCase]:
    """Read every ``*.expected.json`` of ``directory`` with its article, sorted by file name."""
    cases = [_load_case(path) for path in sorted(directory.glob("*.expected.json"))]
    if not cases:
        raise EvalDataError(f"no *.expected.json files in {directory}")
    return cases


def _load_case(path: Path) -> EvalCase:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise EvalDataError(f"{path.name}: {exc}") from exc
    if not isinstance(data, dict):
        raise EvalDataError(f"{path.name}: expected a JSON object")
    raw = (path.parent / _str(data, "file", path)).read_text(encoding="utf-8")
    original_name = data.get("original")
    original = (
        (path.parent / str(original_name)).read_text(encoding="utf-8") if original_name else None
    )
    events = tuple(_load_event(item, raw, path) for item in _list(data, "events", path))
    return EvalCase(
        label=_str(data, "label", path),
        path=path,
        raw_text=raw,
        original_text=original,
        spun=bool(data.get("spun", False)),
        published_at=_date(data.get("published_at"), path),
        events=events,
        not_events=tuple(str(s) for s in _list(data, "not_events", path)),
        debris=tuple(str(s) for s in _list(data, "debris", path)),
    )


def _load_event(item: Any, raw: str, path: Path) -> ExpectedEvent:
    if not isinstance(item, dict):
        raise EvalDataError(f"{path.name}: an event is not an object")
    evidence = _str(item, "evidence", path)
    start = raw.find(evidence)
    if start < 0:
        raise EvalDataError(f"{path.name}: evidence not in the article: {evidence!r}")
    return ExpectedEvent(
        type=_str(item, "type", path),
        actor=item.get("actor"),
        target=item.get("target"),
        date_start=_date(item.get("date_start"), path),
        date_end=_date(item.get("date_end"), path),
        date_precision=str(item.get("date_precision") or "unknown"),
        fatalities_low=item.get("fatalities_low"),
        fatalities_best=item.get("fatalities_best"),
        fatalities_high=item.get("fatalities_high"),
        certainty=str(item.get("certainty") or "reported"),
        evidence=evidence,
        start=start,
        end=start + len(evidence),
        symmetric=bool(item.get("symmetric", False)),
        required=bool(item.get("required", True)),
    )


def _str(data: dict[str, Any], key: str, path: Path) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise EvalDataError(f"{path.name}: {key!r} must be a non-empty string")
    return value


def _list(data: dict[str, Any], key: str, path: Path) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise EvalDataError(f"{path.name}: {key!r} must be a list")
    return value


def _date(value: Any, path: Path) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise EvalDataError(f"{path.name}: bad date {value!r}") from exc
