"""Faults: SIGKILL in the middle of a bulk ingest, many writers and readers on one SQLite file,
and PostgreSQL stopped and restarted under the running app.

These bring their own databases (temporary SQLite files, a private PostgreSQL cluster), so they
run once, in the SQLite pass of the suite.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from app.pipeline.code_article import code_article
from tests.conftest import API_KEY, USE_POSTGRES
from tests.test_errors import assert_problem

pytestmark = pytest.mark.skipif(
    USE_POSTGRES, reason="runs once, in the SQLite pass (it brings its own databases)"
)
ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = [
    "Russian forces struck Kharkiv with drones on Tuesday, killing at least {n} people, regional "
    "officials said. Ukraine's president Volodymyr Zelenskyy condemned the attack.",
    "Iran's foreign minister met his Russian counterpart in Moscow on Monday to discuss {n} joint "
    "projects, state media reported.",
    "North Korea test-fired {n} ballistic missiles into the sea on Sunday, South Korea's military "
    "said.",
    "Israeli airstrikes on Gaza killed {n} people overnight, the health ministry said. Hamas "
    "condemned the strikes.",
]


def article(i: int) -> str:
    """A distinct article coded into one or two events."""
    rng = random.Random(i)
    body = " ".join(t.format(n=rng.randint(2, 90)) for t in rng.sample(TEMPLATES, 2))
    return f"{body} (Report {i}.)\nPublished On {1 + i % 27} Mar 2026\n"


def write_articles(folder: Path, count: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + count):
        path = folder / f"article-{i:05d}.txt"
        path.write_text(article(i), encoding="utf-8")
        paths.append(path)
    return paths


def faultline(db: Path, *args: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "PYTHONUNBUFFERED": "1",
        "FAULTLINE_LOG_LEVEL": "warning",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "app", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def check_whole_articles(db: Path) -> int:
    """Integrity ok; every stored article holds exactly the events the pipeline codes for it."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        sources = conn.execute("SELECT id, raw_text, published_at FROM source").fetchall()
        for source_id, raw, published in sources:
            stored = conn.execute(
                "SELECT type, char_start, char_end FROM event WHERE source_id = ? "
                "ORDER BY char_start, type",
                (source_id,),
            ).fetchall()
            when = date.fromisoformat(published) if published else None
            coded = code_article(raw, when).events
            expected = sorted((e.type, e.char_start, e.char_end) for e in coded)
            assert sorted(stored) == expected, source_id
            assert expected, "every generated article codes into events"
        return len(sources)
    finally:
        conn.close()


@pytest.mark.slow
def test_sigkill_mid_ingest_keeps_only_whole_articles(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    files = write_articles(folder, 400)
    db = tmp_path / "faultline.db"
    seen_counts = []
    for round_ in range(2):  # kill the first run, then kill the rerun too
        proc = faultline(db, "ingest", str(folder))
        assert proc.stdout is not None
        wanted = 40 + 60 * round_
        ingested = 0
        deadline = time.monotonic() + 60
        for line in proc.stdout:
            ingested += " ingested as " in line
            if ingested >= wanted or time.monotonic() > deadline:
                break
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        assert proc.returncode == -signal.SIGKILL, "the ingest finished before it was killed"
        seen_counts.append(check_whole_articles(db))
    assert 0 < seen_counts[0] < seen_counts[1] < len(files)

    rerun = faultline(db, "ingest", str(folder))
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    assert out.count(" already stored as ") >= seen_counts[1]
    assert check_whole_articles(db) == len(files)
    conn = sqlite3.connect(db)
    try:
        dupes = conn.execute(
            "SELECT count(*) FROM (SELECT content_sha256 FROM source "
            "GROUP BY content_sha256 HAVING count(*) > 1)"
        ).fetchone()
        assert dupes == (0,)
    finally:
        conn.close()


@pytest.mark.slow
def test_concurrent_writers_and_readers_on_one_sqlite_file(tmp_path: Path) -> None:
    db = tmp_path / "faultline.db"
    migrate = faultline(db, "migrate")
    assert migrate.wait(timeout=60) == 0
    folders = [tmp_path / f"batch{i}" for i in range(3)]
    total = 0
    for i, folder in enumerate(folders):
        total += len(write_articles(folder, 60, start=1000 * (i + 1)))
    # Two processes ingest the same folder (racing on the same texts), a third another one.
    writers = [faultline(db, "ingest", str(folders[0])), faultline(db, "ingest", str(folders[0]))]
    writers.append(faultline(db, "ingest", str(folders[1])))

    settings = Settings(database_url=f"sqlite:///{db}", api_keys=(API_KEY,), seed_on_start=False)
    errors: list[str] = []
    stop = threading.Event()
    auth = {"Authorization": f"Bearer {API_KEY}"}
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:

        def reader(path: str) -> None:
            while not stop.is_set():
                response = client.get(path)
                if response.status_code != 200:
                    errors.append(f"{path}: {response.status_code} {response.text[:200]}")

        def writer() -> None:
            for i in range(5000, 5060):
                response = client.post("/v1/sources", json={"text": article(i)}, headers=auth)
                if response.status_code not in (200, 201):
                    errors.append(f"POST: {response.status_code} {response.text[:200]}")

        threads = [
            threading.Thread(target=reader, args=(p,))
            for p in ("/v1/events?limit=100", "/v1/stats/timeline", "/v1/stats/facets?by=country")
        ]
        threads += [threading.Thread(target=writer) for _ in range(2)]
        for thread in threads:
            thread.start()
        outputs = []
        try:
            for proc in writers:
                outputs.append(proc.communicate(timeout=120))
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=120)
    for proc, (_out, err) in zip(writers, outputs, strict=True):
        assert proc.returncode == 0, err
        assert "locked" not in err.lower(), err
    assert errors == []
    assert check_whole_articles(db) == 120 + 60  # batch0 once, batch1, the API's own


