"""Fixture files in the real export formats, and a way to run ``faultline import``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.cli import build_parser
from app.config import Settings

DATA = Path(__file__).parent / "data"
GDELT_FILE = DATA / "20251227151500.export.CSV"
ACLED_FILE = DATA / "acled_export.csv"
ACLED_UPDATE = DATA / "acled_update.csv"
ACLED_REQUOTED = DATA / "acled_requoted.csv"
UCDP_FILE = DATA / "ucdp_ged_251.csv"  # hand-written in UCDP's layout
# Real files, a dozen rows each (README.md in data/ says where each comes from).
ACLED_2015 = DATA / "acled_2015_upper.csv"
ACLED_2020 = DATA / "acled_2020_excel.csv"
ACLED_2023 = DATA / "acled_2023_r_na.csv"
ACLED_2025 = DATA / "acled_2025_api.csv"
GDELT1_FILE = DATA / "gdelt1_20130401.export.CSV"
GDELT2_REAL = DATA / "gdelt2_20151027220000.export.CSV"

RunImport = Callable[..., dict[str, Any]]


@pytest.fixture
def run_import(settings: Settings, capsys: pytest.CaptureFixture[str]) -> RunImport:
    """``faultline import FORMAT FILE [ARGS]`` on the test database; returns its JSON report."""

    def run(fmt: str, path: Path, *extra: str, status: int = 0) -> dict[str, Any]:
        args = build_parser().parse_args(["import", fmt, str(path), "--quiet", *extra])
        assert args.handler(settings, args) == status
        captured = capsys.readouterr()
        return json.loads(captured.out) if status == 0 else {"stderr": captured.err}

    return run
