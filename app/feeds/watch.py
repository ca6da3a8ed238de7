"""One poll of a set of feeds: fetch each feed (conditionally), then each new item's page.

An item's page goes through the same ingest as ``POST /v1/sources`` (idempotent on the text's
hash); the item is keyed by its URL (``feed_item.url``), so a second poll fetches nothing it
has seen and stores nothing twice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from pydantic import ValidationError
from sqlalchemy import Engine

from app.api.errors import FaultlineError
from app.feeds import service
from app.feeds.fetch import FetchError, PoliteClient
from app.feeds.parse import HTML_TYPES, NoArticle, NotAFeed, extract_article, parse_feed
from app.models import Feed, FeedItem, ItemStatus
from app.sources.schemas import SourceCreate
from app.sources.service import IngestResult, ingest_source
from app.sources.urls import is_web_url

Ingest = Callable[..., IngestResult]
#: Problems listed in the JSON summary; past this only the counts grow.
MAX_PROBLEMS_KEPT = 200


@dataclass
class WatchReport:
    """Counts of one poll: every item fetched lands in exactly one of the outcome counts.

    ``new``: items first seen in this poll; ``seen``: items in the feeds already known.
    ``fetched`` = ``ingested`` + ``duplicate`` + ``skipped`` + ``failed``; it counts the new
    items and those left pending or failed by an earlier run.
    """

    feeds: int = 0
    polled: int = 0
    not_modified: int = 0
    feed_failures: list[dict[str, str]] = field(default_factory=list)
    new: int = 0
    seen: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    problems: list[dict[str, str]] = field(default_factory=list)

    def add(self, status: ItemStatus, url: str, reason: str | None = None) -> None:
        self.outcomes[status.value] += 1
        if reason is not None and status in (ItemStatus.skipped, ItemStatus.failed):
            self.reasons[_reason_class(reason)] += 1
            if len(self.problems) < MAX_PROBLEMS_KEPT:
                self.problems.append({"url": url, "status": status.value, "reason": reason})

    def to_json(self) -> dict[str, Any]:
        return {
            "feeds": self.feeds,
            "polled": self.polled,
            "not_modified": self.not_modified,
            "feed_failures": self.feed_failures,
            "items": {
                "new": self.new,
                "seen": self.seen,
                "fetched": self.outcomes.total(),
                **{
                    s.value: self.outcomes[s.value]
                    for s in ItemStatus
                    if s is not ItemStatus.pending
                },
            },
            "reasons": dict(self.reasons.most_common()),
            "problems": self.problems,
        }

    def line(self) -> str:
        o = self.outcomes
        return (
            f"{self.polled}/{self.feeds} feeds polled ({self.not_modified} not modified), "
            f"{self.new} new items: {o['ingested']} ingested, {o['duplicate']} duplicate, "
            f"{o['skipped']} skipped, {o['failed']} failed"
        )


def _reason_class(reason: str) -> str:
    """``"too large: 7340032 bytes > 5242880"`` -> ``"too large"``: reasons counted by kind."""
    return reason.split(":", 1)[0]


@dataclass
class Watcher:
    """Polls feeds with one polite client, writing progress lines to ``progress`` (or not)."""

    engine: Engine
    client: PoliteClient
    progress: IO[str] | None = None
    ingest: Ingest = ingest_source

    def poll(self, feeds: Sequence[Feed]) -> WatchReport:
        report = WatchReport(feeds=len(feeds))
        for feed in feeds:
            if self._poll_feed(feed, report):
                self._fetch_items(feed, report)
        return report

    def _say(self, text: str) -> None:
        if self.progress is not None:
            self.progress.write(f"watch: {text}\n")
            self.progress.flush()

    def _poll_feed(self, feed: Feed, report: WatchReport) -> bool:
        """Fetch and record the feed; False when it could not be read at all."""
        headers = {}
        if feed.etag:
            headers["If-None-Match"] = feed.etag
        if feed.last_modified:
            headers["If-Modified-Since"] = feed.last_modified
        try:
            answer = self.client.get(feed.url, headers)
            if answer.status == 304:
                service.record_poll(engine=self.engine, feed_id=feed.id, entries=[], status=304)
                report.polled += 1
                report.not_modified += 1
                self._say(f"{feed.url}: not modified")
                return True  # items left pending by an earlier run are still fetched
            parsed = parse_feed(answer.body, url=answer.url, content_type=answer.media_type)
        except (FetchError, NotAFeed) as exc:
            reason = exc.reason if isinstance(exc, FetchError) else str(exc)
            service.record_poll(
                engine=self.engine, feed_id=feed.id, entries=[], status=None, error=reason
            )
            report.feed_failures.append({"feed": feed.url, "reason": reason})
            self._say(f"{feed.url}: feed not read: {reason}")
            return False
        new = service.record_poll(
            engine=self.engine,
            feed_id=feed.id,
            entries=parsed.entries,
            status=200,
            title=parsed.title,
            etag=answer.headers.get("etag"),
            last_modified=answer.headers.get("last-modified"),
        )
        feed.title = parsed.title or feed.title
        report.polled += 1
        report.new += new
        report.seen += len(parsed.entries) - new
        self._say(f"{feed.url}: {len(parsed.entries)} items, {new} new")
        for problem in parsed.problems:
            self._say(f"{feed.url}: {problem}")
        return True

    def _fetch_items(self, feed: Feed, report: WatchReport) -> None:
        items = service.items_to_fetch(engine=self.engine, feed_id=feed.id)
        for n, item in enumerate(items, 1):
            status, reason, source_id = self._fetch_item(feed, item)
            service.mark_item(
                engine=self.engine,
                item_id=item.id,
                status=status,
                reason=reason,
                source_id=source_id,
            )
            report.add(status, item.url, reason)
            detail = f"as {source_id}" if source_id else f"({reason})"
            self._say(f"[{n}/{len(items)}] {status.value} {item.url} {detail}")

    def _fetch_item(self, feed: Feed, item: FeedItem) -> tuple[ItemStatus, str | None, str | None]:
        try:
            answer = self.client.get(item.url, accept=_html_only)
            if answer.status == 304:
                return ItemStatus.failed, "unexpected 304 for an unconditional request", None
            if not _is_html(answer.media_type, answer.body):
                kind = answer.media_type or "no content type"
                return ItemStatus.skipped, f"not HTML: {kind}", None
            article = extract_article(answer.body, url=answer.url)
        except FetchError as exc:
            return (ItemStatus.failed if exc.retry else ItemStatus.skipped), exc.reason, None
        except NoArticle as exc:
            return ItemStatus.skipped, str(exc), None
        url = answer.url if is_web_url(answer.url) and len(answer.url) <= 2000 else item.url
        try:
            payload = SourceCreate(
                text=article.text.replace("\x00", ""),
                title=item.title or article.title,
                publisher=(feed.title or article.sitename or "")[:200] or None,
                url=url,
                published_at=item.published_at or article.published_at,
            )
            result = self.ingest(engine=self.engine, payload=payload)
        except (ValidationError, FaultlineError) as exc:
            return ItemStatus.skipped, f"not ingestible: {exc}"[:300], None
        status = ItemStatus.ingested if result.created else ItemStatus.duplicate
        reason = None if result.created else "text already stored"
        return status, reason, str(result.source["id"])


def _html_only(media_type: str) -> str | None:
    """Refuse a page by its content type before reading it (a PDF or a video, say)."""
    if not media_type or media_type in HTML_TYPES:
        return None
    return f"not HTML: {media_type}"


def _is_html(media_type: str, body: bytes) -> bool:
    """An HTML content type, or none at all and a body that starts like markup."""
    if media_type:
        return media_type in HTML_TYPES
    return body.lstrip()[:1] == b"<"
