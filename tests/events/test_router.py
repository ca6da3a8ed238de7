"""``/v1/events``: every filter and sort checked against a plain-Python reading of the contract."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.factories import make_events

Event = dict[str, Any]


@pytest.fixture
def corpus(client: TestClient, engine: Engine) -> list[Event]:
    """The seed plus 150 synthetic events, as the API lists them (the oracle's input)."""
    make_events(engine, 150)
    events = walk(client, {"limit": 1000})
    assert len(events) == 163
    return events


def walk(client: TestClient, params: dict[str, Any]) -> list[Event]:
    """Follow next_cursor to the end and check each page's envelope and Link header."""
    out: list[Event] = []
    cursor = None
    totals = set()
    while True:
        response = client.get(
            "/v1/events", params={**params, **({"cursor": cursor} if cursor else {})}
        )
        assert response.status_code == 200, response.text
        body = response.json()
        out.extend(body["data"])
        totals.add(body["meta"]["total"])
        cursor = body["meta"]["next_cursor"]
        if cursor is None:
            assert "link" not in response.headers
            break
        link = response.headers["link"]
        assert link.endswith('>; rel="next"')
        assert parse_qs(urlparse(link[1:].split(">")[0]).query)["cursor"] == [cursor]
    assert totals == {len(out)}
    return out


def ids(events: list[Event]) -> list[str]:
    return [e["id"] for e in events]


def countries(e: Event) -> set[str]:
    parts = [e["actor"], e["target"], e["location"]]
    return {p["country"] for p in parts if p and p["country"]}


def words_in(e: Event, q: str) -> bool:
    haystack = " ".join([e["summary"], e["quote"], e["quote_restored"]]).lower()
    return all(w.lower() in haystack for w in q.split())


def in_box(e: Event, box: tuple[float, float, float, float]) -> bool:
    loc = e["location"]
    if not loc or loc["lat"] is None:
        return False
    min_lon, min_lat, max_lon, max_lat = box
    lon_ok = (
        min_lon <= loc["lon"] <= max_lon
        if min_lon <= max_lon
        else loc["lon"] >= min_lon or loc["lon"] <= max_lon
    )
    return lon_ok and min_lat <= loc["lat"] <= max_lat


def newest_first(e: Event) -> tuple[Any, ...]:
    undated = e["date_start"] is None
    return (undated, "" if undated else e["date_start"], e["id"])


def sort_newest(events: list[Event]) -> list[Event]:
    dated = sorted(
        (e for e in events if e["date_start"]),
        key=lambda e: (e["date_start"], e["id"]),
        reverse=True,
    )
    undated = sorted(
        (e for e in events if not e["date_start"]), key=lambda e: e["id"], reverse=True
    )
    return dated + undated


CASES: list[tuple[str, dict[str, Any], Any]] = [
    ("type", {"type": "casualties"}, lambda e: e["type"] == "casualties"),
    (
        "type repeated",
        {"type": ["attack", "greeting"]},
        lambda e: e["type"] in ("attack", "greeting"),
    ),
    (
        "actor as actor or target",
        {"actor": "russia"},
        lambda e: "russia" in {(e["actor"] or {}).get("id"), (e["target"] or {}).get("id")},
    ),
    ("country", {"country": "PRK"}, lambda e: "PRK" in countries(e)),
    (
        "country lower case",
        {"country": ["sdn", "fji"]},
        lambda e: bool({"SDN", "FJI"} & countries(e)),
    ),
    (
        "date window overlaps",
        {"date_from": "2024-06-01", "date_to": "2024-09-30"},
        lambda e: (
            e["date_start"] is not None
            and e["date_start"] <= "2024-09-30"
            and e["date_end"] >= "2024-06-01"
        ),
    ),
    (
        "date_from only",
        {"date_from": "2025-08-15"},
        lambda e: (e["date_end"] or "") >= "2025-08-15",
    ),
    (
        "date_to only",
        {"date_to": "2024-02-01"},
        lambda e: e["date_start"] is not None and e["date_start"] <= "2024-02-01",
    ),
    ("bbox", {"bbox": "30,40,40,55"}, lambda e: in_box(e, (30, 40, 40, 55))),
    (
        "bbox across the antimeridian",
        {"bbox": "170,-30,-170,0"},
        lambda e: in_box(e, (170, -30, -170, 0)),
    ),
    (
        "min_fatalities",
        {"min_fatalities": 3},
        lambda e: e["fatalities_low"] is not None and e["fatalities_low"] >= 3,
    ),
    ("min_fatalities zero", {"min_fatalities": 0}, lambda e: e["fatalities_low"] is not None),
    ("q", {"q": "drone"}, lambda e: words_in(e, "drone")),
    ("q two words", {"q": "Synthetic KHARKIV"}, lambda e: words_in(e, "Synthetic KHARKIV")),
    ("q restored text", {"q": "missile production"}, lambda e: words_in(e, "missile production")),
    ("q with LIKE wildcards", {"q": "100%_"}, lambda e: words_in(e, "100%_")),
    (
        "source",
        {"source": "src_01KDF0SEED0000000000000000"},
        lambda e: e["source"]["id"] == "src_01KDF0SEED0000000000000000",
    ),
    (
        "combination",
        {
            "country": "UKR",
            "type": ["attack", "airstrike", "casualties", "armed_clash"],
            "date_from": "2024-03-01",
        },
        lambda e: (
            "UKR" in countries(e)
            and e["type"] in ("attack", "airstrike", "casualties", "armed_clash")
            and (e["date_end"] or "") >= "2024-03-01"
        ),
    ),
    (
        "combination with tolls and place",
        {"min_fatalities": 1, "bbox": "-180,-90,180,90", "actor": ["iran", "israel"]},
        lambda e: (
            (e["fatalities_low"] or 0) >= 1
            and in_box(e, (-180, -90, 180, 90))
            and bool(
                {"iran", "israel"} & {(e["actor"] or {}).get("id"), (e["target"] or {}).get("id")}
            )
        ),
    ),
]


class TestFilters:
    @pytest.mark.parametrize(("label", "params", "predicate"), CASES, ids=[c[0] for c in CASES])
    def test_filter_matches_the_contract(
        self,
        client: TestClient,
        corpus: list[Event],
        label: str,
        params: dict[str, Any],
        predicate: Any,
    ) -> None:
        expected = sort_newest([e for e in corpus if predicate(e)])
        got = walk(client, {**params, "limit": 7})
        assert ids(got) == ids(expected), label

    def test_filters_that_match_nothing_give_an_empty_page(self, client: TestClient) -> None:
        body = client.get("/v1/events", params={"country": "ATA"}).json()
        assert body == {"data": [], "meta": {"limit": 50, "next_cursor": None, "total": 0}}

    def test_updated_since(self, client: TestClient, corpus: list[Event]) -> None:
        stamps = sorted({e["updated_at"] for e in corpus})
        pivot = stamps[-1]
        got = walk(client, {"updated_since": pivot})
        assert got and all(e["updated_at"] >= pivot for e in got)
        future = walk(client, {"updated_since": "2999-01-01T00:00:00Z"})
        assert future == []


class TestSorting:
    def test_default_is_newest_first_with_undated_last(self, corpus: list[Event]) -> None:
        assert ids(corpus) == ids(sort_newest(corpus))
        dated = [e for e in corpus if e["date_start"]]
        assert corpus[: len(dated)] == sort_newest(dated)

    def test_oldest_first_keeps_undated_last(self, client: TestClient, corpus: list[Event]) -> None:
        dated = sorted(
            (e for e in corpus if e["date_start"]), key=lambda e: (e["date_start"], e["id"])
        )
        undated = sorted((e for e in corpus if not e["date_start"]), key=lambda e: e["id"])
        assert ids(walk(client, {"sort": "date", "limit": 11})) == ids(dated + undated)

    def test_deadliest_first_unknown_last(self, client: TestClient, corpus: list[Event]) -> None:
        def toll(e: Event) -> int:
            value = (
                e["fatalities_best"] if e["fatalities_best"] is not None else e["fatalities_low"]
            )
            return -1 if value is None else value

        expected = sorted(corpus, key=lambda e: (toll(e), e["id"]), reverse=True)
        assert ids(walk(client, {"sort": "-fatalities", "limit": 13})) == ids(expected)

    def test_updated_at_oldest_change_first(self, client: TestClient, corpus: list[Event]) -> None:
        expected = sorted(corpus, key=lambda e: (datetime.fromisoformat(e["updated_at"]), e["id"]))
        assert ids(walk(client, {"sort": "updated_at", "limit": 9})) == ids(expected)

    def test_unknown_sort_is_422(self, client: TestClient) -> None:
        response = client.get("/v1/events", params={"sort": "random"})
        assert response.status_code == 422
        assert response.json()["errors"][0]["loc"] == ["query", "sort"]


class TestPaging:
    @pytest.mark.parametrize("limit", [1, 2, 5, 50, 1000])
    @pytest.mark.parametrize("sort", ["-date", "date", "-fatalities", "updated_at"])
    def test_pages_tile_the_result_exactly(
        self, client: TestClient, corpus: list[Event], limit: int, sort: str
    ) -> None:
        pages = walk(client, {"limit": limit, "sort": sort})
        assert len(ids(pages)) == len(set(ids(pages))) == len(corpus)

    def test_without_total(self, client: TestClient) -> None:
        meta = client.get("/v1/events", params={"with_total": "false", "limit": 2}).json()["meta"]
        assert meta["total"] is None and meta["next_cursor"]

    def test_cursor_from_another_sort_is_refused(self, client: TestClient) -> None:
        cursor = client.get("/v1/events", params={"limit": 1}).json()["meta"]["next_cursor"]
        response = client.get("/v1/events", params={"cursor": cursor, "sort": "-fatalities"})
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"

    @pytest.mark.parametrize(
        "cursor",
        [
            "abc",
            "!!!",
            "eyJzIjoiLWRhdGUiLCJrIjpbMV19",
            "eyJzIjoiLWRhdGUiLCJrIjpbMCwieCIsImUiXX0",
            "e" * 3000,
        ],
    )
    def test_forged_or_truncated_cursors_are_422(self, client: TestClient, cursor: str) -> None:
        response = client.get("/v1/events", params={"cursor": cursor})
        assert response.status_code == 422
        assert response.json()["errors"][0]["loc"][-1] == "cursor"


class TestGetEvent:
    def test_one_event_has_the_whole_shape(self, client: TestClient) -> None:
        event = client.get("/v1/events/evt_01KDF0SEED0000000000000000").json()
        assert event["type"] == "greeting"
        assert (event["plover"], event["cameo"], event["goldstein"]) == ("SUPPORT", "051", 3.4)
        assert event["actor"] == {
            "id": "vladimir-putin",
            "name": "Vladimir Putin",
            "kind": "person",
            "country": "RUS",
        }
        assert event["source"]["published_at"] == "2025-12-27"
        assert event["date_precision"] == "day"
        assert event["created_at"].endswith("Z") or event["created_at"].endswith("+00:00")
        assert date.fromisoformat(event["date_start"]) == date(2025, 12, 18)

    def test_unknown_id_is_404_problem(self, client: TestClient) -> None:
        response = client.get("/v1/events/evt_nope")
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["detail"] == "No event with id 'evt_nope'."
