"""Watched feeds and their items travel with a JSON Lines export: a restore re-fetches nothing."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from app.config import Settings
from app.feeds import service
from app.feeds.parse import FeedEntry
from app.store.backup import export_lines, import_jsonl
from app.store.db import make_engine
from app.store.migrate import upgrade_to_head


def test_feeds_and_items_round_trip(engine: Engine, tmp_path: Path) -> None:
    (feed,) = service.ensure_feeds(engine=engine, urls=["https://example.org/rss"])
    entries = [FeedEntry(f"https://example.org/a/{n}", None, f"t{n}", None) for n in range(2)]
    service.record_poll(engine=engine, feed_id=feed.id, entries=entries, status=200, etag='"x"')
    export = list(export_lines(engine))
    target = make_engine(Settings(database_url=f"sqlite:///{tmp_path / 'restored.db'}"))
    try:
        upgrade_to_head(target)
        report = import_jsonl(target, export)
        assert (report.inserted["feed"], report.inserted["feed_item"]) == (1, 2)
        assert list(export_lines(target))[1:] == export[1:]
        assert [i.url for i in service.items_to_fetch(engine=target, feed_id=feed.id)] == [
            e.url for e in entries
        ]
    finally:
        target.dispose()
