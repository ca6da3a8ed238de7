"""The synthetic corpus and the rollups the triggers keep: deterministic, exact after writes."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import Engine

from app.synth import EVENT_COLUMNS, build_world, derived_drift, generate, load
from app.taxonomy import EVENT_TYPE_SLUGS
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
