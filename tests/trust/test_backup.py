"""``faultline backup``, ``faultline export`` and ``faultline import jsonl``: nothing lost."""

from __future__ import annotations

import argparse
import io
import json
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.cli.backup import cmd_backup, cmd_export, cmd_import_jsonl
from app.config import Settings
from app.models import Deletion
from app.models.common import utcnow
from app.store.backup import BackupError, export_jsonl, import_jsonl
from app.store.db import make_engine, write_session
from app.store.migrate import upgrade_to_head
from tests.conftest import USE_POSTGRES
from tests.factories import make_events

ARTICLE = (
    "Russian forces struck Kharkiv with drones on Tuesday, killing at least three people, "
    "regional officials said.\nPublished On 3 Mar 2026"
)


@pytest.fixture
def rich_database(engine: Engine, client: TestClient, auth: dict[str, str]) -> Engine:
    """Seed (curated) + factory (extracted) + an ingested article + a tombstone."""
    make_events(engine, 30, seed=11)
    assert client.post("/v1/sources", json={"text": ARTICLE}, headers=auth).status_code == 201
    with write_session(engine) as session, session.begin():
        session.add(Deletion(id="evt_01KDELETED000000000000000", deleted_at=utcnow()))
    return engine


def _fresh_sqlite(path: Path) -> Engine:
    engine = make_engine(Settings(database_url=f"sqlite:///{path}"))
    upgrade_to_head(engine)
    return engine


def _export(engine: Engine) -> str:
    out = io.StringIO()
    export_jsonl(engine, out)
    return out.getvalue()


def test_export_import_export_is_byte_identical(rich_database: Engine, tmp_path: Path) -> None:
    first = _export(rich_database)
    target = _fresh_sqlite(tmp_path / "restored.db")
    report = import_jsonl(target, io.StringIO(first))
    second = _export(target)
    target.dispose()
    assert second == first
    rows = [json.loads(line) for line in first.splitlines()[1:]]
    tables = {r["table"] for r in rows}
    assert tables == {"actor", "location", "source", "event", "deletion"}
    assert report.inserted["event"] == sum(r["table"] == "event" for r in rows)
    origins = {r["row"]["origin"] for r in rows if r["table"] == "event"}
    assert {"curated", "extracted"} <= origins
    # Timestamps keep their microseconds and say UTC.
    stamp = next(r["row"]["created_at"] for r in rows if r["table"] == "event")
    assert stamp.endswith("Z") and "." in stamp


def test_the_restored_api_answers_the_same(
    rich_database: Engine, client: TestClient, tmp_path: Path
) -> None:
    from app.main import create_app

    target = _fresh_sqlite(tmp_path / "restored.db")
    import_jsonl(target, io.StringIO(_export(rich_database)))
    target.dispose()
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'restored.db'}", seed_on_start=False)
    with TestClient(create_app(settings)) as restored:
        for path in ("/v1/events?limit=1000", "/v1/sources?limit=1000", "/v1/stats/facets"):
            assert restored.get(path).json() == client.get(path).json(), path


def test_import_twice_adds_nothing(rich_database: Engine, tmp_path: Path) -> None:
    dump = _export(rich_database)
    target = _fresh_sqlite(tmp_path / "restored.db")
    import_jsonl(target, io.StringIO(dump))
    again = import_jsonl(target, io.StringIO(dump))
    assert sum(again.inserted.values()) == 0
    assert sum(again.present.values()) == len(dump.splitlines()) - 1
    assert _export(target) == dump


def test_a_contradicting_row_imports_nothing(rich_database: Engine, tmp_path: Path) -> None:
    lines = _export(rich_database).splitlines(keepends=True)
    source = next(i for i, line in enumerate(lines) if '"table":"source"' in line)
    clash = json.loads(lines[source])
    clash["row"]["id"] = "src_01KCLASH00000000000000000"  # same text, another id
    lines.append(json.dumps(clash) + "\n")
    target = _fresh_sqlite(tmp_path / "restored.db")
    with pytest.raises(BackupError, match="contradicts"):
        import_jsonl(target, io.StringIO("".join(lines)))
    with target.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM event")).scalar_one() == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no export header"),
        ('{"format": "other"}\n', "not a faultline-jsonl"),
        ('{"format": "faultline-jsonl", "version": 1}\nnot json\n', "line 2: not JSON"),
        ('{"format": "faultline-jsonl", "version": 1}\n{"table": "user", "row": {}}\n', "line 2"),
        (
            '{"format": "faultline-jsonl", "version": 1}\n'
            '{"table": "actor", "row": {"id": "x", "password": 1}}\n',
            "unknown actor column",
        ),
    ],
)
def test_bad_files_are_refused(tmp_path: Path, text: str, message: str) -> None:
    target = _fresh_sqlite(tmp_path / "restored.db")
    with pytest.raises(BackupError, match=message):
        import_jsonl(target, io.StringIO(text))


def test_cli_round_trip(
    rich_database: Engine, settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dump = tmp_path / "dump.jsonl"
    assert cmd_export(settings, argparse.Namespace(path=str(dump))) == 0
    restored = Settings(database_url=f"sqlite:///{tmp_path / 'restored.db'}")
    assert cmd_import_jsonl(restored, argparse.Namespace(file=str(dump))) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["inserted"]["source"] >= 3
    again = tmp_path / "again.jsonl"
    assert cmd_export(restored, argparse.Namespace(path=str(again))) == 0
    assert again.read_bytes() == dump.read_bytes()


@pytest.mark.skipif(USE_POSTGRES, reason="the SQLite online backup needs a SQLite database")
def test_backup_is_a_consistent_standalone_copy(
    rich_database: Engine, settings: Settings, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.db"
    assert cmd_backup(settings, argparse.Namespace(path=str(copy))) == 0
    assert not copy.with_name("copy.db.partial").exists()
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        copied = conn.execute("SELECT count(*) FROM event").fetchone()[0]
    finally:
        conn.close()
    with rich_database.connect() as live:
        assert live.execute(sa.text("SELECT count(*) FROM event")).scalar_one() == copied
    restored = make_engine(Settings(database_url=f"sqlite:///{copy}"))
    assert _export(restored) == _export(rich_database)
    restored.dispose()


def test_backup_of_postgresql_gives_pg_dump_guidance(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings(database_url="postgresql://u:secret@db.example/faultline")
    assert cmd_backup(settings, argparse.Namespace(path=str(tmp_path / "x"))) == 2
    err = capsys.readouterr().err
    assert "pg_dump" in err and "secret" not in err
    assert not (tmp_path / "x").exists()


def test_every_table_is_exported_or_derived() -> None:
    from sqlmodel import SQLModel

    from app.store.backup import DERIVED_TABLE_NAMES, TABLE_NAMES

    assert set(SQLModel.metadata.tables) - DERIVED_TABLE_NAMES == set(TABLE_NAMES)
