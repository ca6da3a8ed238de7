"""The interactive docs in headless Chromium, with every request off this origin refused.

What a person exploring the API sees: Swagger UI lists the operations and ReDoc renders them,
with the scripts the app serves itself and no CSP violation or script error on the way.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Route, expect

from tests.dashboard.conftest import LiveServer


@pytest.fixture
def offline_page(page: Page, live_server: LiveServer) -> tuple[Page, list[str]]:
    """``page`` with every request to another origin aborted and recorded."""
    origin = urlsplit(live_server.url).netloc
    elsewhere: list[str] = []

    def only_this_origin(route: Route) -> None:
        if urlsplit(route.request.url).netloc in (origin, ""):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_this_origin)
    return page, elsewhere


def test_swagger_ui_lists_the_operations_offline(
    offline_page: tuple[Page, list[str]], live_server: LiveServer, page_errors: list[str]
) -> None:
    page, elsewhere = offline_page
    page.goto(f"{live_server.url}/docs")
    expect(page.locator(".opblock-summary-path", has_text="/v1/events").first).to_be_visible()
    expect(page.get_by_text("List events").first).to_be_visible()
    assert elsewhere == [] and page_errors == []


def test_redoc_renders_the_operations_offline(
    offline_page: tuple[Page, list[str]], live_server: LiveServer, page_errors: list[str]
) -> None:
    page, elsewhere = offline_page
    page.goto(f"{live_server.url}/redoc")
    expect(page.locator("h2", has_text="List events")).to_be_visible()
    # ReDoc's sidebar shows Redocly's logo from its CDN and hides it when it fails to load; the
    # policy blocks it (one console report), and nothing else may fail.
    branding = "cdn.redoc.ly/redoc/logo-mini.svg"
    assert elsewhere == [] and [e for e in page_errors if branding not in e] == []
