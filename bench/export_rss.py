"""The NDJSON full export under watch: rows/s and the server's RSS sampled while it streams.

    .venv/bin/python -m bench.export_rss --db /tmp/bench-1m.db

Starts one Faultline worker (pinned like ``bench.http_bench``), reads
``/v1/events?format=ndjson`` to the end over loopback, samples the server's resident memory
every ``--every`` seconds, and prints the row count, the time, and RSS at start, peak and end:
a flat RSS shows the export holds one batch at a time, not the corpus.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
import urllib.request
from pathlib import Path

from bench.http_bench import faultline_server, free_port, tree_rss_mb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="SQLite file to serve")
    parser.add_argument("--every", type=float, default=0.5, help="RSS sampling period (s)")
    parser.add_argument("--timeout", type=float, default=1800, help="give up after (s)")
    parser.add_argument("--server-cpus", default="0")
    args = parser.parse_args(argv)
    port = free_port()
    url = f"sqlite:///{args.db.resolve()}"
    with faultline_server(url, port, cpus=args.server_cpus) as proc:
        samples: list[float] = [tree_rss_mb(proc.pid)]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(args.every):
                samples.append(tree_rss_mb(proc.pid))

        watcher = threading.Thread(target=sample, daemon=True)
        watcher.start()
        rows = size = 0
        started = time.perf_counter()
        request = f"http://127.0.0.1:{port}/v1/events?format=ndjson"
        with urllib.request.urlopen(request, timeout=60) as response:
            while chunk := response.read(1 << 20):
                rows += chunk.count(b"\n")
                size += len(chunk)
                if time.perf_counter() - started > args.timeout:
                    break
        elapsed = time.perf_counter() - started
        done.set()
        watcher.join()
    print(
        f"exported {rows} events ({size / 2**20:.0f} MiB) in {elapsed:.1f} s "
        f"({rows / elapsed:,.0f} events/s); server RSS MiB: start {samples[0]:.0f}, "
        f"peak {max(samples):.0f}, end {samples[-1]:.0f}, {len(samples)} samples",
        file=sys.stdout,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
