"""Load benchmark: Faultline against Datasette on the same SQLite file, and on PostgreSQL.

Starts each server on loopback, pinned with ``taskset`` to one core, drives it with ``wrk``
(Debian's package) pinned to the other, 32 connections, a fixed duration per query, and prints
requests/s, p50 and p99 for the issue's mix (Q1..Q7) and the Faultline/Datasette ratio.

    .venv/bin/python -m bench.http_bench --db /tmp/bench-1m.db --rows 1000000 --duration 10
    .venv/bin/python -m bench.http_bench --db /tmp/bench-1m.db --workers 2 --no-datasette
    .venv/bin/python -m bench.http_bench --workers 2 --rows 1000000 --start-postgres \\
        --postgres postgresql://faultline:faultline@127.0.0.1/faultline_bench

``--rows`` fills an empty database first with ``faultline synth``. ``--ceiling`` also serves
Faultline's recorded response bodies as static bytes from a bare FastAPI app
(``bench/ceiling_app.py``) on the same core: the most any FastAPI endpoint could do there.
``--start-postgres`` starts Debian's PostgreSQL cluster (``pg_ctlcluster``) if it is down and
creates the URL's database if it is missing. Every run is bounded: each
query runs ``--duration`` seconds, servers are stopped at the end whatever happens.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
QUERIES = ("Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7")
YEAR = ("2024-01-01", "2024-12-31")
Q7_WORD = "reactor"
COUNTRY = "PRK"
CEILING = "fastapi static"


@dataclass
class Result:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    rss_mb: float = 0.0


@dataclass
class Target:
    """One server under test: its base URL and the paths of each query."""

    name: str
    base: str
    paths: dict[str, list[str]] = field(default_factory=dict)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get_json(url: str, timeout: float = 60) -> tuple[int, Any, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, json.loads(response.read()), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, None, {}


def wait_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server did not answer {url} within {seconds} s")


def _taskset(cpus: str | None) -> list[str]:
    return ["taskset", "-c", cpus] if cpus and shutil.which("taskset") else []


@contextmanager
def server(cmd: list[str], env: dict[str, str], health: str) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``cmd`` in its own process group until the block ends; wait for ``health``."""
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in the finally below)
    proc = subprocess.Popen(
        cmd, env={**os.environ, **env}, stdout=log, stderr=log, start_new_session=True
    )
    try:
        try:
            wait_up(health)
        except RuntimeError:
            log.seek(0)
            sys.stderr.write(log.read().decode(errors="replace")[-3000:])
            raise
        yield proc
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)
        log.close()


def uvicorn_command(
    factory: str, port: int, *, workers: int = 1, cpus: str | None = "0"
) -> list[str]:
    """uvicorn[standard] (uvloop + httptools) on loopback serving ``factory``, pinned to ``cpus``:
    the same flags for Faultline and the static-bytes ceiling."""
    return [
        *_taskset(cpus),
        str(BIN / "uvicorn"),
        "--factory",
        factory,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--no-access-log",
        "--loop",
        "uvloop",
        "--http",
        "httptools",
    ]


def faultline_server(
    database_url: str, port: int, *, workers: int = 1, cpus: str | None = "0"
) -> Any:
    cmd = uvicorn_command("app.main:create_app", port, workers=workers, cpus=cpus)
    env = {"DATABASE_URL": database_url, "FAULTLINE_SEED_ON_START": "false"}
    return server(cmd, env, f"http://127.0.0.1:{port}/healthz")


def datasette_metadata(path: Path) -> Path:
    """Canned queries for the aggregations Datasette's table views cannot express."""
    countries = (
        "(actor_id IN (SELECT id FROM actor WHERE country = :country) "
        "OR target_id IN (SELECT id FROM actor WHERE country = :country) "
        "OR location_id IN (SELECT id FROM location WHERE country = :country))"
    )
    sums = (
        "count(*) AS events, sum(coalesce(fatalities_low, 0)) AS fatalities_low, "
        "sum(coalesce(fatalities_best, fatalities_low, 0)) AS fatalities_best"
    )
    meta = {
        "databases": {
            "faultline": {
                "queries": {
                    "timeline": {
                        "sql": f"SELECT substr(date_start, 1, 7) AS month, {sums} FROM event "
                        f"WHERE {countries} GROUP BY month ORDER BY month"
                    },
                    "facets_type": {
                        "sql": f"SELECT type, {sums} FROM event WHERE date_start <= :date_to "
                        "AND date_end >= :date_from GROUP BY type ORDER BY events DESC"
                    },
                }
            }
        }
    }
    path.write_text(json.dumps(meta, indent=2))
    return path


