"""Concurrent ingests through the service, on the suite's database (SQLite or PostgreSQL)."""

from __future__ import annotations

import threading

from sqlalchemy import Engine

from app.sources.schemas import SourceCreate
from app.sources.service import ingest_source
from tests.trust.test_faults import article


def test_concurrent_ingests_all_succeed_exactly_once(engine: Engine) -> None:
    """On PostgreSQL the rollup triggers make concurrent ingests deadlock now and then; the
    service retries the victim, so no caller sees an error and nothing is stored twice."""
    failures: list[str] = []
    created: list[str] = []
    lock = threading.Lock()

    def ingest(worker: int) -> None:
        for i in range(20):
            # Workers overlap on half of their texts: same-text races end in one row.
            number = 7000 + (i if i % 2 else worker * 100 + i)
            try:
                result = ingest_source(engine=engine, payload=SourceCreate(text=article(number)))
            except Exception as exc:
                failures.append(f"{type(exc).__name__}: {str(exc)[:200]}")
                continue
            if result.created:
                with lock:
                    created.append(result.source["id"])

    threads = [threading.Thread(target=ingest, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    assert len(created) == len(set(created)) == 10 + 4 * 10
