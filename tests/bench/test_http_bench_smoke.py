"""The load benchmark at 10k events, briefly: every query answers 200 with the expected shape.

No timing is asserted (CI machines vary); this keeps ``bench/http_bench.py`` from rotting.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from bench import http_bench
from tests.bench.corpus import synthetic_sqlite

# A newcomer without wrk skips these; CI (``CI`` set, ``.ci/run`` installs wrk) never does.
pytestmark = pytest.mark.skipif(
    not os.environ.get("CI") and (shutil.which("wrk") is None or shutil.which("taskset") is None),
    reason="the HTTP benchmark needs wrk and taskset (apt-get install wrk util-linux)",
)


@pytest.fixture(scope="module")
def bench_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic_sqlite(tmp_path_factory.mktemp("bench") / "bench.db", 10_000, seed=3)


def test_faultline_answers_every_query(bench_db: Path) -> None:
    url = f"sqlite:///{bench_db}"
    ids = http_bench.sample_event_ids(url, 50)
    port = http_bench.free_port()
    with http_bench.faultline_server(url, port, cpus=None) as proc:
        base = f"http://127.0.0.1:{port}"
        target = http_bench.Target("faultline", base, http_bench.faultline_paths(base, ids))
        assert http_bench.check_shapes(target) == dict.fromkeys(http_bench.QUERIES, 200)
        result = http_bench.run_wrk(base, target.paths["Q2"], duration=1, cpus=None)
        assert result.rps > 0 and result.errors == 0
        assert http_bench.tree_rss_mb(proc.pid) > 0


def test_ceiling_app_serves_faultlines_bodies_unchanged(bench_db: Path, tmp_path: Path) -> None:
    """``--ceiling``: the static-bytes FastAPI app answers each path with Faultline's body."""
    url = f"sqlite:///{bench_db}"
    ids = http_bench.sample_event_ids(url, 5)
    port = http_bench.free_port()
    with http_bench.faultline_server(url, port, cpus=None):
        base = f"http://127.0.0.1:{port}"
        target = http_bench.Target("faultline", base, http_bench.faultline_paths(base, ids))
        recorded = http_bench.record_bodies(target)
    bodies = tmp_path / "bodies.json"
    bodies.write_text(json.dumps(recorded))
    port = http_bench.free_port()
    with http_bench.ceiling_server(bodies, port, cpus=None):
        base = f"http://127.0.0.1:{port}"
        for path, body in recorded.items():
            with urllib.request.urlopen(base + path, timeout=10) as response:
                assert response.read() == base64.b64decode(body), path
        result = http_bench.run_wrk(base, target.paths["Q2"], duration=1, cpus=None)
        assert result.rps > 0 and result.errors == 0


def test_datasette_answers_every_query(bench_db: Path, tmp_path: Path) -> None:
    if not (Path(http_bench.BIN) / "datasette").exists():
        pytest.skip("datasette is not installed (pip install -e '.[dev]')")
    ids = http_bench.sample_event_ids(f"sqlite:///{bench_db}", 50)
    meta = http_bench.datasette_metadata(tmp_path / "metadata.json")
    port = http_bench.free_port()
    with http_bench.datasette_server(bench_db, port, meta, cpus=None):
        base = f"http://127.0.0.1:{port}"
        target = http_bench.Target("datasette", base, http_bench.datasette_paths(base, ids))
        assert http_bench.check_shapes(target) == dict.fromkeys(http_bench.QUERIES, 200)
        result = http_bench.run_wrk(base, target.paths["Q6"], duration=1, cpus=None)
        assert result.rps > 0


def test_wrk_output_is_parsed() -> None:
    out = (
        "  Latency Distribution\n     50%    1.50ms\n     75%    2.00ms\n     90%    3.00ms\n"
        "     99%   12.30ms\n  1000 requests in 1.00s\nRequests/sec:   1000.50\n"
        "  Non-2xx or 3xx responses: 3\n"
    )
    result = http_bench.parse_wrk(out)
    assert (result.rps, result.p50_ms, result.p99_ms, result.errors) == (1000.5, 1.5, 12.3, 3)


def test_request_cost_reports_cpu_per_request(bench_db: Path) -> None:
    command = ["-m", "bench.request_cost", "--db", str(bench_db), "--requests", "5"]
    done = subprocess.run(
        [sys.executable, *command, "/v1/events?country=PRK&limit=10"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "FAULTLINE_GC_TUNING": "false"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert re.search(r": 200, \d+ bytes, [\d.]+ ms CPU per request", done.stdout), done.stdout