def datasette_server(db: Path, port: int, metadata: Path, *, cpus: str | None = "0") -> Any:
    # Datasette names the database after the file; a symlink gives it a stable name.
    link = metadata.parent / "faultline.db"
    if link.exists() or link.is_symlink():
        link.unlink()
    link.symlink_to(db.resolve())
    cmd = [
        *_taskset(cpus),
        str(BIN / "datasette"),
        "serve",
        str(link),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--metadata",
        str(metadata),
        "--setting",
        "sql_time_limit_ms",
        "20000",
        "--setting",
        "max_returned_rows",
        "1000",
        "--setting",
        "suggest_facets",
        "off",
        "--setting",
        "default_facet_size",
        "0",
        "--setting",
        "num_sql_threads",
        "3",
    ]
    return server(cmd, {}, f"http://127.0.0.1:{port}/-/versions.json")


def record_bodies(target: Target) -> dict[str, str]:
    """Every benchmark path's response body from ``target``, base64 (for the ceiling app)."""
    bodies = {}
    for paths in target.paths.values():
        for path in paths:
            with urllib.request.urlopen(target.base + path, timeout=60) as response:
                bodies[path] = base64.b64encode(response.read()).decode()
    return bodies


def ceiling_server(bodies: Path, port: int, *, cpus: str | None = "0") -> Any:
    cmd = uvicorn_command("bench.ceiling_app:create_app", port, cpus=cpus)
    return server(cmd, {"BENCH_BODIES": str(bodies)}, f"http://127.0.0.1:{port}/healthz")


