"""Mixed read/write load on loopback: readers page and aggregate while writers ingest articles.

Starts ``faultline serve`` on a free loopback port over a fresh SQLite file (or ``--database-url``),
runs the load for ``--duration`` seconds, then checks that every ingest the server acknowledged
(201) is stored exactly once with the text that was sent. Exit status 0 only with zero errors and
nothing lost or doubled; the figures go to standard output (``--json`` for a machine-readable line).

    .venv/bin/python bench/load_mixed.py                 # 60 s, 4 readers, 2 writers
    .venv/bin/python bench/load_mixed.py --duration 10 --json
    .venv/bin/python bench/load_mixed.py --duration 8 --min-ingests 11 --json   # what CI runs

``--min-ingests`` keeps the load running past ``--duration`` until that many ingests are
acknowledged (for at most ``--grace`` more seconds), so a slow or busy machine still checks a
real number of writes instead of failing on speed: this script measures speed, the test does not.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
KEY = "load-" + uuid.uuid4().hex
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
TYPES = ["attack", "airstrike", "meeting", "weapons_test", "accusation"]
COUNTRIES = ["UKR", "RUS", "IRN", "PRK", "ISR", "PSE"]


@dataclass
class Figures:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    acknowledged: dict[str, str] = field(default_factory=dict)  # source id -> sha256 sent
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


def article(run: str, i: int) -> str:
    rng = random.Random(f"{run}-{i}")
    body = " ".join(t.format(n=rng.randint(2, 90)) for t in rng.sample(TEMPLATES, 2))
    return f"{body} (Load {run} report {i}.)\nPublished On {1 + i % 27} Mar 2026\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start_server(database_url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "FAULTLINE_API_KEYS": KEY,
        "FAULTLINE_LOG_LEVEL": "warning",
        "FAULTLINE_JSON_LOGS": "false",
        # The load is the point here: no rate limits on this private server.
        "FAULTLINE_RATE_LIMIT_PER_MINUTE": "0",
        "FAULTLINE_WRITE_RATE_LIMIT_PER_MINUTE": "0",
    }
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "app", "serve"], cwd=ROOT, env=env, stdout=out, stderr=out
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not become ready within 60 s")


def reader(base: str, stop: threading.Event, figures: Figures, seed: int) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=base, timeout=10) as client:
        while not stop.is_set():
            kind = rng.choice(["page", "page", "timeline", "facets", "sources"])
            params: dict[str, Any] = {}
            if rng.random() < 0.5:
                params["type"] = rng.choice(TYPES)
            if rng.random() < 0.3:
                params["country"] = rng.choice(COUNTRIES)
            try:
                if kind == "page":
                    _walk(client, "/v1/events", {**params, "limit": 50}, figures, pages=5)
                elif kind == "sources":
                    _walk(client, "/v1/sources", {"limit": 20}, figures, pages=3, label="sources")
                elif kind == "timeline":
                    interval = rng.choice(["day", "week", "month"])
                    _get(client, "/v1/stats/timeline", {**params, "interval": interval}, figures)
                else:
                    by = rng.choice(["type", "actor", "country", "location"])
                    _get(client, "/v1/stats/facets", {**params, "by": by}, figures)
            except httpx.HTTPError as exc:
                figures.error(f"{kind}: {type(exc).__name__}: {exc}")


def _get(client: httpx.Client, path: str, params: dict[str, Any], figures: Figures) -> Any:
    started = time.perf_counter()
    response = client.get(path, params=params)
    figures.record(path.rsplit("/", 1)[-1], time.perf_counter() - started)
    if response.status_code != 200:
        figures.error(f"GET {path}: {response.status_code} {response.text[:200]}")
        return None
    return response.json()


def _walk(
    client: httpx.Client,
    path: str,
    params: dict[str, Any],
    figures: Figures,
    *,
    pages: int,
    label: str = "events",
) -> None:
    cursor = None
    seen: set[str] = set()
    for _ in range(pages):
        body = _get(client, path, {**params, **({"cursor": cursor} if cursor else {})}, figures)
        if body is None:
            return
        ids = [row["id"] for row in body["data"]]
        if seen & set(ids):
            figures.error(f"{label}: a page repeated ids {sorted(seen & set(ids))[:3]}")
        seen.update(ids)
        cursor = body["meta"]["next_cursor"]
        if cursor is None:
            return


def writer(base: str, stop: threading.Event, figures: Figures, run: str, start: int) -> None:
    headers = {"Authorization": f"Bearer {KEY}"}
    i = start
    with httpx.Client(base_url=base, timeout=30, headers=headers) as client:
        while not stop.is_set():
            text = article(run, i)
            i += 1
            started = time.perf_counter()
            try:
                response = client.post("/v1/sources", json={"text": text})
            except httpx.HTTPError as exc:
                # Not acknowledged: it may or may not be stored, and the check allows for both.
                figures.error(f"POST: {type(exc).__name__}: {exc}")
                continue
            figures.record("ingest", time.perf_counter() - started)
            if response.status_code != 201:
                figures.error(f"POST: {response.status_code} {response.text[:200]}")
                continue
            sha = hashlib.sha256(text.encode()).hexdigest()
            with figures.lock:
                figures.acknowledged[response.json()["id"]] = sha


def verify(base: str, figures: Figures) -> dict[str, int]:
    """Every acknowledged ingest is stored exactly once, with the text that was sent."""
    stored: dict[str, str] = {}
    duplicates = 0
    with httpx.Client(base_url=base, timeout=60) as client:
        cursor = None
        while True:
            params = {"limit": 1000, **({"cursor": cursor} if cursor else {})}
            body = client.get("/v1/sources", params=params).json()
            for row in body["data"]:
                duplicates += row["id"] in stored
                stored[row["id"]] = row["content_sha256"]
            cursor = body["meta"]["next_cursor"]
            if cursor is None:
                break
    missing = [i for i, sha in figures.acknowledged.items() if stored.get(i) != sha]
    shas = list(stored.values())
    doubled = len(shas) - len(set(shas))
    for source_id in missing[:5]:
        figures.error(f"acknowledged source {source_id} missing or changed")
    if duplicates or doubled:
        figures.error(f"{duplicates} ids and {doubled} texts stored more than once")
    return {"stored_sources": len(stored), "missing": len(missing), "doubled": doubled}


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load (60)")
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--writers", type=int, default=2)
    parser.add_argument(
        "--min-ingests",
        type=int,
        default=0,
        help="run past --duration until this many ingests are acknowledged (0)",
    )
    parser.add_argument(
        "--grace", type=float, default=240.0, help="at most this many extra seconds for it (240)"
    )
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temp folder")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON line")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="faultline-load-") as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'faultline.db'}"
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(url, port, Path(tmp) / "server.log")
        figures = Figures()
        stop = threading.Event()
        run = uuid.uuid4().hex[:8]
        threads = [
            threading.Thread(target=reader, args=(base, stop, figures, n), daemon=True)
            for n in range(args.readers)
        ] + [
            threading.Thread(target=writer, args=(base, stop, figures, run, n * 1_000_000))
            for n in range(args.writers)
        ]
        started = time.monotonic()
        try:
            for thread in threads:
                thread.start()
            time.sleep(args.duration)
            extra_until = time.monotonic() + args.grace
            while len(figures.acknowledged) < args.min_ingests and time.monotonic() < extra_until:
                time.sleep(0.1)
            stop.set()
            for thread in threads:
                thread.join(timeout=60)
            elapsed = time.monotonic() - started
            stuck = sum(t.is_alive() for t in threads)
            if stuck:
                figures.error(f"{stuck} load threads did not stop within 60 s")
            check = verify(base, figures)
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        log = (Path(tmp) / "server.log").read_text(errors="replace")
        if "Traceback" in log or "database is locked" in log:
            figures.error("the server logged a traceback or 'database is locked'")

    report: dict[str, Any] = {
        "duration_s": round(elapsed, 1),
        "readers": args.readers,
        "writers": args.writers,
        "database": "postgresql" if url.startswith("postgres") else "sqlite",
        "requests": sum(len(v) for v in figures.latencies.values()),
        "ingests_acknowledged": len(figures.acknowledged),
        **check,
        "errors": len(figures.errors),
        "by_kind": {
            kind: {
                "count": len(values),
                "per_s": round(len(values) / elapsed, 1),
                "p50_ms": round(statistics.median(values) * 1000, 1),
                "p95_ms": round(percentile(values, 0.95) * 1000, 1),
                "p99_ms": round(percentile(values, 0.99) * 1000, 1),
                "max_ms": round(max(values) * 1000, 1),
            }
            for kind, values in sorted(figures.latencies.items())
        },
    }
    if args.json:
        print(json.dumps(report))
    else:
        print(json.dumps(report, indent=2))
    for text in figures.errors[:20]:
        print("error:", text, file=sys.stderr)
    ok = not figures.errors and report["ingests_acknowledged"] > 0 and report["requests"] > 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
