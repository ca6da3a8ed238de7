"""A small synthetic SQLite corpus for the benchmark scripts' smoke tests."""

from __future__ import annotations

from pathlib import Path

from app.config import Settings
from app.corpus.synth import derived_drift, load
from app.store.db import make_engine
from app.store.migrate import upgrade_to_head


def synthetic_sqlite(path: Path, rows: int, seed: int) -> Path:
    """A migrated SQLite file at ``path`` holding ``rows`` synthetic events (and no seed),
    its rollups checked exact."""
    engine = make_engine(Settings(database_url=f"sqlite:///{path}"))
    try:
        upgrade_to_head(engine)
        assert load(engine, rows, seed=seed, progress=False) == rows
        assert derived_drift(engine) == []
    finally:
        engine.dispose()
    return path
