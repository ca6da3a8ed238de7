"""``/v1/stats/*`` agree with ``/v1/events`` under the same filters."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.stats.schemas import Interval
from app.stats.service import period_of
from tests.factories import make_events


@pytest.fixture
def listed(client: TestClient, engine: Engine) -> list[dict[str, Any]]:
    make_events(engine, 120, seed=11)
    return client.get("/v1/events", params={"limit": 1000}).json()["data"]


def toll(e: dict[str, Any]) -> int:
    best = e["fatalities_best"] if e["fatalities_best"] is not None else e["fatalities_low"]
    return best or 0


FILTERS = [{}, {"country": "UKR"}, {"type": ["attack", "casualties"]}, {"date_from": "2024-05-01"}]


@pytest.mark.parametrize("interval", list(Interval))
@pytest.mark.parametrize("filters", FILTERS)
def test_timeline_matches_the_list(
    client: TestClient, listed: list[dict[str, Any]], interval: Interval, filters: dict[str, Any]
) -> None:
    events = client.get("/v1/events", params={**filters, "limit": 1000}).json()["data"]
    body = client.get("/v1/stats/timeline", params={**filters, "interval": interval.value}).json()
    expected: Counter[str] = Counter()
    deaths: Counter[str] = Counter()
    for e in events:
        if e["date_start"]:
            start = period_of(date.fromisoformat(e["date_start"]), interval)[0].isoformat()
            expected[start] += 1
            deaths[start] += toll(e)
    assert {b["period_start"]: b["events"] for b in body["data"]} == dict(expected)
    assert {b["period_start"]: b["fatalities_best"] for b in body["data"]} == dict(deaths)
    assert [b["period_start"] for b in body["data"]] == sorted(expected)
    assert body["meta"]["total"] == len(events)
    assert body["meta"]["undated"] == sum(1 for e in events if not e["date_start"])


@pytest.mark.parametrize("filters", FILTERS)
def test_facets_by_type_match_the_list(
    client: TestClient, listed: list[dict[str, Any]], filters: dict[str, Any]
) -> None:
    events = client.get("/v1/events", params={**filters, "limit": 1000}).json()["data"]
    body = client.get("/v1/stats/facets", params={**filters, "by": "type", "limit": 1000}).json()
    assert {b["value"]: b["events"] for b in body["data"]} == dict(
        Counter(e["type"] for e in events)
    )
    counts = [b["events"] for b in body["data"]]
    assert counts == sorted(counts, reverse=True)
    assert body["meta"]["total"] == len(events)


def test_facets_by_country_count_each_country_of_an_event(
    client: TestClient, listed: list[dict[str, Any]]
) -> None:
    expected: Counter[str] = Counter()
    for e in listed:
        parts = (e["actor"], e["target"], e["location"])
        for code in {p["country"] for p in parts if p and p["country"]}:
            expected[code] += 1
    body = client.get("/v1/stats/facets", params={"by": "country", "limit": 1000}).json()
    assert {b["value"]: b["events"] for b in body["data"]} == dict(expected)
    labels = {b["value"]: b["label"] for b in body["data"]}
    assert labels["PRK"] == "North Korea" and labels["RUS"] == "Russia"


def test_facets_by_actor_and_location_keep_unknowns(
    client: TestClient, listed: list[dict[str, Any]]
) -> None:
    for by, key in (("actor", "actor"), ("location", "location")):
        body = client.get("/v1/stats/facets", params={"by": by, "limit": 1000}).json()
        expected = Counter((e[key] or {}).get("id") for e in listed)
        assert {b["value"]: b["events"] for b in body["data"]} == dict(expected)
        assert sum(b["events"] for b in body["data"]) == len(listed)


def test_seed_timeline(client: TestClient) -> None:
    body = client.get("/v1/stats/timeline", params={"interval": "month", "country": "PRK"}).json()
    august = next(b for b in body["data"] if b["period_start"] == "2025-08-01")
    assert august == {
        "period_start": "2025-08-01",
        "period_end": "2025-08-31",
        "events": 2,
        "fatalities_low": 9,
        "fatalities_best": 9,
    }
