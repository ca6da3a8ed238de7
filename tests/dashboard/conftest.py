"""A live server on a free loopback port and Debian's headless Chromium, for the browser tests.

The server runs the real app under uvicorn in a thread, on a fresh SQLite file that it migrates
and seeds on start; synthetic events are added next, so the page has varied data to draw.
Playwright drives ``/usr/bin/chromium`` through ``executable_path``: never ``playwright install``
(it downloads browser builds, which cannot work here). ``.ci/install-browser`` installs Chromium.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright
from sqlalchemy import Engine

from app.config import Settings
from app.main import create_app
from app.models import Origin, Source
from app.pipeline.types import ActorDraft, EventDraft, LocationDraft
from app.sources.service import content_sha256, store_drafts
from app.store.db import make_engine, write_session
from tests.factories import make_events

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

# Characters outside the BMP before the quote: Python counts them as one character each,
# JavaScript strings as two, so a wrong offset conversion would shift the highlight.
ASTRAL_TEXT = (
    "🛰️📡 Wire 🇺🇦: at least 4 people were killed in a strike on Kharkiv 🚨, officials said."
)
ASTRAL_QUOTE = "at least 4 people were killed in a strike on Kharkiv"


@dataclass(frozen=True)
class LiveServer:
    url: str
    astral_event_id: str

    def get(self, path: str, **params: Any) -> Any:
        """The JSON answer of a GET on the live server."""
        response = httpx.get(self.url + path, params=params, timeout=10)
        response.raise_for_status()
        return response.json()


def add_astral_source(engine: Engine) -> str:
    """A one-event source whose quote follows emoji; returns the event id."""
    start = ASTRAL_TEXT.index(ASTRAL_QUOTE)
    draft = EventDraft(
        type="casualties",
        summary="Four people are killed in a strike on Kharkiv.",
        date_start=date(2025, 11, 20),
        date_end=date(2025, 11, 20),
        date_precision="day",
        actor=None,
        target=ActorDraft("ukraine", "Ukraine", "state", "UKR"),
        location=LocationDraft(
            "kharkiv-ukr", "Kharkiv", "UKR", "Kharkiv Oblast", 49.99, 36.23, "city"
        ),
        certainty="reported",
        attribution="officials",
        char_start=start,
        char_end=start + len(ASTRAL_QUOTE),
        quote=ASTRAL_QUOTE,
        quote_restored=ASTRAL_QUOTE,
        fatalities_low=4,
        fatalities_best=4,
    )
    source = Source(
        title="Emoji wire",
        publisher="Factory Wire",
        published_at=date(2025, 11, 21),
        content_sha256=content_sha256(ASTRAL_TEXT),
        raw_text=ASTRAL_TEXT,
        text=ASTRAL_TEXT,
    )
    source_id = source.id
    with write_session(engine) as session, session.begin():
        session.add(source)
        session.flush()
        store_drafts(session, source_id=source_id, drafts=[draft], origin=Origin.extracted)
    return source_id


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The app under uvicorn on 127.0.0.1:<free port>, seeded, plus synthetic events."""
    database_url = f"sqlite:///{tmp_path_factory.mktemp('dashboard') / 'faultline.db'}"
    app = create_app(Settings(database_url=database_url))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))  # bound before the server starts: no race for the port
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the dashboard test server did not start")
        time.sleep(0.05)
    engine = make_engine(Settings(database_url=database_url))
    make_events(engine, 40)
    source_id = add_astral_source(engine)
    engine.dispose()
    url = f"http://127.0.0.1:{port}"
    events = httpx.get(f"{url}/v1/sources/{source_id}", timeout=10).json()["events"]
    try:
        yield LiveServer(url=url, astral_event_id=events[0]["id"])
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless; the browser tests skip when it is not installed.

    Except in CI (``CI`` set), where ``.ci/run`` installs it: there a missing browser fails.
    """
    if not CHROMIUM.exists():
        missing = f"{CHROMIUM} is missing: run .ci/install-browser to install Debian's chromium"
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page_errors() -> list[str]:
    """Console errors and uncaught exceptions of the test's page (a CSP violation is one)."""
    return []


@pytest.fixture
def page(browser: Browser, page_errors: list[str]) -> Iterator[Page]:
    """A page in a fresh browser context, 1280x900, recording its errors in ``page_errors``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("console", lambda m: page_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: page_errors.append(str(exc)))
    yield page
    context.close()