# PostgreSQL stopped under the app -----------------------------------------------------------------

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _as_postgres(*args: str) -> list[str]:
    if os.geteuid() != 0:
        return list(args)
    return ["runuser", "-u", "postgres", "--", *args]


@pytest.fixture
def private_postgres() -> Iterator[tuple[str, Path]]:
    """A PostgreSQL cluster of our own on a free port, that the test may stop and start."""
    if not (PG_BIN / "initdb").exists():
        pytest.skip(f"no PostgreSQL server binaries in {PG_BIN}")
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root without a 'postgres' user to own a private cluster")
    # Not under pytest's tmp_path: its parents are private to root, and the server runs as postgres.
    base = Path(tempfile.mkdtemp(prefix="faultline-pg-"))
    data = base / "data"
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
    initdb = subprocess.run(
        _as_postgres(str(PG_BIN / "initdb"), "-D", str(data), "-U", "faultline", "-A", "trust"),
        capture_output=True,
        text=True,
    )
    if initdb.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        pytest.fail(f"initdb failed: {initdb.stderr}")
    port = _free_port()
    ctl = [str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(base / "log"), "-w", "-t", "30"]
    options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(_as_postgres(*ctl, "-o", options, "start"), check=True, capture_output=True)
    try:
        yield f"postgresql://faultline@127.0.0.1:{port}/postgres", data
    finally:
        subprocess.run(_as_postgres(*ctl, "-m", "immediate", "stop"), capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def _pg_ctl(data: Path, action: str, port_url: str) -> None:
    port = port_url.rsplit(":", 1)[1].split("/")[0]
    base = data.parent
    ctl = [str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(base / "log"), "-w", "-t", "30"]
    if action == "stop":
        ctl += ["-m", "immediate", "stop"]
    else:
        options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off"
        ctl += ["-o", options, "start"]
    subprocess.run(_as_postgres(*ctl), check=True, capture_output=True)


@pytest.mark.slow
def test_postgresql_outage_gives_503_and_recovers(private_postgres: tuple[str, Path]) -> None:
    url, data = private_postgres
    settings = Settings(database_url=url, api_keys=(API_KEY,))
    auth = {"Authorization": f"Bearer {API_KEY}"}
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        assert client.get("/readyz").status_code == 200
        before = client.get("/v1/events").json()
        assert before["meta"]["total"] > 0

        _pg_ctl(data, "stop", url)
        for path in ("/v1/events", "/v1/stats/timeline", "/v1/sources", "/v1/actors/kim-jong-un"):
            body = assert_problem(client.get(path), 503)
            assert "Traceback" not in body["detail"]
        posted = client.post("/v1/sources", json={"text": article(1)}, headers=auth)
        assert_problem(posted, 503)
        assert_problem(client.get("/readyz"), 503)
        assert client.get("/healthz").status_code == 200  # the process itself is fine

        _pg_ctl(data, "start", url)
        deadline = time.monotonic() + 30
        while client.get("/readyz").status_code != 200:
            assert time.monotonic() < deadline, "readyz did not recover"
            time.sleep(0.2)
        assert client.get("/v1/events").json() == before
        assert (
            client.post("/v1/sources", json={"text": article(1)}, headers=auth).status_code == 201
        )
