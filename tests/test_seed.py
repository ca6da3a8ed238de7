"""The curated seed: exact quotes, the required events, idempotent loading."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.sources.seed import load_seed, seed_article, seed_file

RAW = seed_article()


def _events(client: TestClient) -> list[dict[str, Any]]:
    return client.get("/v1/events", params={"limit": 1000}).json()["data"]


def test_seed_article_is_shipped_byte_for_byte() -> None:
    assert RAW.startswith("North Korean, Russian leaders nonstop New Year")
    assert "Recommended Stories" in RAW and RAW.rstrip().endswith("English (US) ·")
    assert len(RAW.encode("utf-8")) == 3511


def test_every_quote_is_the_exact_raw_slice(client: TestClient) -> None:
    source = client.get(f"/v1/sources/{seed_file()['source']['id']}").json()
    assert source["raw_text"] == RAW
    assert len(source["events"]) == len(seed_file()["events"]) >= 10
    for event in source["events"]:
        assert RAW[event["char_start"] : event["char_end"]] == event["quote"]
        assert event["origin"] == "curated"
        assert event["quote_restored"]


def test_nothing_is_coded_from_recommended_stories_or_chrome(client: TestClient) -> None:
    block_start = RAW.index("Recommended Stories")
    block_end = RAW.index("In his connection to Putin")
    chrome_start = RAW.index("4 hours ago")
    for event in _events(client):
        assert not (event["char_start"] < block_end and event["char_end"] > block_start)
        assert event["char_end"] <= chrome_start


# (type, actor, target, date_start, date_end, fatalities (low, best, high), certainty)
REQUIRED = [
    ("greeting", "vladimir-putin", "kim-jong-un", "2025-12-18", "2025-12-18", None, "reported"),
    ("greeting", "kim-jong-un", "vladimir-putin", "2025-12-27", "2025-12-27", None, "reported"),
    ("troop_deployment", "north-korea", "russia", None, None, None, "alleged"),
    ("statement", "north-korea", "russia", "2025-04-01", "2025-04-30", None, "confirmed"),
    ("casualties", None, "north-korea-armed-forces", None, None, None, "confirmed"),
    ("troop_deployment", "north-korea", "russia", "2025-08-01", "2025-08-31", None, "confirmed"),
    (
        "casualties",
        None,
        "north-korea-armed-forces",
        "2025-08-01",
        "2025-12-27",
        (9, 9, None),
        "confirmed",
    ),
    ("weapons_production", "kim-jong-un", None, "2025-12-26", "2025-12-26", None, "reported"),
    ("arms_transfer", "north-korea", "russia", None, None, None, "alleged"),
    ("aid", "russia", "north-korea", None, None, None, "reported"),
]


@pytest.mark.parametrize("expected", REQUIRED, ids=[f"{r[0]}-{r[3]}" for r in REQUIRED])
def test_required_event_is_present(client: TestClient, expected: tuple[Any, ...]) -> None:
    kind, actor, target, start, end, tolls, certainty = expected
    found = [
        e
        for e in _events(client)
        if e["type"] == kind
        and (e["actor"] or {}).get("id") == actor
        and (e["target"] or {}).get("id") == target
        and e["date_start"] == start
        and e["date_end"] == end
    ]
    assert len(found) == 1, f"{expected} matched {len(found)} events"
    event = found[0]
    low, best, high = tolls or (None, None, None)
    assert (event["fatalities_low"], event["fatalities_best"], event["fatalities_high"]) == (
        low,
        best,
        high,
    )
    assert event["certainty"] == certainty
    for party in (event["actor"], event["target"]):
        if party is not None:
            assert party["country"] in {"PRK", "RUS", "UKR"}


def test_demining_deployment_is_located_in_kursk(client: TestClient) -> None:
    located = [
        e for e in _events(client) if e["location"] and e["location"]["id"] == "kursk-oblast"
    ]
    assert {e["type"] for e in located} >= {"troop_deployment", "casualties"}
    place = located[0]["location"]
    assert place["country"] == "RUS" and place["precision"] == "admin1"
    assert 51 < place["lat"] < 52.5 and 35 < place["lon"] < 37


def test_dates_lie_before_publication(client: TestClient) -> None:
    published = date(2025, 12, 27)
    for event in _events(client):
        if event["date_end"]:
            assert date.fromisoformat(event["date_end"]) <= published


def test_seeding_twice_changes_nothing(engine: Engine) -> None:
    def snapshot() -> list[tuple[Any, ...]]:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(sa.text("SELECT * FROM event ORDER BY id"))]

    before = snapshot()
    assert load_seed(engine) == {"inserted": 0, "updated": 0, "deleted": 0}
    assert snapshot() == before


def test_seed_repairs_a_tampered_event(engine: Engine) -> None:
    first = seed_file()["events"][0]
    with engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE event SET summary = 'tampered' WHERE id = :id"), {"id": first["id"]}
        )
    assert load_seed(engine)["updated"] == 1
    with engine.connect() as conn:
        summary = conn.execute(
            sa.text("SELECT summary FROM event WHERE id = :id"), {"id": first["id"]}
        ).scalar_one()
    assert summary == first["summary"]
