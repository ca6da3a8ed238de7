"""``bench/search_detail.py`` on a small corpus: it runs, and both searches find the same events.

No timing is asserted; on ASCII text a ``detail=full`` phrase of trigrams and the trigram
candidates rechecked with ``LIKE`` must agree, or the experiment's comparison means nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench import search_detail
from tests.bench.corpus import synthetic_sqlite
from tests.conftest import USE_POSTGRES


@pytest.mark.skipif(USE_POSTGRES, reason="an experiment on SQLite's search index")
def test_search_detail_compares_the_same_matches(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = synthetic_sqlite(tmp_path / "small.db", 2000, seed=5)
    assert search_detail.main(["--db", str(path), "--word", "armed"]) == 0
    out = capsys.readouterr().out
    counts = [int(n) for n in re.findall(r"(\d+) matches", out)]
    assert len(counts) == 2 and counts[0] == counts[1] > 0, out
    candidates = int(re.search(r"(\d+) candidates", out).group(1))  # type: ignore[union-attr]
    assert candidates >= counts[0], out
