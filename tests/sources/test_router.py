"""``/v1/sources``: listing, reading, and ingesting through the whole pipeline."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.seed import seed_article
from app.sources import service

ARTICLE = (
    "Published On 3 Mar 2026\n"
    "Russian forces launched a drone attack on Kharkiv overnight, Ukrainian officials said on "
    "Tuesday.\n"
    "Ukraine's President Volodymyr Zelenskyy condemned the strike.\n"
)


def post(client: TestClient, auth: dict[str, str], body: dict[str, Any]) -> Any:
    return client.post("/v1/sources", json=body, headers=auth)


class TestListSources:
    def test_seed_source_is_listed_with_both_texts(self, client: TestClient) -> None:
        body = client.get("/v1/sources").json()
        assert body["meta"]["total"] == 1
        source = body["data"][0]
        assert source["raw_text"] == seed_article()
        assert source["spun"] is True
        assert source["events_count"] == 13
        assert "Recommended Stories" not in source["text"]
        assert "North Korean leader Kim Jong Un" in source["text"]
        assert len(source["content_sha256"]) == 64


class TestIngest:
    def test_article_in_events_out(self, client: TestClient, auth: dict[str, str]) -> None:
        response = post(client, auth, {"text": ARTICLE, "title": "Kharkiv", "publisher": "Wire"})
        assert response.status_code == 201, response.text
        source = response.json()
        assert response.headers["location"] == f"/v1/sources/{source['id']}"
        assert source["published_at"] == "2026-03-03"
        assert source["raw_text"] == ARTICLE and source["spun"] is False
        assert source["text"] == ARTICLE
        assert source["events"], "the pipeline coded nothing"
        for event in source["events"]:
            assert ARTICLE[event["char_start"] : event["char_end"]] == event["quote"]
            assert event["origin"] == "extracted" and 0 <= event["confidence"] <= 1
            assert event["source"]["id"] == source["id"]
        listed = client.get("/v1/events", params={"source": source["id"]}).json()
        assert listed["meta"]["total"] == len(source["events"])

    def test_same_text_again_is_200_and_nothing_doubles(
        self, client: TestClient, auth: dict[str, str]
    ) -> None:
        first = post(client, auth, {"text": ARTICLE})
        events_before = client.get("/v1/events").json()["meta"]["total"]
        again = post(client, auth, {"text": ARTICLE, "title": "another title"})
        assert (first.status_code, again.status_code) == (201, 200)
        assert again.json()["id"] == first.json()["id"]
        assert client.get("/v1/sources").json()["meta"]["total"] == 2
        assert client.get("/v1/events").json()["meta"]["total"] == events_before

    def test_seed_text_again_returns_the_curated_source(
        self, client: TestClient, auth: dict[str, str]
    ) -> None:
        response = post(client, auth, {"text": seed_article()})
        assert response.status_code == 200
        assert {e["origin"] for e in response.json()["events"]} == {"curated"}

    def test_published_at_given_wins_over_the_dateline(
        self, client: TestClient, auth: dict[str, str]
    ) -> None:
        source = post(client, auth, {"text": ARTICLE, "published_at": "2026-03-04"}).json()
        assert source["published_at"] == "2026-03-04"

    def test_failure_mid_write_leaves_nothing(
        self, client: TestClient, auth: dict[str, str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def explode(*_args: Any, **_kwargs: Any) -> None:
            raise RuntimeError("disk on fire")

        monkeypatch.setattr(service, "store_drafts", explode)
        with pytest.raises(RuntimeError):
            post(client, auth, {"text": ARTICLE})
        monkeypatch.undo()
        assert client.get("/v1/sources").json()["meta"]["total"] == 1
        assert post(client, auth, {"text": ARTICLE}).status_code == 201


class TestReextract:
    def test_replaces_extracted_events_and_keeps_curated(
        self, client: TestClient, auth: dict[str, str], engine: Any
    ) -> None:
        new = post(client, auth, {"text": ARTICLE}).json()
        old_ids = {e["id"] for e in new["events"]}
        count = service.reextract_source(engine=engine, source_id=new["id"])
        after = client.get(f"/v1/sources/{new['id']}").json()["events"]
        assert len(after) == count == len(old_ids)
        assert not old_ids & {e["id"] for e in after}
        tombstones = {d["id"] for d in client.get("/v1/deletions").json()["data"]}
        assert old_ids <= tombstones
        seed_id = "src_01KDF0SEED0000000000000000"
        service.reextract_source(engine=engine, source_id=seed_id)
        origins = [e["origin"] for e in client.get(f"/v1/sources/{seed_id}").json()["events"]]
        assert origins.count("curated") == 13
