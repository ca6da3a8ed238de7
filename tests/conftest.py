"""Fixtures: a fresh database per test, built by the real migrations, on SQLite or PostgreSQL.

SQLite (default): the migrated and seeded database is built once per session and copied for
each test. PostgreSQL (``FAULTLINE_TEST_DATABASE=postgresql`` with ``TEST_POSTGRES_URL``): a
throwaway database is created per session and emptied and reseeded before each test.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from app.config import Settings
from app.main import create_app
from app.sources.seed import load_seed
from app.store.db import make_engine
from app.store.migrate import upgrade_to_head

API_KEY = "test-key-0123456789"
USE_POSTGRES = os.environ.get("FAULTLINE_TEST_DATABASE") == "postgresql"
# Hundreds of apps start in one test process: freezing each one's start-up objects out of the
# garbage collector would keep every earlier test's garbage alive (tests/test_http.py checks
# the tuning itself).
os.environ.setdefault("FAULTLINE_GC_TUNING", "false")
TABLES = ("feed_item", "feed", "event", "deletion", "actor", "location", "source")


def _admin_url() -> str:
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url:
        pytest.exit("FAULTLINE_TEST_DATABASE=postgresql needs TEST_POSTGRES_URL", returncode=2)
    return Settings(database_url=url).database_url


@pytest.fixture(scope="session")
def database_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated, seeded database: a file (SQLite) or a database name (PostgreSQL)."""
    if not USE_POSTGRES:
        path = tmp_path_factory.mktemp("template") / "faultline.db"
        engine = make_engine(Settings(database_url=f"sqlite:///{path}"))
        upgrade_to_head(engine)
        load_seed(engine)
        engine.dispose()
        yield str(path)
        return
    admin = sa.create_engine(_admin_url(), isolation_level="AUTOCOMMIT")
    name = f"faultline_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = make_url(_admin_url()).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(Settings(database_url=url))
    upgrade_to_head(engine)
    engine.dispose()
    yield url
    with admin.connect() as conn:
        try:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        except sa.exc.ProgrammingError:  # a role that may not end others' sessions
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
    admin.dispose()


@pytest.fixture
def database_url(database_template: str, tmp_path: Path) -> str:
    """A database holding exactly the migrated schema and the seed, private to the test."""
    if not USE_POSTGRES:
        target = tmp_path / "faultline.db"
        shutil.copyfile(database_template, target)
        return f"sqlite:///{target}"
    engine = make_engine(Settings(database_url=database_template))
    with engine.begin() as conn:
        conn.exec_driver_sql(f"TRUNCATE {', '.join(TABLES)} CASCADE")
    load_seed(engine)
    engine.dispose()
    return database_template


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, api_keys=(API_KEY,))


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    engine = make_engine(settings)
    yield engine
    engine.dispose()


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {API_KEY}"}
