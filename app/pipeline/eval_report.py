"""An evaluation report as text."""

from __future__ import annotations

from app.pipeline.eval_types import ATTRIBUTES, EvalReport


def _pct(value: float | None) -> str:
    return "   n/a" if value is None else f"{100 * value:5.1f}%"


def format_report(report: EvalReport, *, details: bool = False) -> str:
    """A plain-text table of the report; ``details`` adds each article's misses."""
    lines = [
        f"{'type':<20} {'tp':>4} {'fp':>4} {'fn':>4} {'prec':>7} {'recall':>7} {'f1':>7}",
        "-" * 59,
    ]
    for s in (*report.per_type, report.overall):
        if s is report.overall:
            lines.append("-" * 59)
        lines.append(
            f"{s.type:<20} {s.tp:>4} {s.fp:>4} {s.fn:>4} "
            f"{_pct(s.precision):>7} {_pct(s.recall):>7} {_pct(s.f1):>7}"
        )
    lines.append("")
    lines.append(f"attribute accuracy on {report.overall.tp} matched events:")
    for name in ATTRIBUTES:
        correct, total = report.attributes.get(name, (0, 0))
        lines.append(
            f"  {name:<18} {correct:>4}/{total:<4} {_pct(report.attribute_accuracy(name))}"
        )
    lines.append(f"not-event violations: {report.not_event_violations}")
    if report.words:
        lines.append("")
        lines.append(f"{'normalizer word accuracy':<32} {'words':>6} {'raw':>7} {'normalized':>11}")
        for w in report.words:
            lines.append(
                f"  {w.label:<30} {w.original_words:>6} {_pct(w.baseline):>7} "
                f"{_pct(w.normalized):>11}"
            )
        lines.append(
            f"  {'all spun articles':<30} {sum(w.original_words for w in report.words):>6} "
            f"{_pct(report.baseline_word_accuracy):>7} {_pct(report.word_accuracy):>11}"
        )
    if report.clean:
        kept = sum(w.normalized_matched or 0 for w in report.clean)
        total = sum(w.original_words for w in report.clean)
        lines.append(
            f"clean articles left unchanged by the normalizer: "
            f"{report.clean_unchanged}/{len(report.clean)} "
            f"(words kept {_pct(kept / total if total else None).strip()})"
        )
        lines.extend(
            f"  changed: {w.label} ({_pct(w.normalized).strip()} of words kept)"
            for w in report.clean
            if w.normalized_matched != w.original_words
        )
    if details:
        for case in report.cases:
            if not (case.missed or case.spurious):
                continue
            lines.append("")
            lines.append(f"[{case.label}]")
            lines.extend(f"  missed   {e.type:<18} {e.evidence[:70]!r}" for e in case.missed)
            lines.extend(f"  spurious {p.type:<18} {p.quote[:70]!r}" for p in case.spurious)
            lines.extend(f"  not-event coded: {phrase[:70]!r}" for phrase in case.not_event_hits)
    return "\n".join(lines)
