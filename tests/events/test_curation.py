"""``PATCH``/``DELETE /v1/events/{id}`` and keeping a mirror exact by polling."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.sources.seed import load_seed
from tests.factories import make_events
from tests.test_errors import assert_problem

SEED_EVENT = "evt_01KDF0SEED0000000000000008"  # the nine engineers killed in Kursk


class TestPatch:
    def test_correction_changes_fields_and_bumps_updated_at(
        self, client: TestClient, auth: dict[str, str]
    ) -> None:
        before = client.get(f"/v1/events/{SEED_EVENT}").json()
        response = client.patch(
            f"/v1/events/{SEED_EVENT}",
            json={"fatalities_high": 12, "notes": "High estimate from a later report."},
            headers=auth,
        )
        assert response.status_code == 200, response.text
        after = response.json()
        assert (after["fatalities_low"], after["fatalities_best"], after["fatalities_high"]) == (
            9,
            9,
            12,
        )
        assert after["updated_at"] > before["updated_at"]
        assert after["quote"] == before["quote"] and after["char_start"] == before["char_start"]

    def test_null_clears_a_field(self, client: TestClient, auth: dict[str, str]) -> None:
        body = client.patch(
            f"/v1/events/{SEED_EVENT}", json={"quantity": None}, headers=auth
        ).json()
        assert body["quantity"] is None

    @pytest.mark.parametrize(
        "change",
        [
            {"fatalities_low": 20},
            {"date_start": "2026-01-01"},
            {"date_end": None},
            {"type": "picnic"},
            {"certainty": None},
            {"summary": None},
            {"summary": ""},
            {"actor_id": "nobody"},
            {"quote": "edited"},
            {"char_start": 0},
        ],
    )
    def test_inconsistent_or_provenance_changes_are_422(
        self, client: TestClient, auth: dict[str, str], change: dict[str, Any]
    ) -> None:
        before = client.get(f"/v1/events/{SEED_EVENT}").json()
        response = client.patch(f"/v1/events/{SEED_EVENT}", json=change, headers=auth)
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert client.get(f"/v1/events/{SEED_EVENT}").json() == before

    @pytest.mark.parametrize(
        ("value", "msg"),
        [
            ("", "unknown event type ''; see /v1/event-types"),
            ("picnic", "unknown event type 'picnic'; see /v1/event-types"),
            (5, "Input should be a valid string"),
        ],
    )
    def test_type_outside_the_enum_is_a_precise_422(
        self, client: TestClient, auth: dict[str, str], value: object, msg: str
    ) -> None:
        """``{"type": ""}`` is no slug, refused as ``type=`` is on the lists (issue 14)."""
        response = client.patch(f"/v1/events/{SEED_EVENT}", json={"type": value}, headers=auth)
        body = assert_problem(response, 422)
        assert body["errors"] == [{"loc": ["body", "type"], "msg": msg}]

    @pytest.mark.parametrize(
        ("change", "loc", "msg"),
        [
            ({"fatalities_low": 20}, ["body"], "violates the event's constraints"),
            ({"date_end": "2000-01-01"}, ["body"], "violates the event's constraints"),
            ({"actor_id": "nobody"}, ["body", "actor_id"], "unknown id"),
            ({"target_id": "nobody"}, ["body", "target_id"], "unknown id"),
            ({"location_id": "nowhere"}, ["body", "location_id"], "unknown id"),
        ],
    )
    def test_refusals_no_schema_can_state(
        self,
        client: TestClient,
        auth: dict[str, str],
        change: dict[str, Any],
        loc: list[str],
        msg: str,
    ) -> None:
        """Checked against the stored event: the items .ci/schemathesis_hooks.py lists."""
        response = client.patch(f"/v1/events/{SEED_EVENT}", json=change, headers=auth)
        assert assert_problem(response, 422)["errors"] == [{"loc": loc, "msg": msg}]

    def test_type_changes_to_any_slug(self, client: TestClient, auth: dict[str, str]) -> None:
        response = client.patch(f"/v1/events/{SEED_EVENT}", json={"type": "attack"}, headers=auth)
        assert response.status_code == 200, response.text
        assert response.json()["type"] == "attack"

    def test_needs_a_key(self, client: TestClient) -> None:
        assert client.patch(f"/v1/events/{SEED_EVENT}", json={"notes": "x"}).status_code == 401

    def test_unknown_event_is_404(self, client: TestClient, auth: dict[str, str]) -> None:
        assert (
            client.patch("/v1/events/evt_x", json={"notes": "x"}, headers=auth).status_code == 404
        )

    def test_a_corrected_pipeline_event_becomes_curated(
        self, client: TestClient, auth: dict[str, str], engine: Engine
    ) -> None:
        source_id = make_events(engine, 3)
        event = client.get("/v1/events", params={"source": source_id}).json()["data"][0]
        assert event["origin"] == "extracted"
        body = client.patch(f"/v1/events/{event['id']}", json={"notes": "checked"}, headers=auth)
        assert body.json()["origin"] == "curated"

    def test_the_seed_loader_keeps_a_correction(
        self, client: TestClient, auth: dict[str, str], engine: Engine
    ) -> None:
        client.patch(f"/v1/events/{SEED_EVENT}", json={"fatalities_high": 12}, headers=auth)
        assert load_seed(engine) == {"inserted": 0, "updated": 0, "deleted": 0}
        assert client.get(f"/v1/events/{SEED_EVENT}").json()["fatalities_high"] == 12


class TestDelete:
    def test_withdrawal_leaves_a_tombstone(self, client: TestClient, auth: dict[str, str]) -> None:
        assert client.delete(f"/v1/events/{SEED_EVENT}", headers=auth).status_code == 204
        assert client.get(f"/v1/events/{SEED_EVENT}").status_code == 404
        tombstones = client.get("/v1/deletions").json()["data"]
        assert [t["id"] for t in tombstones] == [SEED_EVENT]
        assert client.delete(f"/v1/events/{SEED_EVENT}", headers=auth).status_code == 404

    def test_the_seed_loader_does_not_resurrect(
        self, client: TestClient, auth: dict[str, str], engine: Engine
    ) -> None:
        client.delete(f"/v1/events/{SEED_EVENT}", headers=auth)
        assert load_seed(engine)["inserted"] == 0
        assert client.get(f"/v1/events/{SEED_EVENT}").status_code == 404

    def test_needs_a_key(self, client: TestClient) -> None:
        assert client.delete(f"/v1/events/{SEED_EVENT}").status_code == 401


def test_a_polling_mirror_stays_exact(
    client: TestClient, auth: dict[str, str], engine: Engine
) -> None:
    """What a dashboard does: copy everything, then poll updated_since and deletions."""

    def pull(params: dict[str, Any], path: str = "/v1/events") -> list[dict[str, Any]]:
        out, cursor = [], None
        while True:
            paging = {"limit": 7, **({"cursor": cursor} if cursor else {})}
            page = client.get(path, params={**params, **paging}).json()
            out += page["data"]
            cursor = page["meta"]["next_cursor"]
            if cursor is None:
                return out

    mirror = {e["id"]: e for e in pull({"sort": "updated_at"})}
    watermark = max(e["updated_at"] for e in mirror.values())
    deleted_since = watermark

    make_events(engine, 5, seed=3)
    first = sorted(mirror)[0]
    client.patch(f"/v1/events/{first}", json={"summary": "Corrected summary."}, headers=auth)
    doomed = sorted(mirror)[1]
    client.delete(f"/v1/events/{doomed}", headers=auth)

    for event in pull({"sort": "updated_at", "updated_since": watermark}):
        mirror[event["id"]] = event
    for tombstone in pull({"since": deleted_since}, path="/v1/deletions"):
        mirror.pop(tombstone["id"], None)

    assert mirror == {e["id"]: e for e in pull({})}
    assert mirror[first]["summary"] == "Corrected summary."
