"""``/v1/stats/*`` agree with ``/v1/events`` under the same filters."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.reference.taxonomy import EVENT_TYPE_SLUGS
from app.stats.schemas import Interval
from app.stats.service import period_of
from tests.factories import make_events
from tests.test_errors import assert_problem


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


class TestTypeFilter:
    """``type`` takes the taxonomy's slugs only; ``type=`` (empty) is no slug (issue 14).

    The OpenAPI document declares it an enum without the empty string, so the empty value is
    refused here exactly as on ``/v1/events`` and in a PATCH body: one rule, one message.
    """

    @pytest.mark.parametrize("path", ["/v1/stats/timeline", "/v1/stats/facets", "/v1/events"])
    def test_empty_type_is_a_precise_422(self, client: TestClient, path: str) -> None:
        body = assert_problem(client.get(f"{path}?type="), 422)
        msg = "unknown event type ''; see /v1/event-types"
        assert body["errors"] == [{"loc": ["query", "type"], "msg": msg}]
        assert body["detail"] == f"Invalid 'type': {msg}."

    @pytest.mark.parametrize("path", ["/v1/stats/timeline", "/v1/stats/facets"])
    def test_an_unknown_among_known_types_is_named(self, client: TestClient, path: str) -> None:
        body = assert_problem(client.get(f"{path}?type=attack&type=picnic"), 422)
        msg = "unknown event type 'picnic'; see /v1/event-types"
        assert body["errors"] == [{"loc": ["query", "type"], "msg": msg}]

    def test_every_slug_of_the_taxonomy_is_accepted(self, client: TestClient) -> None:
        response = client.get("/v1/stats/facets", params={"type": list(EVENT_TYPE_SLUGS)})
        assert response.status_code == 200, response.text
        assert response.json()["meta"]["total"] == 13


def test_country_is_case_insensitive(client: TestClient) -> None:
    upper = client.get("/v1/stats/timeline", params={"country": "PRK"}).json()
    assert client.get("/v1/stats/timeline", params={"country": "prk"}).json() == upper


class TestCalendarEdges:
    """Events and windows at 0001-01-01 and 9999-12-31 (schemathesis found the 500s)."""

    @pytest.fixture
    def edges(self, client: TestClient, auth: dict[str, str]) -> None:
        for event_id, day in (
            ("evt_01KDF0SEED0000000000000001", "0001-01-01"),
            ("evt_01KDF0SEED0000000000000008", "9999-12-31"),
        ):
            change = {"date_start": day, "date_end": day}
            response = client.patch(f"/v1/events/{event_id}", json=change, headers=auth)
            assert response.status_code == 200, response.text

    @pytest.mark.usefixtures("edges")
    @pytest.mark.parametrize(
        "window",
        [
            {"date_to": "0001-01-01"},
            {"date_from": "0001-01-01"},
            {"date_from": "0001-01-01", "date_to": "0001-01-20"},
            {"date_to": "0001-02-10"},
            {"date_from": "9999-12-15"},
            {"date_from": "9999-12-01", "date_to": "9999-12-31"},
        ],
    )
    def test_windows_agree_with_the_list(self, client: TestClient, window: dict[str, str]) -> None:
        listed = client.get("/v1/events", params={**window, "limit": 1000}).json()
        total = len(listed["data"])  # the list's own SQL, not the rollups the counts read
        assert total >= 1 and listed["meta"]["total"] == total
        for interval in Interval:
            response = client.get("/v1/stats/timeline", params={**window, "interval": interval})
            assert response.status_code == 200, response.text
            assert response.json()["meta"]["total"] == total
        facets = client.get("/v1/stats/facets", params=window)
        assert facets.status_code == 200 and facets.json()["meta"]["total"] == total

    @pytest.mark.usefixtures("edges")
    def test_the_last_week_ends_with_the_calendar(self, client: TestClient) -> None:
        params = {"date_from": "9999-12-20", "interval": "week"}
        body = client.get("/v1/stats/timeline", params=params).json()
        assert [(b["period_start"], b["period_end"]) for b in body["data"]] == [
            ("9999-12-27", "9999-12-31")
        ]
