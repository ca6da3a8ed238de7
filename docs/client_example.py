"""Faultline from Python with httpx: every casualty event of 2025, paged, then saved as CSV.

    python docs/client_example.py http://127.0.0.1:8000 casualties-2025.csv

Paging follows ``meta.next_cursor`` until it is null: keyset pages never repeat or skip an
event, so the file holds each matching event exactly once, however many there are.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

COLUMNS = [
    "id",
    "type",
    "date_start",
    "date_end",
    "date_precision",
    "actor",
    "target",
    "location",
    "lat",
    "lon",
    "fatalities_low",
    "fatalities_best",
    "fatalities_high",
    "certainty",
    "attribution",
    "quote",
    "source_id",
]


def casualty_events(
    client: httpx.Client, year: int = 2025, page_size: int = 200
) -> Iterator[dict[str, Any]]:
    """Every casualty event overlapping ``year``, newest first, one page request at a time."""
    params: dict[str, Any] = {
        "type": "casualties",
        "date_from": f"{year}-01-01",
        "date_to": f"{year}-12-31",
        "limit": page_size,
    }
    while True:
        response = client.get("/v1/events", params=params)
        response.raise_for_status()
        page = response.json()
        yield from page["data"]
        cursor = page["meta"]["next_cursor"]
        if cursor is None:
            return
        params["cursor"] = cursor


def flatten(event: dict[str, Any]) -> dict[str, Any]:
    """One CSV row: nested actor, target and location reduced to names and coordinates."""
    location = event["location"] or {}
    return {
        **{k: event[k] for k in COLUMNS if k in event},
        "actor": (event["actor"] or {}).get("name"),
        "target": (event["target"] or {}).get("name"),
        "location": location.get("name"),
        "lat": location.get("lat"),
        "lon": location.get("lon"),
        "source_id": event["source"]["id"],
    }


def export_csv(client: httpx.Client, path: Path, year: int = 2025, page_size: int = 200) -> int:
    """Write the year's casualty events to ``path``; returns how many rows were written."""
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for event in casualty_events(client, year, page_size):
            writer.writerow(flatten(event))
            count += 1
    return count


if __name__ == "__main__":
    base_url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    target = Path(sys.argv[2] if len(sys.argv) > 2 else "casualties-2025.csv")
    with httpx.Client(base_url=base_url, timeout=30) as http:
        written = export_csv(http, target)
    print(f"{written} casualty events of 2025 written to {target}")
