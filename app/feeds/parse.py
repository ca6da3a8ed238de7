"""Reading a feed's entries and an article page's main text; pure functions, no I/O."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import feedparser
import trafilatura

from app.sources.urls import is_web_url

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TITLE_MAX = 500
#: Fewer characters of main text than this is a page with no article (a paywall, a video).
MIN_TEXT_CHARS = 80


@dataclass(frozen=True)
class FeedEntry:
    url: str
    guid: str | None
    title: str | None
    published_at: date | None


@dataclass(frozen=True)
class ParsedFeed:
    title: str | None
    entries: list[FeedEntry]
    problems: list[str]  # entries left out, with why


class NotAFeed(ValueError):
    """Bytes that hold no RSS or Atom feed."""


def parse_feed(body: bytes, *, url: str, content_type: str = "") -> ParsedFeed:
    """The entries of an RSS 0.9x/1.0/2.0 or Atom feed, links made absolute, fragments dropped.

    feedparser reads broken feeds too (its ``bozo`` flag); only bytes with neither a feed
    element nor an entry are refused. The bytes go in as a stream so feedparser never treats
    them as a URL or a path to open.
    """
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed: Any = feedparser.parse(io.BytesIO(body), response_headers=headers)
    if not parsed.entries and not parsed.feed.get("title") and parsed.get("version", "") == "":
        raise NotAFeed(f"not an RSS or Atom feed ({parsed.get('bozo_exception') or 'no entries'})")
    entries, problems, seen = [], [], set()
    for entry in parsed.entries:
        link = entry.get("link") or (entry.get("id") if entry.get("guidislink") else None)
        if not link:
            problems.append(f"entry without a link: {entry.get('title', '')[:80]!r}")
            continue
        item_url = canonical_url(urljoin(url, link.strip()))
        if not is_web_url(item_url) or len(item_url) > 2000:
            problems.append(f"entry link is not an http(s) URL: {link[:200]!r}")
            continue
        if item_url in seen:
            continue
        seen.add(item_url)
        entries.append(
            FeedEntry(
                url=item_url,
                guid=_clip(entry.get("id"), 2000),
                title=_clip(_one_line(entry.get("title")), TITLE_MAX),
                published_at=_entry_day(entry),
            )
        )
    return ParsedFeed(_clip(_one_line(parsed.feed.get("title")), TITLE_MAX), entries, problems)


def canonical_url(url: str) -> str:
    """``url`` without its fragment, scheme and host lower-cased: the key an item is seen by."""
    parts = urlsplit(url)
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, "")
    )


def _entry_day(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime(*tuple(value)[:6]).replace(tzinfo=UTC).date()
            except (TypeError, ValueError):
                continue
    return None


def _one_line(text: str | None) -> str | None:
    if not text:
        return None
    return " ".join(text.split()) or None


def _clip(text: str | None, limit: int) -> str | None:
    if text is None:
        return None
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Article:
    text: str
    title: str | None
    published_at: date | None
    sitename: str | None


class NoArticle(ValueError):
    """A page in which the extractor found no main text worth coding."""


def extract_article(html: bytes | str, *, url: str) -> Article:
    """The page's main text (trafilatura: boilerplate, menus and comments left out) and metadata.

    Broken HTML is the normal case on the web; lxml's recovering parser reads what it can.
    """
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False
        )
    except (ValueError, TypeError) as exc:  # a page lxml cannot build a tree of at all
        raise NoArticle(f"unreadable HTML: {exc}"[:300]) from None
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or len(text.strip()) < MIN_TEXT_CHARS:
        raise NoArticle("no main text found in the page")
    return Article(
        text=text.strip(),
        title=_clip(_one_line(getattr(doc, "title", None)), TITLE_MAX),
        published_at=_page_day(getattr(doc, "date", None)),
        sitename=_clip(_one_line(getattr(doc, "sitename", None)), 200),
    )


def _page_day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None
