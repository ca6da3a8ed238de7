"""Score the pipeline on the development cases (``cases/extract/*.json``) with the held-out
scorer's own matching rule (:mod:`app.pipeline.evaluate`).

Run ``.venv/bin/python -m tests.pipeline.devset [--details]``: per-type precision, recall, F1,
attribute accuracy and the normalizer's word accuracy on the spun cases that carry their
``original`` text. These are the tuning cases; ``faultline eval`` scores the held-out set.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

from app.pipeline.code_article import code_article
from app.pipeline.evaluate import EvalCase, EvalReport, ExpectedEvent, format_report, score
from app.pipeline.normalize import normalize

CASE_DIR = Path(__file__).parent / "cases" / "extract"


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _event(item: dict[str, Any], raw: str) -> ExpectedEvent:
    start = raw.index(item["evidence"])
    return ExpectedEvent(
        type=item["type"],
        actor=item["actor"],
        target=item["target"],
        date_start=_date(item["date_start"]),
        date_end=_date(item["date_end"]),
        date_precision=item["date_precision"],
        fatalities_low=item["fatalities_low"],
        fatalities_best=item["fatalities_best"],
        fatalities_high=item["fatalities_high"],
        certainty=item.get("certainty") or "reported",
        evidence=item["evidence"],
        start=start,
        end=start + len(item["evidence"]),
        symmetric=bool(item.get("symmetric", False)),
    )


def load(pattern: str = "*.json") -> list[EvalCase]:
    """The extraction cases as :class:`EvalCase` records (negative cases included)."""
    cases = []
    for path in sorted(CASE_DIR.glob(pattern)):
        data = json.loads(path.read_text(encoding="utf-8"))
        raw = data["text"]
        cases.append(
            EvalCase(
                label=data["label"],
                path=path,
                raw_text=raw,
                original_text=data.get("original"),
                spun=bool(data.get("spun", False)),
                published_at=_date(data.get("published_at")),
                events=tuple(_event(e, raw) for e in data["expected_events"]),
                not_events=tuple(data.get("not_events", [])),
                debris=tuple(data.get("debris", [])),
            )
        )
    return cases


def run(pattern: str = "*.json") -> EvalReport:
    return score(
        load(pattern),
        lambda raw, published_at: code_article(raw, published_at).events,
        lambda raw: normalize(raw).text,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--details", action="store_true")
    parser.add_argument("--pattern", default="*.json", help="glob of case files, e.g. 'dev_*'")
    args = parser.parse_args()
    print(format_report(run(args.pattern), details=args.details))


if __name__ == "__main__":
    main()
