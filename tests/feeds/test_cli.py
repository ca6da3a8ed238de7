"""``faultline watch`` as a command: its summary, exit status, and a SIGKILL in mid-run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from app.cli.main import build_parser
from app.config import Settings
from app.models import FeedItem, Source
from tests.feeds.conftest import Route, Site, article_html, rss

ROOT = Path(__file__).resolve().parents[2]
RSS_DATE = "Tue, 02 Dec 2025 08:00:00 GMT"


def run_watch(
    settings: Settings, capsys: pytest.CaptureFixture[str], *argv: str
) -> tuple[int, dict[str, Any] | None]:
    args = build_parser().parse_args(["watch", *argv, "--once", "--quiet", "--per-host-delay", "0"])
    status = args.handler(settings, args)
    out = capsys.readouterr().out
    return status, json.loads(out) if out.strip() else None


def site_sources(engine: Engine, site: Site) -> Counter[str]:
    with engine.connect() as conn:
        urls = conn.execute(sa.select(Source.url).where(Source.url.like(f"{site.base}%")))
        return Counter(urls.scalars())


class TestWatchCommand:
    def test_prints_a_json_summary_and_a_second_run_inserts_nothing(
        self, site: Site, settings: Settings, engine: Engine, capsys: pytest.CaptureFixture[str]
    ) -> None:
        for n in (1, 2):
            site.routes[f"/a/{n}"] = Route(article_html(n))
        site.routes["/doc"] = Route(b"{}", content_type="application/json")
        links = [site.url("/a/1"), site.url("/a/2"), site.url("/doc")]
        site.routes["/rss"] = Route(rss([(u, "t", RSS_DATE) for u in links]))
        status, summary = run_watch(settings, capsys, site.url("/rss"))
        assert status == 0
        assert summary == {
            "feeds": 1,
            "polled": 1,
            "not_modified": 0,
            "feed_failures": [],
            "items": {
                "new": 3,
                "seen": 0,
                "fetched": 3,
                "ingested": 2,
                "duplicate": 0,
                "skipped": 1,
                "failed": 0,
            },
            "reasons": {"not HTML": 1},
            "problems": [
                {
                    "url": site.url("/doc"),
                    "status": "skipped",
                    "reason": "not HTML: application/json",
                }
            ],
        }
        # Without URLs, the stored feeds are watched.
        status, again = run_watch(settings, capsys)
        assert status == 0 and again is not None
        assert again["items"] == {
            **summary["items"],
            "new": 0,
            "seen": 3,
            "fetched": 0,
            "ingested": 0,
            "skipped": 0,
        }
        assert site_sources(engine, site) == Counter(links[:2])

    def test_exit_status_1_when_a_feed_cannot_be_read(
        self, site: Site, settings: Settings, capsys: pytest.CaptureFixture[str]
    ) -> None:
        status, summary = run_watch(settings, capsys, site.url("/nothing-here"))
        assert status == 1 and summary is not None
        assert summary["feed_failures"] == [
            {"feed": site.url("/nothing-here"), "reason": "HTTP 404"}
        ]

    def test_exit_status_2_when_there_is_no_feed(
        self, settings: Settings, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert run_watch(settings, capsys) == (2, None)

    def test_refuses_a_feed_that_is_not_a_web_url(self, capsys: pytest.CaptureFixture[str]) -> None:
        with pytest.raises(SystemExit) as exited:
            build_parser().parse_args(["watch", "file:///etc/passwd"])
        assert exited.value.code == 2
        assert "only http and https" in capsys.readouterr().err


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_sigkill_mid_run_then_rerun_ingests_every_article_once(
    site: Site, settings: Settings, engine: Engine
) -> None:
    """The issue's "done when": across a restart and a SIGKILL, every article is stored once."""
    count = 8
    for n in range(1, count + 1):
        site.routes[f"/a/{n}"] = Route(article_html(n), delay=0.3)
    links = [site.url(f"/a/{n}") for n in range(1, count + 1)]
    site.routes["/rss"] = Route(rss([(u, "t", RSS_DATE) for u in links]), etag='"1"')
    env = {**os.environ, "DATABASE_URL": settings.database_url, "FAULTLINE_LOG_LEVEL": "warning"}
    command = [
        sys.executable,
        "-m",
        "app",
        "watch",
        site.url("/rss"),
        "--once",
        "--quiet",
        "--per-host-delay",
        "0",
    ]
    first = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while sum(site_sources(engine, site).values()) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    stored = sum(site_sources(engine, site).values())
    assert 3 <= stored < count
    second = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, timeout=120)
    assert second.returncode == 0, second.stderr.decode()
    summary = json.loads(second.stdout)
    assert summary["not_modified"] == 1  # the ETag was stored with the items, before the kill
    assert (
        summary["items"]["ingested"] + summary["items"]["duplicate"] == summary["items"]["fetched"]
    )
    assert site_sources(engine, site) == Counter(links)
    with engine.connect() as conn:
        states = Counter(conn.execute(sa.select(FeedItem.status)).scalars())
    assert states["pending"] == 0 and states["failed"] == 0 and states["skipped"] == 0
    assert states.total() == count
