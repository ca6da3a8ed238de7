"""``faultline watch`` against a news site on loopback: nothing lost, nothing doubled."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from app.feeds import service
from app.feeds.fetch import PoliteClient, Politeness
from app.feeds.watch import Watcher, WatchReport
from app.models import FeedItem, Source
from app.sources.service import IngestResult, ingest_source
from tests.feeds.conftest import Route, Site, article_html, atom, rss

RSS_DATE = "Mon, 01 Dec 2025 08:00:00 GMT"


@pytest.fixture
def client() -> Iterator[PoliteClient]:
    polite = PoliteClient(Politeness(per_host_delay=0, timeout=2.0, max_bytes=64 * 1024))
    yield polite
    polite.close()


def poll(engine: Engine, client: PoliteClient, *urls: str, **kwargs: Any) -> WatchReport:
    feeds = service.ensure_feeds(engine=engine, urls=list(urls))
    return Watcher(engine, client, **kwargs).poll(feeds)


def sources_by_url(engine: Engine) -> Counter[str]:
    with engine.connect() as conn:
        urls = conn.execute(sa.select(Source.url).where(Source.url.is_not(None))).scalars()
        return Counter(urls)


def item_states(engine: Engine) -> dict[str, str]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(FeedItem.url, FeedItem.status)).all()
    return {url: status for url, status in rows}


def serve_articles(site: Site, count: int, **route: Any) -> list[str]:
    for n in range(1, count + 1):
        site.routes[f"/a/{n}"] = Route(article_html(n), **route)
    return [site.url(f"/a/{n}") for n in range(1, count + 1)]


class TestRss:
    def test_every_item_is_ingested_with_its_url_title_and_day(
        self, site: Site, engine: Engine, client: PoliteClient
    ) -> None:
        urls = serve_articles(site, 2)
        site.routes["/a/3"] = Route(article_html(3, broken=True))
        site.routes["/old/4"] = Route(status=301, headers={"Location": "/a/4"})
        site.routes["/a/4"] = Route(article_html(4))
        links = [*urls, site.url("/a/3"), site.url("/old/4")]
        site.routes["/feed.xml"] = Route(
            rss([(u, f"Headline {i}", RSS_DATE) for i, u in enumerate(links, 1)]),
            content_type="application/rss+xml",
        )
        report = poll(engine, client, site.url("/feed.xml"))
        summary = report.to_json()
        assert summary["items"] == {
            "new": 4,
            "seen": 0,
            "fetched": 4,
            "ingested": 4,
            "duplicate": 0,
            "skipped": 0,
            "failed": 0,
        }
        assert summary["feed_failures"] == []
        # The redirected item is stored under the URL it ended at.
        expected = {*urls, site.url("/a/3"), site.url("/a/4")}
        assert sources_by_url(engine) == Counter(expected)
        with engine.connect() as conn:
            row = conn.execute(
                sa.select(
                    Source.title, Source.publisher, Source.published_at, Source.raw_text
                ).where(Source.url == urls[0])
            ).one()
        assert row.title == "Headline 1"
        assert row.publisher == "Example Wire"
        assert row.published_at == date(2025, 12, 1)
        assert "Russian forces struck the port of Odesa" in row.raw_text
        assert "Copyright" not in row.raw_text and "Home" not in row.raw_text
        assert report.problems == []  # the broken page too: lxml recovers its story

    def test_a_second_poll_sends_validators_and_inserts_nothing(
        self, site: Site, engine: Engine, client: PoliteClient
    ) -> None:
        urls = serve_articles(site, 2)
        site.routes["/feed.xml"] = Route(
            rss([(u, "t", RSS_DATE) for u in urls]),
            content_type="application/rss+xml",
            etag='"v1"',
            headers={"Last-Modified": "Mon, 01 Dec 2025 08:00:00 GMT"},
        )
        poll(engine, client, site.url("/feed.xml"))
        before = sources_by_url(engine)
        site.hits.clear()
        report = poll(engine, client, site.url("/feed.xml"))
        assert report.not_modified == 1
        assert report.to_json()["items"]["fetched"] == 0
        assert site.paths() == ["/feed.xml"]  # robots.txt is cached, no page fetched again
        assert site.hits[0].headers["If-None-Match"] == '"v1"'
        assert site.hits[0].headers["If-Modified-Since"] == "Mon, 01 Dec 2025 08:00:00 GMT"
        assert sources_by_url(engine) == before

    def test_a_changed_feed_fetches_only_its_new_items(
        self, site: Site, engine: Engine, client: PoliteClient
    ) -> None:
        urls = serve_articles(site, 3)
        feed = site.url("/feed.xml")
        site.routes["/feed.xml"] = Route(rss([(u, "t", RSS_DATE) for u in urls[:2]]))
        poll(engine, client, feed)
        site.routes["/feed.xml"] = Route(rss([(u, "t", RSS_DATE) for u in urls]))
        site.hits.clear()
        report = poll(engine, client, feed)
        assert (report.new, report.seen) == (1, 2)
        assert [p for p in site.paths() if p.startswith("/a/")] == ["/a/3"]
        assert sources_by_url(engine) == Counter(urls)

    def test_the_same_text_under_two_urls_is_stored_once(
        self, site: Site, engine: Engine, client: PoliteClient
    ) -> None:
        site.routes["/a/1"] = Route(article_html(1))
        site.routes["/copy/1"] = Route(article_html(1))
        site.routes["/feed.xml"] = Route(
            rss([(site.url("/a/1"), "t", RSS_DATE), (site.url("/copy/1"), "t", RSS_DATE)])
        )
        report = poll(engine, client, site.url("/feed.xml"))
        assert report.outcomes == Counter(ingested=1, duplicate=1)
        assert sum(sources_by_url(engine).values()) == 1


class TestAtom:
    def test_entries_are_ingested_with_their_title_and_day(
        self, site: Site, engine: Engine, client: PoliteClient
    ) -> None:
        urls = serve_articles(site, 2)
        site.routes["/atom"] = Route(
            atom([(u, f"Atom {i}", "2025-12-02T10:00:00Z") for i, u in enumerate(urls, 1)]),
            content_type="application/atom+xml",
        )
        report = poll(engine, client, site.url("/atom"))
        assert report.outcomes == Counter(ingested=2)
        with engine.connect() as conn:
            rows = conn.execute(
                sa.select(Source.title, Source.published_at, Source.publisher)
                .where(Source.url.in_(urls))
                .order_by(Source.title)
            ).all()
        assert [tuple(r) for r in rows] == [
            ("Atom 1", date(2025, 12, 2), "Atom Wire"),
            ("Atom 2", date(2025, 12, 2), "Atom Wire"),
        ]

    def test_page_metadata_fills_what_the_entry_lacks(
        self, site: Site, engine: Engine, client: PoliteClient
    ) -> None:
        page = article_html(1, title="Page title").replace(
            b"<meta charset='utf-8'>",
            b"<meta charset='utf-8'><meta property='article:published_time' "
            b"content='2025-11-30T09:00:00Z'>",
        )
        site.routes["/a/1"] = Route(page)
        site.routes["/atom"] = Route(
            b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>W</title>"
            b"<entry><link href='/a/1'/><id>x</id></entry></feed>"
        )
        poll(engine, client, site.url("/atom"))
        with engine.connect() as conn:
            row = conn.execute(
                sa.select(Source.title, Source.published_at, Source.url).where(
                    Source.url == site.url("/a/1")
                )
            ).one()
        # trafilatura takes the headline (h1) over the <title> element.
        assert (row.title, row.published_at) == ("Story 1", date(2025, 11, 30))


class TestProblems:
    """Each bad answer lands as skipped (for good) or failed (to retry), with its reason."""

    def test_bad_answers_are_reported_and_stored_nothing(
        self, site: Site, engine: Engine, client: PoliteClient
    ) -> None:
        huge = article_html(9) + b"<p>" + b"x" * (200 * 1024) + b"</p>"
        site.routes.update(
            {
                "/robots.txt": Route(
                    b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"
                ),
                "/a/1": Route(article_html(1)),
                # Refused by its type before its body is read: not "too large".
                "/doc.pdf": Route(b"%PDF-1.4 " + b"0" * 200_000, content_type="application/pdf"),
                "/untyped": Route(article_html(7), content_type=""),
                "/slow": Route(article_html(2), delay=5),
                "/huge": Route(huge),
                "/huge-chunked": Route(huge, chunked=True),
                "/private/3": Route(article_html(3)),
                "/gone": Route(b"gone", status=410, content_type="text/plain"),
                "/error": Route(b"oops", status=503, content_type="text/plain"),
                "/empty": Route(b"<html><body><nav>Menu</nav></body></html>"),
                "/loop": Route(status=302, headers={"Location": "/loop"}),
            }
        )
        paths = [
            "/a/1",
            "/untyped",
            "/doc.pdf",
            "/slow",
            "/huge",
            "/huge-chunked",
            "/private/3",
            "/gone",
            "/error",
            "/empty",
            "/loop",
        ]
        site.routes["/feed.xml"] = Route(rss([(site.url(p), p, RSS_DATE) for p in paths]))
        report = poll(engine, client, site.url("/feed.xml"))
        reasons = {p["url"].removeprefix(site.base): p["reason"] for p in report.problems}
        assert reasons == {
            "/doc.pdf": "not HTML: application/pdf",
            "/slow": "timed out after 2s",
            "/huge": f"too large: {len(huge)} bytes > 65536",
            "/huge-chunked": "too large: over 65536 bytes",
            "/private/3": "disallowed by robots.txt",
            "/gone": "HTTP 410",
            "/error": "HTTP 503",
            "/empty": "no main text found in the page",
            "/loop": "more than 5 redirects",
        }
        states = {u.removeprefix(site.base): s for u, s in item_states(engine).items()}
        assert states == {
            "/a/1": "ingested",
            "/untyped": "ingested",
            "/slow": "failed",
            "/error": "failed",
            **{p: "skipped" for p in reasons if p not in ("/slow", "/error")},
        }
        assert "/private/3" not in site.paths()
        assert sources_by_url(engine) == Counter([site.url("/a/1"), site.url("/untyped")])
        assert report.to_json()["reasons"]["too large"] == 2

    def test_failed_items_are_retried_and_skipped_ones_are_not(
        self, site: Site, engine: Engine, client: PoliteClient
    ) -> None:
        site.routes["/error"] = Route(b"oops", status=503, content_type="text/plain")
        site.routes["/doc.pdf"] = Route(b"%PDF", content_type="application/pdf")
        feed = site.url("/feed.xml")
        site.routes["/feed.xml"] = Route(
            rss([(site.url("/error"), "e", RSS_DATE), (site.url("/doc.pdf"), "d", RSS_DATE)])
        )
        poll(engine, client, feed)
        site.routes["/error"] = Route(article_html(5))
        site.hits.clear()
        report = poll(engine, client, feed)
        assert report.outcomes == Counter(ingested=1)
        assert "/doc.pdf" not in site.paths()
        assert sources_by_url(engine) == Counter([site.url("/error")])

    def test_a_feed_that_is_not_a_feed_is_a_feed_failure(
        self, site: Site, engine: Engine, client: PoliteClient
    ) -> None:
        site.routes["/page"] = Route(b"<html><body>hello</body></html>")
        report = poll(engine, client, site.url("/page"), site.url("/missing.xml"))
        assert report.to_json()["feed_failures"] == [
            {"feed": site.url("/page"), "reason": report.feed_failures[0]["reason"]},
            {"feed": site.url("/missing.xml"), "reason": "HTTP 404"},
        ]
        assert report.feed_failures[0]["reason"].startswith("not an RSS or Atom feed")


class TestPoliteness:
    def test_requests_to_one_host_are_spaced_by_the_delay(self, site: Site, engine: Engine) -> None:
        urls = serve_articles(site, 2)
        site.routes["/feed.xml"] = Route(rss([(u, "t", RSS_DATE) for u in urls]))
        polite = PoliteClient(Politeness(per_host_delay=0.3, timeout=2))
        try:
            poll(engine, polite, site.url("/feed.xml"))
        finally:
            polite.close()
        assert site.paths() == ["/robots.txt", "/feed.xml", "/a/1", "/a/2"]
        gaps = [b.at - a.at for a, b in zip(site.hits, site.hits[1:], strict=False)]
        assert min(gaps) >= 0.28

    def test_a_crawl_delay_longer_than_ours_wins(self, site: Site, engine: Engine) -> None:
        site.routes["/robots.txt"] = Route(
            b"User-agent: faultline\nCrawl-delay: 1\n", content_type="text/plain"
        )
        site.routes["/feed.xml"] = Route(rss([]))
        polite = PoliteClient(Politeness(per_host_delay=0, timeout=2))
        try:
            poll(engine, polite, site.url("/feed.xml"))
            polite.get(site.url("/feed.xml"))
        finally:
            polite.close()
        assert site.hits[-1].at - site.hits[-2].at >= 0.98  # robotparser reads whole seconds

    def test_the_user_agent_names_faultline(
        self, site: Site, engine: Engine, client: PoliteClient
    ) -> None:
        site.routes["/feed.xml"] = Route(rss([]))
        poll(engine, client, site.url("/feed.xml"))
        assert site.hits[0].headers["User-Agent"].startswith("faultline/")


class TestResume:
    def test_a_run_killed_half_way_resumes_without_doubling(
        self, site: Site, engine: Engine, client: PoliteClient
    ) -> None:
        urls = serve_articles(site, 6)
        site.routes["/feed.xml"] = Route(rss([(u, "t", RSS_DATE) for u in urls]), etag='"e"')
        calls = 0

        def dies_on_the_fourth(**kwargs: Any) -> IngestResult:
            nonlocal calls
            calls += 1
            if calls == 4:
                raise KeyboardInterrupt  # as a kill lands between two items
            return ingest_source(**kwargs)

        with pytest.raises(KeyboardInterrupt):
            poll(engine, client, site.url("/feed.xml"), ingest=dies_on_the_fourth)
        assert sum(sources_by_url(engine).values()) == 3
        # The feed answers 304 now: the items left pending are fetched all the same.
        report = poll(engine, client, site.url("/feed.xml"))
        assert report.not_modified == 1
        assert report.outcomes == Counter(ingested=3)
        assert sources_by_url(engine) == Counter(urls)
        assert set(item_states(engine).values()) == {"ingested"}
