"""``faultline import`` on the real fixture of each layout: stored, idempotent, found by the
API's filters; a file of no known layout is refused with exit 2; ``--quiet`` is quiet."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.importers.conftest import (
    ACLED_2015,
    ACLED_2020,
    ACLED_2023,
    ACLED_2025,
    ACLED_FILE,
    GDELT1_FILE,
    GDELT2_REAL,
    RunImport,
)
from tests.importers.test_import import counts, imported

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("fmt", "path", "expected"),
    [
        # (rows, inserted, updated, skipped, unmapped, bad)
        ("acled", ACLED_2015, (12, 10, 0, 0, 2, 0)),
        ("acled", ACLED_2020, (12, 10, 0, 0, 1, 1)),  # one row has no event_id_cnty
        ("acled", ACLED_2023, (12, 9, 0, 0, 3, 0)),
        ("acled", ACLED_2025, (12, 10, 0, 0, 2, 0)),
        ("gdelt", GDELT1_FILE, (12, 8, 0, 0, 4, 0)),
        ("gdelt", GDELT2_REAL, (12, 8, 0, 0, 4, 0)),
    ],
)
def test_each_layout_imports_once(
    run_import: RunImport, fmt: str, path: Path, expected: tuple[int, ...]
) -> None:
    assert counts(run_import(fmt, path)) == expected
    rows, inserted, _updated, skipped, unmapped, bad = expected
    assert counts(run_import(fmt, path)) == (rows, 0, 0, skipped + inserted, unmapped, bad)


def test_country_finds_what_us_forces_did(run_import: RunImport, client: TestClient) -> None:
    run_import("acled", ACLED_2025)
    strikes = imported(client, country="USA")
    assert set(strikes) == {"acled:SOM49639", "acled:SOM49786"}
    assert {e["type"] for e in strikes.values()} == {"airstrike"}
    assert {e["location"]["country"] for e in strikes.values()} == {"SOM"}


def test_every_era_in_one_database(run_import: RunImport, client: TestClient) -> None:
    for path in (ACLED_2015, ACLED_2020, ACLED_2023, ACLED_2025):
        run_import("acled", path)
    actors: list[dict[str, Any]] = client.get("/v1/actors", params={"limit": 1000}).json()["data"]
    names = {a["name"] for a in actors}
    assert "NA" not in names and "" not in names
    assert set(imported(client, country="COD")) == {"acled:DRC17189", "acled:DRC17165"}
    assert set(imported(client, country="PAK")) == {"acled:19IND", "acled:167IND"}
    found = imported(client, date_from="2015-11-10", date_to="2015-11-10")
    assert "acled:1310BNG" in found  # the month-precision protest of November 2015


def test_gdelt_1_places_in_serbia(run_import: RunImport, client: TestClient) -> None:
    run_import("gdelt", GDELT1_FILE)
    assert set(imported(client, country="SRB")) == {
        "gdelt1:253462318", "gdelt1:253464112", "gdelt1:253464253",
    }  # fmt: skip


def test_a_file_of_no_known_layout_exits_2(run_import: RunImport, client: TestClient) -> None:
    before = client.get("/v1/events").json()["meta"]["total"]
    refused = run_import("gdelt", ACLED_FILE, status=2)["stderr"]
    assert refused.startswith("faultline import gdelt: not a GDELT event file: its lines have 1 ")
    refused = run_import("acled", GDELT1_FILE, status=2)["stderr"]
    assert refused.startswith("faultline import acled: not an ACLED export: no column")
    assert client.get("/v1/events").json()["meta"]["total"] == before


def test_quiet_prints_the_report_only(tmp_path: Path) -> None:
    """``--quiet``: no migration log and no progress; standard output is the JSON report."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'quiet.db'}"}
    result = subprocess.run(
        [sys.executable, "-m", "app", "import", "acled", str(ACLED_2025), "--quiet"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith("{") and '"inserted": 10' in result.stdout
