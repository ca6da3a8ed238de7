"""``bench/pipeline_throughput.py`` in one round: it runs and reports every stage.

Speed is measured by the script (its figures are in docs/benchmarks.md), not asserted here: a
timed unit test fails on a busy CI machine without anything being wrong (one did, at 26 ms for
a normalize that takes 0.75 ms alone).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_pipeline_throughput_reports_every_stage() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "pipeline_throughput.py"), "--rounds", "1"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        check=True,
    )
    rates = dict(re.findall(r"^  (\w[\w ]*?) \(?.*?\s([\d.]+) articles/s", done.stdout, re.M))
    assert set(rates) == {"baseline", "normalize", "extract", "code_article"}, done.stdout
    assert all(float(rate) > 0 for rate in rates.values())
    assert "code_article costs" in done.stdout
