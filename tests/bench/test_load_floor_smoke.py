"""``bench/load_floor.py`` on a small corpus: it stores every row again and times every step.

No timing is asserted. What is checked is that the floor measures the schema the loader fills:
every plain index of ``event`` and ``event_country`` is built, and the row counts are the
database's.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from bench import load_floor
from tests.bench.corpus import synthetic_sqlite
from tests.conftest import USE_POSTGRES


@pytest.mark.skipif(USE_POSTGRES, reason="measures SQLite's own work")
def test_load_floor_times_every_step_of_the_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = synthetic_sqlite(tmp_path / "small.db", 3000, seed=9)
    with sqlite3.connect(path) as db:
        indexes = {
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                "AND tbl_name IN ('event', 'event_country')"
            )
        }
        links = db.execute("SELECT count(*) FROM event_country").fetchone()[0]
        events = db.execute("SELECT count(*) FROM event").fetchone()[0]

    assert load_floor.main(["--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{events:,} events, {links:,} event_country rows" in out, out
    built = set(re.findall(r"build (\w+) ", out))
    assert built == {*indexes, "event_search"}, out
    for step in ("insert event rows", "check event CHECKs", "insert rollup_day rows", "total"):
        assert re.search(rf"{step}\s+\d+\.\d\d s CPU", out), (step, out)
    assert re.search(r"at most [\d,]+ events/s", out), out
