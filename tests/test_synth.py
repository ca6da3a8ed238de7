"""The synthetic corpus and the rollups the triggers keep: deterministic, exact after writes."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine

from app.config import Settings
from app.corpus import synth
from app.corpus.synth import (
    EVENT_COLUMNS,
    build_world,
    derived_drift,
    generate,
    load,
    rebuild_search,
)
from app.main import create_app
from app.reference.taxonomy import EVENT_TYPE_SLUGS
from app.store.db import make_engine
from app.store.migrate import upgrade_to_head
from tests.conftest import USE_POSTGRES
from tests.factories import make_events


def test_same_seed_same_rows() -> None:
    world = build_world()
    first = list(generate(300, 5, world=world))
    assert first == list(generate(300, 5, world=world))
    assert first != list(generate(300, 6, world=world))


def test_quotes_slice_their_source_and_every_type_occurs() -> None:
    start, end, quote = (EVENT_COLUMNS.index(c) for c in ("char_start", "char_end", "quote"))
    types = set()
    for source, events in generate(5000, 1, world=build_world()):
        raw = source[6]
        for e in events:
            assert raw[e[start] : e[end]] == e[quote]
            types.add(e[EVENT_COLUMNS.index("type")])
    assert types == set(EVENT_TYPE_SLUGS)


def test_bulk_load_keeps_the_rollups_exact(engine: Engine) -> None:
    assert load(engine, 3000, seed=2, chunk=1000, progress=False) == 3000
    assert derived_drift(engine) == []
    # A second load into a non-empty table takes the incremental path.
    assert load(engine, 500, seed=9, progress=False) == 500
    assert derived_drift(engine) == []
    with engine.connect() as conn:
        triggers = conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
            if conn.dialect.name == "sqlite"
            else "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal"
        ).scalar_one()
    assert triggers >= 3


def test_triggers_follow_every_write(engine: Engine) -> None:
    source_id = make_events(engine, 60, seed=4)
    assert derived_drift(engine) == []
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "UPDATE event SET type = 'attack', date_start = NULL, date_end = NULL "
                "WHERE id IN (SELECT id FROM event WHERE source_id = :s LIMIT 10)"
            ),
            {"s": source_id},
        )
        conn.exec_driver_sql("UPDATE actor SET country = 'FRA' WHERE id = 'russia'")
        conn.exec_driver_sql("UPDATE location SET country = NULL WHERE id = 'kharkiv-ukr'")
    assert derived_drift(engine) == []
    with engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM source WHERE id = :s"), {"s": source_id})
    assert derived_drift(engine) == []


@pytest.mark.skipif(USE_POSTGRES, reason="the side file is SQLite's bulk path")
@pytest.mark.parametrize("fork", [False, True], ids=["in-process", "forked"])
def test_fresh_load_builds_search_and_rollups_on_the_side(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fork: bool
) -> None:
    """A load into an empty database swaps in the search index the generator built aside.

    The swapped index must answer exactly as one built from the stored events would, on this
    engine's pooled connections too, and leave no scratch file behind.
    """
    if fork:
        monkeypatch.setattr(synth, "FORK_ABOVE", 0)
    engine = make_engine(Settings(database_url=f"sqlite:///{tmp_path / 'fresh.db'}"))
    upgrade_to_head(engine)
    assert load(engine, 2500, seed=3, chunk=700, progress=False) == 2500
    assert derived_drift(engine) == []
    queries = ['"rea"', '"act" AND "tor"', '"kyi"', '"ill" AND "led"', '"zzz"']
    with engine.connect() as conn:
        swapped = {q: _matches(conn, q) for q in queries}
        conn.exec_driver_sql("INSERT INTO event_search (event_search) VALUES ('integrity-check')")
        conn.rollback()
        with conn.begin() as transaction:
            rebuild_search(conn)
            rebuilt = {q: _matches(conn, q) for q in queries}
            transaction.rollback()
    assert swapped == rebuilt
    assert swapped['"rea"'] and not swapped['"zzz"']
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".synth")] == []
    # The same engine's first search sees the new index (no connection kept the empty one).
    client = TestClient(create_app(Settings(database_url=str(engine.url))))
    with client:
        body = client.get("/v1/events", params={"q": "reactor", "limit": 1}).json()
    with engine.connect() as conn:
        expected = conn.exec_driver_sql(
            "SELECT count(*) FROM event WHERE summary LIKE '%reactor%' OR quote LIKE '%reactor%'"
        ).scalar_one()
    assert body["meta"]["total"] == expected > 0
    engine.dispose()


def _matches(conn: Connection, query: str) -> list[int]:
    return [
        r[0]
        for r in conn.exec_driver_sql(
            "SELECT rowid FROM event_search WHERE event_search MATCH ? ORDER BY rowid", (query,)
        )
    ]
