"""CSV, NDJSON and GeoJSON shapes of ``/v1/events``."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.events.formats import CSV_COLUMNS
from tests.factories import make_events


def all_json(client: TestClient, params: dict[str, Any]) -> list[dict[str, Any]]:
    return client.get("/v1/events", params={**params, "limit": 1000}).json()["data"]


class TestCsv:
    def test_header_rows_and_quoting(self, client: TestClient) -> None:
        response = client.get("/v1/events", params={"format": "csv", "country": "PRK"})
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        assert 'filename="faultline-events.csv"' in response.headers["content-disposition"]
        assert response.text.count("\r\n") >= 2
        rows = list(csv.reader(io.StringIO(response.text)))
        assert tuple(rows[0]) == CSV_COLUMNS
        events = all_json(client, {"country": "PRK"})
        assert [r[0] for r in rows[1:]] == [e["id"] for e in events]
        assert response.headers["x-total-count"] == str(len(events))
        by_id = {r[0]: dict(zip(CSV_COLUMNS, r, strict=True)) for r in rows[1:]}
        kursk = by_id["evt_01KDF0SEED0000000000000008"]
        assert kursk["location_name"] == "Kursk region" and kursk["fatalities_low"] == "9"
        assert kursk["fatalities_high"] == "" and kursk["target_country"] == "PRK"
        greeting = by_id["evt_01KDF0SEED0000000000000000"]
        assert "“heroic”" in greeting["quote"]  # curly quotes and commas survive the quoting

    def test_csv_pages_like_json(self, client: TestClient) -> None:
        seen: list[str] = []
        params: dict[str, Any] = {"format": "csv", "limit": 4}
        while True:
            response = client.get("/v1/events", params=params)
            rows = list(csv.reader(io.StringIO(response.text)))[1:]
            seen += [r[0] for r in rows]
            link = response.headers.get("link")
            if not link:
                break
            params["cursor"] = link.split("cursor=")[1].split(">")[0]
        assert seen == [e["id"] for e in all_json(client, {})]

    def test_accept_header_chooses_csv(self, client: TestClient) -> None:
        response = client.get("/v1/events", headers={"Accept": "text/csv"})
        assert response.headers["content-type"].startswith("text/csv")


class TestNdjson:
    def test_streams_every_match_beyond_one_page(self, client: TestClient, engine: Engine) -> None:
        make_events(engine, 2300, seed=9)
        response = client.get("/v1/events", params={"format": "ndjson"})
        assert response.headers["content-type"] == "application/x-ndjson"
        lines = response.text.splitlines()
        assert len(lines) == 2313
        ids = [json.loads(line)["id"] for line in lines]
        assert len(set(ids)) == len(ids)
        assert ids[:1000] == [e["id"] for e in all_json(client, {})]

    def test_filters_and_explicit_limit(self, client: TestClient) -> None:
        response = client.get("/v1/events", params={"format": "ndjson", "type": "greeting"})
        events = [json.loads(line) for line in response.text.splitlines()]
        assert {e["type"] for e in events} == {"greeting"} and len(events) == 2
        capped = client.get("/v1/events", params={"format": "ndjson", "limit": 3})
        assert len(capped.text.splitlines()) == 3

    def test_bad_cursor_is_a_422_before_streaming(self, client: TestClient) -> None:
        response = client.get("/v1/events", params={"format": "ndjson", "cursor": "nope"})
        assert response.status_code == 422


class TestGeojson:
    def test_feature_collection_of_located_events(self, client: TestClient) -> None:
        response = client.get("/v1/events", params={"format": "geojson"})
        assert response.headers["content-type"] == "application/geo+json"
        body = response.json()
        assert body["type"] == "FeatureCollection"
        located = [e for e in all_json(client, {}) if e["location"]]
        assert [f["id"] for f in body["features"]] == [e["id"] for e in located]
        kursk = next(f for f in body["features"] if f["id"].endswith("08"))
        assert kursk["geometry"] == {"type": "Point", "coordinates": [36.18457, 51.72689]}
        assert kursk["properties"]["fatalities_low"] == 9


@pytest.mark.parametrize("fmt", ["xml", "CSV", ""])
def test_unknown_format_is_422(client: TestClient, fmt: str) -> None:
    response = client.get("/v1/events", params={"format": fmt})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["query", "format"]
