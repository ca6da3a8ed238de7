"""All feed SQL: the watched feeds, the items seen in them, and where each item stands.

Each function is one short transaction, so a run killed at any point leaves a consistent
state: a feed's new items are recorded together with its new ETag (never the ETag without the
items), and an item stays ``pending`` until the outcome of its page is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.api.errors import NotFound
from app.api.pagination import PageParams, id_keyset_page
from app.feeds.parse import FeedEntry
from app.models import Feed, FeedItem, ItemStatus
from app.models.common import new_id, utcnow
from app.store.db import insert_ignoring_duplicates, write_session

#: A transiently failing item is tried on this many runs, then left as ``failed``.
MAX_ATTEMPTS = 3


def ensure_feeds(*, engine: Engine, urls: Sequence[str]) -> list[Feed]:
    """The feeds of ``urls`` in that order, added to the watched list when new."""
    now = utcnow()
    rows = [
        {"id": new_id("feed"), "url": u, "created_at": now, "updated_at": now}
        for u in dict.fromkeys(urls)
    ]
    with write_session(engine) as session, session.begin():
        insert_ignoring_duplicates(session, Feed, rows)
    with Session(engine) as session:
        found = session.exec(select(Feed).where(col(Feed.url).in_(list(urls))))
        by_url = {feed.url: feed for feed in found}
        session.expunge_all()
    return [by_url[u] for u in dict.fromkeys(urls)]


def list_feeds(*, engine: Engine) -> list[Feed]:
    with Session(engine) as session:
        feeds = list(session.exec(select(Feed).order_by(col(Feed.id))))
        session.expunge_all()
    return feeds


def record_poll(
    *,
    engine: Engine,
    feed_id: str,
    entries: Sequence[FeedEntry],
    status: int | None,
    error: str | None = None,
    title: str | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
) -> int:
    """Store a poll's outcome and its entries not seen before (as ``pending``); the count new.

    The validators are replaced only by a 200 that carried the entries stored with them.
    """
    now = utcnow()
    with write_session(engine) as session, session.begin():
        urls = [e.url for e in entries]
        known: set[str] = set()
        for start in range(0, len(urls), 500):
            chunk = urls[start : start + 500]
            query = sa.select(col(FeedItem.url)).where(col(FeedItem.url).in_(chunk))
            known.update(session.execute(query).scalars())
        fresh = [
            {
                "id": new_id("fitem"),
                "feed_id": feed_id,
                "url": e.url,
                "guid": e.guid,
                "title": e.title,
                "published_at": e.published_at,
                "status": ItemStatus.pending.value,
                "attempts": 0,
                "created_at": now,
                "updated_at": now,
            }
            for e in entries
            if e.url not in known
        ]
        insert_ignoring_duplicates(session, FeedItem, fresh)
        values: dict[str, object] = {
            "last_polled_at": now,
            "last_status": status,
            "last_error": error[:500] if error else None,
            "updated_at": now,
        }
        if status == 200:
            values.update(etag=etag, last_modified=last_modified)
            if title:
                values["title"] = title
        session.execute(sa.update(Feed).where(col(Feed.id) == feed_id).values(**values))
    return len(fresh)


def items_to_fetch(*, engine: Engine, feed_id: str) -> list[FeedItem]:
    """The feed's items to fetch: pending ones, and failed ones with tries left; oldest first."""
    retry = sa.and_(
        col(FeedItem.status) == ItemStatus.failed.value, col(FeedItem.attempts) < MAX_ATTEMPTS
    )
    query = (
        select(FeedItem)
        .where(col(FeedItem.feed_id) == feed_id)
        .where(sa.or_(col(FeedItem.status) == ItemStatus.pending.value, retry))
        .order_by(col(FeedItem.id))
    )
    with Session(engine) as session:
        items = list(session.exec(query))
        session.expunge_all()
    return items


def mark_item(
    *,
    engine: Engine,
    item_id: str,
    status: ItemStatus,
    reason: str | None = None,
    source_id: str | None = None,
) -> None:
    """Write where an item now stands; a failure counts as one more attempt."""
    values: dict[str, object] = {
        "status": status.value,
        "reason": reason[:500] if reason else None,
        "source_id": source_id,
        "updated_at": utcnow(),
    }
    if status is ItemStatus.failed:
        values["attempts"] = col(FeedItem.attempts) + 1
    with write_session(engine) as session, session.begin():
        session.execute(sa.update(FeedItem).where(col(FeedItem.id) == item_id).values(**values))


_ITEM_STATES = tuple(s.value for s in ItemStatus)


def _feeds_query() -> Any:
    counts = (
        sa.select(
            col(FeedItem.feed_id).label("feed_id"),
            *(
                sa.func.count().filter(col(FeedItem.status) == state).label(state)
                for state in _ITEM_STATES
            ),
        )
        .group_by(col(FeedItem.feed_id))
        .subquery()
    )
    return sa.select(
        col(Feed.id).label("id"),
        col(Feed.url),
        col(Feed.title),
        col(Feed.last_polled_at),
        col(Feed.last_status),
        col(Feed.last_error),
        col(Feed.created_at),
        col(Feed.updated_at),
        *(sa.func.coalesce(counts.c[state], 0).label(state) for state in _ITEM_STATES),
    ).outerjoin(counts, counts.c.feed_id == col(Feed.id))


def _public(row: Any) -> dict[str, Any]:
    """A feed row in the API shape; SQLite hands timestamps back naive, and they are UTC."""
    out = dict(row._mapping)
    out["items"] = {state: out.pop(state) for state in _ITEM_STATES}
    for key in ("created_at", "updated_at", "last_polled_at"):
        if out[key] is not None and out[key].tzinfo is None:
            out[key] = out[key].replace(tzinfo=UTC)
    return out


def list_feeds_page(
    *, session: Session, page: PageParams
) -> tuple[list[dict[str, Any]], str | None, int | None]:
    """Watched feeds in the order they were added."""
    rows, cursor, total = id_keyset_page(
        session, _feeds_query(), col(Feed.id), sort="id", params=page
    )
    return [_public(r) for r in rows], cursor, total


def get_feed_or_raise(*, session: Session, feed_id: str) -> dict[str, Any]:
    row = session.execute(_feeds_query().where(col(Feed.id) == feed_id)).first()
    if row is None:
        raise NotFound(f"No feed with id {feed_id!r}.")
    return _public(row)


def add_feed(*, engine: Engine, url: str) -> tuple[dict[str, Any], bool]:
    """The feed of ``url``, added when new; whether it was (``True``) or already watched."""
    with Session(engine) as session:
        existing = session.exec(select(Feed.id).where(col(Feed.url) == url)).first()
    (feed,) = ensure_feeds(engine=engine, urls=[url])
    with Session(engine) as session:
        return get_feed_or_raise(session=session, feed_id=feed.id), existing is None


def delete_feed(*, engine: Engine, feed_id: str) -> None:
    """Stop watching a feed and forget its items (their stored sources stay)."""
    with write_session(engine) as session, session.begin():
        if session.get(Feed, feed_id) is None:
            raise NotFound(f"No feed with id {feed_id!r}.")
        # Explicit rather than left to ON DELETE CASCADE, which SQLite honours only with its
        # foreign_keys pragma on.
        session.execute(sa.delete(FeedItem).where(col(FeedItem.feed_id) == feed_id))
        session.execute(sa.delete(Feed).where(col(Feed.id) == feed_id))
