"""Run the Alembic migrations from code: the only way the schema is created."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic config on the repo's ``migrations/``, bound to ``engine`` when given."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def upgrade_to_head(engine: Engine) -> None:
    """Migrate the database behind ``engine`` to the latest revision.

    Under the write lock (SQLite's ``BEGIN IMMEDIATE``, PostgreSQL's advisory lock;
    ``app.store.db``): uvicorn workers and instances behind a load balancer all migrate on start,
    and without it two of them read the same old revision and both run its DDL. With it, the
    later ones wait, then find the database at head and do nothing.
    """
    cfg = alembic_config(engine)
    with engine.execution_options(faultline_write=True).begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def new_revision(engine: Engine, message: str) -> None:
    """Autogenerate a revision from the models' difference with the database (development)."""
    cfg = alembic_config(engine)
    cfg.set_main_option("file_template", "%%(year)d-%%(month).2d-%%(day).2d_%%(slug)s")
    command.revision(cfg, message=message, autogenerate=True)
