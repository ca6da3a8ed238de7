"""The schema comes only from the migrations, and the migrations match the models."""

from __future__ import annotations

import threading

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect
from sqlmodel import SQLModel

import app.models  # noqa: F401
from app.config import Settings
from app.store.db import make_engine
from app.store.migrate import alembic_config, current_revision, head_revision, upgrade_to_head

# Search structures the models cannot declare (migration ``search_and_span_bound``): SQLite's
# FTS5 virtual table and its shadow tables, and PostgreSQL's pg_trgm GIN indexes (one per column
# until migration ``one_search_index_on_postgres``, then one over the search body).
SEARCH_OBJECTS = {
    "event_search",
    "event_search_data",
    "event_search_idx",
    "event_search_config",
    "event_search_docsize",
    "event_search_content",
    "ix_event_summary_trgm",
    "ix_event_quote_trgm",
    "ix_event_quote_restored_trgm",
    "ix_event_search_trgm",
}


def _is_search_object(diff: object) -> bool:
    if isinstance(diff, tuple) and diff and diff[0] in ("remove_table", "remove_index"):
        return getattr(diff[1], "name", None) in SEARCH_OBJECTS
    return False


def _drift(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diffs = compare_metadata(context, SQLModel.metadata)
        return [d for d in diffs if not _is_search_object(d)]


def test_migrated_schema_equals_the_models(engine: Engine) -> None:
    assert current_revision(engine) == head_revision()
    assert _drift(engine) == []


def test_downgrade_to_base_and_upgrade_again(engine: Engine) -> None:
    cfg = alembic_config(engine)
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade_to_head(engine)
    assert current_revision(engine) == head_revision()
    assert _drift(engine) == []


def test_constraints_live_in_the_database(engine: Engine) -> None:
    checks = {c["name"] for c in inspect(engine).get_check_constraints("event")}
    assert {"ck_event_low_le_best", "ck_event_date_order", "ck_event_span_order"} <= checks
    assert inspect(engine).get_unique_constraints("source")[0]["column_names"] == ["content_sha256"]
    foreign = {fk["referred_table"] for fk in inspect(engine).get_foreign_keys("event")}
    assert foreign == {"source", "actor", "location"}


def test_workers_starting_together_migrate_once(engine: Engine, settings: Settings) -> None:
    """uvicorn workers (or instances) all migrate on start: one runs the DDL, the rest wait."""
    cfg = alembic_config(engine)
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "base")
    engines = [make_engine(settings) for _ in range(3)]
    start_together = threading.Barrier(len(engines))
    errors: list[BaseException] = []

    def start(worker_engine: Engine) -> None:
        start_together.wait()
        try:
            upgrade_to_head(worker_engine)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=start, args=(e,)) for e in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    for worker_engine in engines:
        worker_engine.dispose()
    assert errors == []
    assert current_revision(engine) == head_revision()
    assert _drift(engine) == []
