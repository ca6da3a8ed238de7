"""``/v1/feeds``: the managed feed list, writes behind the API key, errors as problem+json."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.feeds import service
from app.feeds.fetch import PoliteClient, Politeness
from app.feeds.watch import Watcher
from tests.feeds.conftest import Route, Site, article_html, rss

FEED = "https://example.org/world/rss.xml"


def add(client: TestClient, auth: dict[str, str], url: str = FEED) -> Any:
    return client.post("/v1/feeds", json={"url": url}, headers=auth)


class TestAddFeed:
    def test_created(self, client: TestClient, auth: dict[str, str]) -> None:
        response = add(client, auth)
        assert response.status_code == 201
        body = response.json()
        assert response.headers["Location"] == f"/v1/feeds/{body['id']}"
        assert body["id"].startswith("feed_")
        assert {k: v for k, v in body.items() if k not in ("id", "created_at", "updated_at")} == {
            "url": FEED,
            "title": None,
            "last_polled_at": None,
            "last_status": None,
            "last_error": None,
            "items": {"pending": 0, "ingested": 0, "duplicate": 0, "skipped": 0, "failed": 0},
        }

    def test_again_is_200_with_the_same_feed(
        self, client: TestClient, auth: dict[str, str]
    ) -> None:
        first = add(client, auth).json()
        again = add(client, auth)
        assert again.status_code == 200
        assert again.json()["id"] == first["id"]
        assert client.get("/v1/feeds").json()["meta"]["total"] == 1

    def test_without_a_key_is_401(self, client: TestClient) -> None:
        response = client.post("/v1/feeds", json={"url": FEED})
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"

    def test_a_url_that_is_not_http_is_422(self, client: TestClient, auth: dict[str, str]) -> None:
        response = add(client, auth, "javascript:alert(1)")
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["errors"][0]["loc"] == ["body", "url"]

    def test_unknown_fields_are_422(self, client: TestClient, auth: dict[str, str]) -> None:
        response = client.post("/v1/feeds", json={"url": FEED, "every": 5}, headers=auth)
        assert response.status_code == 422


class TestListFeeds:
    def test_in_the_order_added_with_pages(self, client: TestClient, auth: dict[str, str]) -> None:
        urls = [f"https://example.org/{n}.xml" for n in range(3)]
        for url in urls:
            add(client, auth, url)
        first = client.get("/v1/feeds", params={"limit": 2}).json()
        assert [f["url"] for f in first["data"]] == urls[:2]
        rest = client.get("/v1/feeds", params={"cursor": first["meta"]["next_cursor"]}).json()
        assert [f["url"] for f in rest["data"]] == urls[2:]

    def test_shows_what_a_poll_found(
        self, client: TestClient, auth: dict[str, str], site: Site, engine: Engine
    ) -> None:
        site.routes["/a/1"] = Route(article_html(1))
        site.routes["/doc"] = Route(b"%PDF", content_type="application/pdf")
        date = "Mon, 01 Dec 2025 08:00:00 GMT"
        site.routes["/rss"] = Route(
            rss([(site.url("/a/1"), "a", date), (site.url("/doc"), "d", date)], title="Wire")
        )
        feed_id = add(client, auth, site.url("/rss")).json()["id"]
        polite = PoliteClient(Politeness(per_host_delay=0, timeout=5))
        try:
            Watcher(engine, polite).poll(service.list_feeds(engine=engine))
        finally:
            polite.close()
        body = client.get(f"/v1/feeds/{feed_id}").json()
        assert (body["title"], body["last_status"], body["last_error"]) == ("Wire", 200, None)
        assert body["last_polled_at"] is not None
        assert body["items"] == {
            "pending": 0,
            "ingested": 1,
            "duplicate": 0,
            "skipped": 1,
            "failed": 0,
        }


class TestGetFeed:
    def test_unknown_is_404(self, client: TestClient) -> None:
        response = client.get("/v1/feeds/feed_nope")
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"


class TestDeleteFeed:
    def test_deleted_then_gone(self, client: TestClient, auth: dict[str, str]) -> None:
        feed_id = add(client, auth).json()["id"]
        assert client.delete(f"/v1/feeds/{feed_id}", headers=auth).status_code == 204
        assert client.get(f"/v1/feeds/{feed_id}").status_code == 404
        assert client.delete(f"/v1/feeds/{feed_id}", headers=auth).status_code == 404

    def test_without_a_key_is_401(self, client: TestClient, auth: dict[str, str]) -> None:
        feed_id = add(client, auth).json()["id"]
        assert client.delete(f"/v1/feeds/{feed_id}").status_code == 401
        assert client.get(f"/v1/feeds/{feed_id}").status_code == 200

    def test_forgets_its_items_and_keeps_its_sources(
        self, client: TestClient, auth: dict[str, str], site: Site, engine: Engine
    ) -> None:
        site.routes["/a/1"] = Route(article_html(1))
        site.routes["/rss"] = Route(rss([(site.url("/a/1"), "a", "Mon, 01 Dec 2025 08:00:00 GMT")]))
        feed_id = add(client, auth, site.url("/rss")).json()["id"]
        polite = PoliteClient(Politeness(per_host_delay=0, timeout=5))
        try:
            Watcher(engine, polite).poll(service.list_feeds(engine=engine))
        finally:
            polite.close()
        sources = client.get("/v1/sources").json()["meta"]["total"]
        assert client.delete(f"/v1/feeds/{feed_id}", headers=auth).status_code == 204
        assert service.items_to_fetch(engine=engine, feed_id=feed_id) == []
        assert client.get("/v1/sources").json()["meta"]["total"] == sources
