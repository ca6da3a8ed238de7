"""The evaluation sets ``faultline eval`` reports, each scored apart, clean and spun articles apart.

| set | folder | what it measures |
|---|---|---|
| ``realnews-heldout`` | ``data/realnews/heldout`` | real stories retold; no rule author reads it |
| ``realnews-dev`` | ``data/realnews/dev`` | real stories retold; rules may be tuned on it |
| ``seedlike-heldout`` | ``data/eval`` | articles written in the seed's image, held out |
| ``seedlike-dev`` | ``tests/pipeline/cases/dev2`` | the same genre, a development set |

The real-news sets hand the coder no publication date: it reads the date line, as it must for a
user who posts bare text, and the report says how many it read right. A held-out set prints only
aggregate figures, never an article's misses, so that nobody tunes a rule on what they show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.pipeline.evaluate import (
    ATTRIBUTES,
    Coder,
    DateReader,
    EvalCase,
    EvalReport,
    Normalizer,
    TypeScore,
    format_report,
    load_cases,
    score,
)

REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class EvalSet:
    """One folder of cases and how it is scored."""

    name: str
    directory: Path
    heldout: bool
    """Only aggregates are printed: misses per article stay unseen."""
    reads_date_line: bool
    """The coder gets no ``published_at`` and must read it from the text."""
    about: str


SETS: tuple[EvalSet, ...] = (
    EvalSet(
        "realnews-heldout",
        REPO_ROOT / "data" / "realnews" / "heldout",
        heldout=True,
        reads_date_line=True,
        about="real stories retold, never read by rule authors",
    ),
    EvalSet(
        "realnews-dev",
        REPO_ROOT / "data" / "realnews" / "dev",
        heldout=False,
        reads_date_line=True,
        about="real stories retold, for development",
    ),
    EvalSet(
        "seedlike-heldout",
        REPO_ROOT / "data" / "eval",
        heldout=True,
        reads_date_line=False,
        about="written in the seed's image, held out",
    ),
    EvalSet(
        "seedlike-dev",
        REPO_ROOT / "tests" / "pipeline" / "cases" / "dev2",
        heldout=False,
        reads_date_line=False,
        about="written in the seed's image, for development",
    ),
)


@dataclass(frozen=True)
class SetReport:
    """A set's reports: every article, the clean ones and the spun ones."""

    eval_set: EvalSet
    all: EvalReport
    clean: EvalReport | None
    spun: EvalReport | None


def score_set(
    eval_set: EvalSet,
    coder: Coder,
    normalizer: Normalizer,
    date_reader: DateReader,
    cases: Sequence[EvalCase] | None = None,
) -> SetReport:
    """Score one set, its clean and spun articles apart."""
    cases = list(cases if cases is not None else load_cases(eval_set.directory))

    def run(part: Sequence[EvalCase]) -> EvalReport | None:
        if not part:
            return None
        return score(
            part,
            coder,
            normalizer,
            give_published_at=not eval_set.reads_date_line,
            date_reader=date_reader if eval_set.reads_date_line else None,
        )

    clean = run([c for c in cases if not c.spun])
    spun = run([c for c in cases if c.spun])
    both = run(cases)
    assert both is not None  # load_cases never returns an empty list
    return SetReport(eval_set, both, clean, spun)


def _shown(directory: Path) -> Path:
    """The folder relative to the repo, or as given when it lies elsewhere (a scratch folder)."""
    return directory.relative_to(REPO_ROOT) if directory.is_relative_to(REPO_ROOT) else directory


def _pct(value: float | None) -> str:
    return "   n/a" if value is None else f"{100 * value:5.1f}%"


def _cells(s: TypeScore | None) -> str:
    if s is None or s.tp + s.fp + s.fn == 0:
        return f"{'':>4} {'':>4} {'':>4} {'':>6} {'':>6} {'':>6}"
    return (
        f"{s.tp:>4} {s.fp:>4} {s.fn:>4} {_pct(s.precision):>6} {_pct(s.recall):>6} {_pct(s.f1):>6}"
    )


def _macro_f1(report: EvalReport) -> float | None:
    scored = [s for s in report.per_type if s.tp + s.fn > 0]
    return sum(s.f1 for s in scored) / len(scored) if scored else None


def format_set(result: SetReport, *, details: bool = False) -> str:
    """Per-type precision, recall and F1 for clean and spun articles side by side."""
    s = result.eval_set
    parts = [("clean", result.clean), ("spun", result.spun)]
    n_clean = len(result.clean.cases) if result.clean else 0
    n_spun = len(result.spun.cases) if result.spun else 0
    lines = [
        f"== {s.name}: {s.about} ({_shown(s.directory)}; {n_clean} clean, {n_spun} spun articles)",
        f"{'':<20} {'clean':^35}   {'spun':^35}",
        f"{'type':<20} {'tp':>4} {'fp':>4} {'fn':>4} {'prec':>6} {'rec':>6} {'f1':>6}   "
        f"{'tp':>4} {'fp':>4} {'fn':>4} {'prec':>6} {'rec':>6} {'f1':>6}",
    ]
    types = sorted({t.type for _, r in parts if r for t in r.per_type})
    for name in types:
        row = [
            _cells(next((t for t in r.per_type if t.type == name), None)) if r else _cells(None)
            for _, r in parts
        ]
        lines.append(f"{name:<20} {row[0]}   {row[1]}")
    overall = [_cells(r.overall if r else None) for _, r in parts]
    lines.append(f"{'overall (micro)':<20} {overall[0]}   {overall[1]}")
    macro = [_pct(_macro_f1(r)) if r else "   n/a" for _, r in parts]
    lines.append(f"{'macro F1 over types':<20} {macro[0]:>35}   {macro[1]:>35}")
    report = result.all
    lines.append(
        "attributes on matched events: "
        + ", ".join(
            f"{name} {_pct(report.attribute_accuracy(name)).strip()}" for name in ATTRIBUTES
        )
    )
    if s.reads_date_line:
        right, asked = report.published
        lines.append(f"publication date read from the text: {right}/{asked}")
    lines.append(f"not-event violations: {report.not_event_violations}")
    if report.words:
        lines.append(
            f"normalizer word accuracy on spun articles: {_pct(report.word_accuracy).strip()}"
            f" (raw text {_pct(report.baseline_word_accuracy).strip()})"
        )
    if report.clean:
        lines.append(
            f"clean articles left unchanged by the normalizer: "
            f"{report.clean_unchanged}/{len(report.clean)}"
        )
    if details and s.heldout:
        lines.append("(held-out set: misses per article are not shown)")
    elif details:
        full = format_report(report, details=True)
        lines.append(full[full.index("\n[") :] if "\n[" in full else "")
    return "\n".join(lines)
