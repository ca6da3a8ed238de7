"""HTTP conveniences: ETag/304, compression, HEAD, request ids, metrics, limits, CORS, keys."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import GC_THRESHOLDS, create_app
from app.pipeline.gazetteer import get_gazetteer
from app.pipeline.normalize.spin_lexicon import lexicon


def app_client(settings: Settings, **overrides: Any) -> TestClient:
    return TestClient(create_app(settings.model_copy(update=overrides)))


@pytest.fixture
def limited(settings: Settings) -> Iterator[TestClient]:
    with app_client(settings, rate_limit_per_minute=3, write_rate_limit_per_minute=1) as client:
        yield client


class TestCaching:
    def test_etag_and_304(self, client: TestClient) -> None:
        first = client.get("/v1/events", params={"country": "PRK"})
        etag = first.headers["etag"]
        assert etag.startswith('"') and first.headers["cache-control"] == "public, no-cache"
        again = client.get("/v1/events", params={"country": "PRK"}, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b""
        other = client.get("/v1/events", params={"country": "RUS"}, headers={"If-None-Match": etag})
        assert other.status_code == 200

    def test_etag_changes_when_the_data_does(
        self, client: TestClient, auth: dict[str, str]
    ) -> None:
        url = "/v1/events/evt_01KDF0SEED0000000000000008"
        etag = client.get(url).headers["etag"]
        client.patch(url, json={"notes": "revised"}, headers=auth)
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 200

    def test_errors_are_not_cached(self, client: TestClient) -> None:
        response = client.get("/v1/events/evt_missing")
        assert response.headers["cache-control"] == "no-store" and "etag" not in response.headers

    def test_large_answers_are_gzipped(self, client: TestClient) -> None:
        response = client.get("/v1/events", headers={"Accept-Encoding": "gzip"})
        assert response.headers["content-encoding"] == "gzip"
        assert response.json()["meta"]["total"] == 13
        plain = client.get("/v1/events", headers={"Accept-Encoding": "identity"})
        assert "content-encoding" not in plain.headers
        assert plain.headers["etag"] != response.headers["etag"]

    def test_head_answers_like_get_without_a_body(self, client: TestClient) -> None:
        head = client.head("/v1/events")
        assert head.status_code == 200 and head.content == b""
        assert head.headers["etag"] == client.get("/v1/events").headers["etag"]


class TestObservability:
    def test_request_id_is_echoed_or_made(self, client: TestClient) -> None:
        assert (
            client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers["x-request-id"]
            == "abc-123"
        )
        made = client.get("/healthz", headers={"X-Request-ID": "bad id\n"}).headers["x-request-id"]
        assert len(made) == 32 and made != "bad id"

    def test_metrics_count_requests_by_route(self, client: TestClient) -> None:
        client.get("/v1/events/evt_01KDF0SEED0000000000000000")
        client.get("/v1/events/evt_missing")
        text = client.get("/metrics").text
        assert (
            'faultline_http_requests_total{method="GET",route="/v1/events/{event_id}",status="200"}'
            " 1.0" in text
        )
        assert 'route="/v1/events/{event_id}",status="404"} 1.0' in text
        assert 'faultline_rows_stored{table="event"} 13.0' in text
        assert "faultline_http_request_duration_seconds_bucket" in text

    def test_logs_are_json_without_keys(
        self, client: TestClient, auth: dict[str, str], caplog: pytest.LogCaptureFixture
    ) -> None:
        with caplog.at_level("INFO", logger="faultline.access"):
            client.post("/v1/sources", json={"text": "  "}, headers=auth)
        line = next(r.getMessage() for r in caplog.records if r.name == "faultline.access")
        assert '"route": "/v1/sources"' in line and '"status": 422' in line
        assert auth["Authorization"].split()[1] not in caplog.text


class TestLimits:
    def test_reads_beyond_the_limit_get_429(self, limited: TestClient) -> None:
        codes = [limited.get("/healthz").status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        refused = limited.get("/healthz")
        assert refused.headers["content-type"] == "application/problem+json"
        assert int(refused.headers["retry-after"]) >= 1

    def test_writes_have_their_own_limit_per_key(
        self, limited: TestClient, auth: dict[str, str]
    ) -> None:
        first = limited.post("/v1/sources", json={"text": " "}, headers=auth)
        second = limited.post("/v1/sources", json={"text": " "}, headers=auth)
        assert (first.status_code, second.status_code) == (422, 429)


class TestAccess:
    def test_reads_can_require_a_key(self, settings: Settings, auth: dict[str, str]) -> None:
        with app_client(settings, require_key_for_reads=True) as client:
            assert client.get("/v1/events").status_code == 401
            assert client.get("/v1/events", headers=auth).status_code == 200
            assert client.get("/healthz").status_code == 200

    def test_cors_is_off_by_default(self, client: TestClient) -> None:
        response = client.get("/v1/events", headers={"Origin": "https://dash.example"})
        assert "access-control-allow-origin" not in response.headers

    def test_cors_allows_reads_only_by_default(self, settings: Settings) -> None:
        with app_client(settings, cors_origins=("https://dash.example",)) as client:
            ok = client.get("/v1/events", headers={"Origin": "https://dash.example"})
            assert ok.headers["access-control-allow-origin"] == "https://dash.example"
            preflight = client.options(
                "/v1/sources",
                headers={
                    "Origin": "https://dash.example",
                    "Access-Control-Request-Method": "POST",
                },
            )
            assert preflight.status_code == 400
            assert "POST" not in preflight.headers.get("access-control-allow-methods", "")

    def test_security_headers(self, client: TestClient) -> None:
        response = client.get("/v1/events")
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "server" not in response.headers


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_docs_pages_carry_a_strict_csp(client: TestClient, path: str) -> None:
    import base64
    import hashlib
    import re

    response = client.get(path)
    assert response.status_code == 200 and "text/html" in response.headers["content-type"]
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "'unsafe-inline'" not in policy.split("style-src")[0]
    for script in re.findall(r"<script>(.*?)</script>", response.text, re.S):
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    assert "http" not in policy, policy  # no CDN, no font service: this origin only


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_docs_pages_load_nothing_from_elsewhere(client: TestClient, path: str) -> None:
    """Every script, stylesheet and icon the page names is served by the app itself, so the
    docs work on a machine that reaches no CDN."""
    import re

    page = client.get(path).text
    assert "https://" not in page and "http://" not in page, page
    urls = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any(u.endswith(".js") or ".js?v=" in u for u in urls), urls
    for url in urls:
        asset = client.get(url)
        assert asset.status_code == 200 and len(asset.content) > 1000, url
        assert "public, max-age" in asset.headers["cache-control"], url
    assert client.get("/static/docs/../../app/main.py").status_code == 404
    assert client.get("/static/docs/core.py").status_code == 404


def test_start_up_freezes_its_objects_and_collects_less_often(settings: Settings) -> None:
    """FAULTLINE_GC_TUNING (on by default; off in the rest of the suite, see conftest)."""
    before = gc.get_threshold()
    try:
        with TestClient(create_app(settings.model_copy(update={"gc_tuning": True}))):
            assert gc.get_freeze_count() > 10_000
            assert gc.get_threshold() == GC_THRESHOLDS
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
    with TestClient(create_app(settings)):
        assert gc.get_freeze_count() == 0
        assert gc.get_threshold() == before


def test_start_up_builds_the_pipeline_only_where_writes_are_taken(settings: Settings) -> None:
    """With API keys the gazetteer and lexicons are built at start-up, not inside the first
    POST; a read-only server (no keys) never codes an article and does not build them."""
    get_gazetteer.cache_clear()
    lexicon.cache_clear()
    with TestClient(create_app(settings.model_copy(update={"api_keys": ()}))):
        assert get_gazetteer.cache_info().currsize == 0
        assert lexicon.cache_info().currsize == 0
    assert settings.api_keys
    with TestClient(create_app(settings)):
        assert get_gazetteer.cache_info().currsize == 1
        assert lexicon.cache_info().currsize == 1
