"""``/v1/sources``: listing, reading, and ingesting through the whole pipeline."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.api.errors import InvalidParameter
from app.cli import build_parser
from app.sources import service
from app.sources.schemas import SourceCreate
from app.sources.seed import seed_article
from tests.test_errors import assert_problem

ARTICLE = (
    "Published On 3 Mar 2026\n"
    "Russian forces launched a drone attack on Kharkiv overnight, Ukrainian officials said on "
    "Tuesday.\n"
    "Ukraine's President Volodymyr Zelenskyy condemned the strike.\n"
)
NOT_A_URL = "expected an http or https URL such as https://example.org/story, with no spaces"


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


class TestSourceUrl:
    """Only http and https URLs are stored: the url is rendered as a link (issue 14)."""

    @pytest.mark.parametrize(
        "url",
        [
            "https://example.org/kim-putin",
            "http://example.org",
            "HTTPS://Example.org/a?b=c#d",
            "https://ru.wikipedia.org/wiki/Москва",
        ],
    )
    def test_web_urls_are_stored_as_given(
        self, client: TestClient, auth: dict[str, str], url: str
    ) -> None:
        response = post(client, auth, {"text": ARTICLE, "url": url})
        assert response.status_code == 201, response.text
        assert response.json()["url"] == url

    @pytest.mark.parametrize(
        ("url", "msg"),
        [
            ("javascript:alert(1)", "only http and https URLs are accepted, not javascript:"),
            ("JavaScript:alert(1)", "only http and https URLs are accepted, not javascript:"),
            (
                "data:text/html,<script>1</script>",
                "only http and https URLs are accepted, not data:",
            ),
            ("ftp://example.org/a", "only http and https URLs are accepted, not ftp:"),
            ("//example.org/a", NOT_A_URL),
            ("example.org/a", NOT_A_URL),
            (" https://example.org", NOT_A_URL),
            ("https://", NOT_A_URL),
            ("https://example.org/a b", NOT_A_URL),
            ("java\tscript:alert(1)", NOT_A_URL),
        ],
    )
    def test_other_urls_are_precise_422s(
        self, client: TestClient, auth: dict[str, str], url: str, msg: str
    ) -> None:
        response = post(client, auth, {"text": ARTICLE, "url": url})
        body = assert_problem(response, 422)
        assert body["errors"] == [{"loc": ["body", "url"], "msg": msg}]
        assert body["detail"] == f"Invalid 'url': {msg}."
        assert client.get("/v1/sources").json()["meta"]["total"] == 1

    def test_the_service_refuses_what_the_schema_was_not_asked_about(self, engine: Any) -> None:
        payload = SourceCreate.model_construct(text=ARTICLE, url="javascript:alert(1)")
        with pytest.raises(InvalidParameter) as refused:
            service.ingest_source(engine=engine, payload=payload)
        assert refused.value.errors[0].loc == ["body", "url"]

    def test_the_cli_refuses_it_before_reading_any_file(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        with pytest.raises(SystemExit) as exited:
            build_parser().parse_args(["ingest", "a.txt", "--url", "javascript:alert(1)"])
        assert exited.value.code == 2
        assert "only http and https URLs are accepted, not javascript:" in capsys.readouterr().err


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
