"""The dashboard page and its assets over HTTP: headers, versioned URLs, and the allowlist."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from app.dashboard.router import STATIC_PREFIX, static_files

ASSET_URL = re.compile(r'(?:href|src|data-world)="(/static/dashboard/[^"?]+)\?v=([0-9a-f]{12})"')


class TestDashboardPage:
    def test_serves_html_with_a_strict_csp(self, client: TestClient) -> None:
        response = client.get("/")

        assert response.status_code == 200
        assert response.headers["content-type"] == "text/html; charset=utf-8"
        csp = response.headers["content-security-policy"]
        assert "default-src 'self'" in csp
        assert "script-src 'self'" in csp
        assert "'unsafe-inline'" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"

    def test_has_no_inline_script_or_style(self, client: TestClient) -> None:
        html = client.get("/").text

        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
        assert " style=" not in html
        assert "<style" not in html
        assert re.search(r"<[^>]*\son[a-z]+\s*=", html) is None  # no onclick= and the like
        assert "{{asset:" not in html

    def test_links_every_asset_it_needs_by_a_versioned_url(self, client: TestClient) -> None:
        html = client.get("/").text

        linked = {path.removeprefix(STATIC_PREFIX) for path, _ in ASSET_URL.findall(html)}

        assert linked == {
            "dashboard.css",
            "dashboard.js",
            "vendor/topojson-client.min.js",
            "vendor/countries-110m.json",
        }
        for path, version in ASSET_URL.findall(html):
            response = client.get(f"{path}?v={version}")
            assert response.status_code == 200, path
            assert response.headers["x-content-type-options"] == "nosniff"

    def test_is_left_out_of_the_openapi_document(self, client: TestClient) -> None:
        paths = client.get("/openapi.json").json()["paths"]

        assert "/" not in paths
        assert not any(p.startswith(STATIC_PREFIX) for p in paths)


class TestDashboardAssets:
    def test_script_and_data_have_their_media_types(self, client: TestClient) -> None:
        script = client.get(STATIC_PREFIX + "dashboard.js")
        world = client.get(STATIC_PREFIX + "vendor/countries-110m.json")

        assert script.headers["content-type"] == "text/javascript; charset=utf-8"
        assert world.headers["content-type"] == "application/json"
        assert world.json()["type"] == "Topology"

    def test_only_shipped_files_are_served(self, client: TestClient) -> None:
        for name in ("nope.js", "../router.py", "..%2Frouter.py", "index.html", "vendor"):
            response = client.get(STATIC_PREFIX + name)
            assert response.status_code == 404, name
            assert response.headers["content-type"] == "application/problem+json"

    def test_the_allowlist_holds_only_static_files(self) -> None:
        names = set(static_files())

        assert "dashboard.js" in names
        assert all(not n.startswith("..") and not n.endswith(".html") for n in names)
