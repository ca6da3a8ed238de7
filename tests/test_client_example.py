"""The documented client example runs against the app and gets every 2025 casualty event."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path
from types import ModuleType

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.factories import make_events

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "client_example.py"


def load_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("client_example", EXAMPLE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_example_exports_every_casualty_event_of_2025(
    client: TestClient, engine: Engine, tmp_path: Path
) -> None:
    make_events(engine, 600, seed=5)
    expected = client.get(
        "/v1/events",
        params={
            "type": "casualties",
            "date_from": "2025-01-01",
            "date_to": "2025-12-31",
            "limit": 1000,
        },
    ).json()["data"]
    assert len(expected) > 9, "the corpus should need several pages"

    example = load_example()
    written = example.export_csv(client, tmp_path / "out.csv", page_size=3)

    with (tmp_path / "out.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert written == len(rows) == len(expected)
    assert [r["id"] for r in rows] == [e["id"] for e in expected]
    seed_row = next(r for r in rows if r["id"] == "evt_01KDF0SEED0000000000000008")
    assert seed_row["fatalities_low"] == "9" and seed_row["location"] == "Kursk region"