def start_postgres(url: str) -> None:
    """Start Debian's PostgreSQL cluster if none is online; create ``url``'s database."""
    import sqlalchemy as sa

    clusters = subprocess.run(
        ["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=True
    ).stdout.split()
    if clusters and "online" not in clusters:
        version, name = clusters[0], clusters[1]
        subprocess.run(["pg_ctlcluster", version, name, "start"], check=True)
    engine_url = sa.make_url(url.replace("postgresql://", "postgresql+psycopg://"))
    admin = sa.create_engine(engine_url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.exec_driver_sql(
            "SELECT 1 FROM pg_database WHERE datname = %(name)s", {"name": engine_url.database}
        ).first()
        if exists is None:
            conn.exec_driver_sql(f'CREATE DATABASE "{engine_url.database}"')
    admin.dispose()
    subprocess.run(
        [str(BIN / "faultline"), "migrate"], env={**os.environ, "DATABASE_URL": url}, check=True
    )


def faultline_paths(base: str, sample_ids: list[str]) -> dict[str, list[str]]:
    """The issue's mix as Faultline URLs; Q5's cursor comes from walking Q2's pages."""
    q2 = "/v1/events?" + urlencode({"country": COUNTRY, "limit": 100})
    cursor = None
    for _ in range(49):
        status, body, _h = get_json(base + q2 + (f"&cursor={cursor}" if cursor else ""))
        assert status == 200, status
        cursor = body["meta"]["next_cursor"]
        if cursor is None:
            break
    q3 = {"type": "casualties", "date_from": YEAR[0], "date_to": YEAR[1], "limit": 100}
    return {
        "Q1": [f"/v1/events/{i}" for i in sample_ids],
        "Q2": [q2],
        "Q3": ["/v1/events?" + urlencode(q3)],
        "Q4": ["/v1/stats/timeline?" + urlencode({"interval": "month", "country": COUNTRY})],
        "Q5": [q2 + f"&cursor={cursor}"] if cursor else [q2],
        "Q6": [
            "/v1/stats/facets?"
            + urlencode({"by": "type", "date_from": YEAR[0], "date_to": YEAR[1]})
        ],
        "Q7": ["/v1/events?" + urlencode({"q": Q7_WORD, "limit": 100})],
    }


def datasette_paths(base: str, sample_ids: list[str]) -> dict[str, list[str]]:
    """The closest Datasette URLs: table filters, _sort_desc, _size, _next, canned SQL."""
    lean = "_nocount=1&_nosuggest=1&_size=100"
    where = quote(
        f"actor_id IN (SELECT id FROM actor WHERE country = '{COUNTRY}') "
        f"OR target_id IN (SELECT id FROM actor WHERE country = '{COUNTRY}') "
        f"OR location_id IN (SELECT id FROM location WHERE country = '{COUNTRY}')"
    )
    q2 = f"/faultline/event.json?_where={where}&_sort_desc=date_start&{lean}"
    token = None
    for _ in range(49):
        status, body, _h = get_json(base + q2 + (f"&_next={quote(token)}" if token else ""))
        assert status == 200, (status, q2)
        token = body.get("next")
        if token is None:
            break
    return {
        "Q1": [f"/faultline/event/{i}.json" for i in sample_ids],
        "Q2": [q2],
        "Q3": [
            "/faultline/event.json?type=casualties"
            f"&date_start__lte={YEAR[1]}&date_end__gte={YEAR[0]}&_sort_desc=date_start&{lean}"
        ],
        "Q4": [f"/faultline/timeline.json?country={COUNTRY}&_shape=objects"],
        "Q5": [q2 + f"&_next={quote(token)}"] if token else [q2],
        "Q6": [f"/faultline/facets_type.json?date_from={YEAR[0]}&date_to={YEAR[1]}"],
        "Q7": [f"/faultline/event.json?summary__contains={Q7_WORD}&_sort_desc=date_start&{lean}"],
    }


LUA = """
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def run_wrk(
    base: str, paths: list[str], *, duration: float, connections: int = 32, cpus: str | None = "1"
) -> Result:
    """One bounded wrk run over ``paths`` (round robin); its req/s, p50, p99 and errors."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % ", ".join(json.dumps(p) for p in paths))
    try:
        cmd = [
            *_taskset(cpus),
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{max(1, round(duration))}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            script.name,
            base,
        ]
        out = subprocess.run(
            cmd, capture_output=True, text=True, timeout=duration + 60, check=True
        ).stdout
    finally:
        os.unlink(script.name)
    return parse_wrk(out)


def _ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def parse_wrk(out: str) -> Result:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = re.search(r"50%\s+([\d.]+\w+)", out)
    p99 = re.search(r"99%\s+([\d.]+\w+)", out)
    errors = 0
    for pattern in (r"Non-2xx or 3xx responses: (\d+)", r"Socket errors: .*?timeout (\d+)"):
        found = re.search(pattern, out)
        if found:
            errors += int(found.group(1))
    return Result(
        rps,
        _ms(p50.group(1)) if p50 else float("nan"),
        _ms(p99.group(1)) if p99 else float("nan"),
        errors,
    )


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its children (uvicorn workers), in MiB."""
    total = 0
    pids = [pid]
    while pids:
        p = pids.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
            pids += [int(c) for c in children]
        except (OSError, AttributeError):
            continue
    return total / 1024


def bench_target(
    target: Target, proc: subprocess.Popen[bytes], *, duration: float, wrk_cpus: str | None
) -> dict[str, Result]:
    results = {}
    for name in QUERIES:
        result = run_wrk(target.base, target.paths[name], duration=duration, cpus=wrk_cpus)
        result.rss_mb = tree_rss_mb(proc.pid)
        results[name] = result
        print(
            f"  {target.name:<22} {name}: {result.rps:9.1f} req/s  p50 {result.p50_ms:8.2f} ms  "
            f"p99 {result.p99_ms:8.2f} ms  errors {result.errors}  rss {result.rss_mb:.0f} MiB",
            file=sys.stderr,
        )
    return results


def check_shapes(target: Target) -> dict[str, int]:
    """GET each query once: its status, and the shape of a Faultline answer."""
    statuses = {}
    for name, paths in target.paths.items():
        status, body, headers = get_json(target.base + paths[0])
        statuses[name] = status
        if status != 200 or not target.name.startswith("faultline"):
            continue
        if name == "Q1":
            assert {"id", "type", "quote", "source", "actor"} <= set(body), name
        elif name in ("Q4", "Q6"):
            assert set(body) == {"data", "meta"} and "total" in body["meta"], name
        else:
            assert set(body) == {"data", "meta"}, name
            assert body["meta"]["total"] is not None, name
            if body["meta"]["next_cursor"]:
                assert headers.get("link", headers.get("Link", "")).endswith('rel="next"')
    return statuses


def sample_event_ids(database_url: str, n: int = 500) -> list[str]:
    import sqlalchemy as sa

    engine = sa.create_engine(database_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        total = conn.exec_driver_sql("SELECT count(*) FROM event").scalar_one()
        step = max(1, total // n)
        ids = conn.exec_driver_sql(
            f"SELECT id FROM event WHERE rowid % {step} = 0 LIMIT {n}"
            if conn.dialect.name == "sqlite"
            else f"SELECT id FROM event TABLESAMPLE SYSTEM (10) LIMIT {n}"
        ).scalars()
        out = list(ids)
    engine.dispose()
    return out


def synth(database_url: str, rows: int, seed: int = 1) -> None:
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run(
        [str(BIN / "faultline"), "synth", "--rows", str(rows), "--seed", str(seed), "--quiet"],
        env=env,
        check=True,
        timeout=4 * 3600,
    )


def table(results: dict[str, dict[str, Result]], baseline: str | None) -> str:
    names = list(results)
    head = "| query | " + " | ".join(f"{n} req/s | p50 ms | p99 ms" for n in names)
    if baseline:
        head += " | " + " | ".join(f"{n}/{baseline}" for n in names if n != baseline)
    if CEILING in results:
        head += f" | {names[0]}/{CEILING}"
    lines = [head + " |", "|" + "---|" * (head.count("|") - 1)]
    for q in QUERIES:
        cells = []
        for n in names:
            r = results[n][q]
            err = f" ({r.errors} err)" if r.errors else ""
            cells.append(f"{r.rps:.0f}{err} | {r.p50_ms:.2f} | {r.p99_ms:.2f}")
        if baseline:
            base = results[baseline][q].rps
            cells += [
                f"{results[n][q].rps / base:.1f}x" if base else "n/a"
                for n in names
                if n != baseline
            ]
        if CEILING in results:
            floor = results[CEILING][q].rps
            cells.append(f"{results[names[0]][q].rps / floor:.2f}" if floor else "n/a")
        lines.append(f"| {q} | " + " | ".join(cells) + " |")
    rss = ", ".join(f"{n} {max(r.rss_mb for r in results[n].values()):.0f} MiB" for n in names)
    return "\n".join(lines) + f"\n\nmax server RSS under load: {rss}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="SQLite file to serve (created by --rows)")
    parser.add_argument("--postgres", help="PostgreSQL URL to serve instead (Faultline only)")
    parser.add_argument("--rows", type=int, default=0, help="fill an empty database first")
    parser.add_argument("--duration", type=float, default=10, help="seconds per query")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn workers for Faultline")
    parser.add_argument("--server-cpus", default="0", help="taskset CPUs for the server")
    parser.add_argument("--wrk-cpus", default="1", help="taskset CPUs for wrk")
    parser.add_argument("--no-datasette", action="store_true")
    parser.add_argument(
        "--ceiling", action="store_true", help="also run the static-bytes FastAPI floor"
    )
    parser.add_argument(
        "--start-postgres", action="store_true", help="start Debian's cluster, create the db"
    )
    parser.add_argument("--json", type=Path, help="write the results here too")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        parser.error("wrk is missing: apt-get install wrk")
    if args.postgres:
        database_url = args.postgres
    elif args.db:
        database_url = f"sqlite:///{args.db.resolve()}"
    else:
        parser.error("give --db or --postgres")
    if args.postgres and args.start_postgres:
        start_postgres(args.postgres)
    if args.rows:
        synth(database_url, args.rows)
    ids = sample_event_ids(database_url)
    results: dict[str, dict[str, Result]] = {}
    label = f"faultline x{args.workers}" + (" pg" if args.postgres else "")
    recorded = None
    port = free_port()
    with faultline_server(database_url, port, workers=args.workers, cpus=args.server_cpus) as proc:
        base = f"http://127.0.0.1:{port}"
        target = Target(label, base, faultline_paths(base, ids))
        print(f"{label}: shapes {check_shapes(target)}", file=sys.stderr)
        results[label] = bench_target(target, proc, duration=args.duration, wrk_cpus=args.wrk_cpus)
        recorded = record_bodies(target) if args.ceiling else None
    if recorded is not None:
        with tempfile.TemporaryDirectory() as tmp:
            bodies = Path(tmp) / "bodies.json"
            bodies.write_text(json.dumps(recorded))
            port = free_port()
            with ceiling_server(bodies, port, cpus=args.server_cpus) as proc:
                base = f"http://127.0.0.1:{port}"
                ceiling = Target(CEILING, base, target.paths)
                results[ceiling.name] = bench_target(
                    ceiling, proc, duration=args.duration, wrk_cpus=args.wrk_cpus
                )
    if args.db and not args.no_datasette:
        with tempfile.TemporaryDirectory() as tmp:
            meta = datasette_metadata(Path(tmp) / "metadata.json")
            port = free_port()
            with datasette_server(args.db, port, meta, cpus=args.server_cpus) as proc:
                base = f"http://127.0.0.1:{port}"
                target = Target("datasette", base, datasette_paths(base, ids))
                print(f"datasette: statuses {check_shapes(target)}", file=sys.stderr)
                results["datasette"] = bench_target(
                    target, proc, duration=args.duration, wrk_cpus=args.wrk_cpus
                )
    print(table(results, "datasette" if "datasette" in results else None))
    if args.json:
        args.json.write_text(
            json.dumps({n: {q: vars(r) for q, r in rs.items()} for n, rs in results.items()})
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
