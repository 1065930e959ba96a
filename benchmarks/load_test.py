"""Load test: 50 users browsing the statistics pages of `bairn serve` on a demo store.

Run: .venv/bin/python benchmarks/load_test.py [--users 50] [--duration 60] [--db STORE]

What it does, all on the loopback interface (127.0.0.1) only:

1. Builds a small demo store (synthetic data, scale 0.2, August 2014 to July 2019, indicators
   computed) in a temporary folder, unless --db names an existing store (e.g. the one
   `bairn demo` leaves in bairn-data/).
2. Starts `bairn serve --demo` on a free port (waitress, 8 threads, the task worker) and waits
   until the public figures are prepared (the API's /periods answers 200).
3. Cold pass: requests every page once, one at a time. These are the pages *uncached*: each
   is built from the publication on first request (the named peer for the cache).
4. Load: `--users` concurrent users (threads with keep-alive connections) browse for
   `--duration` seconds (at most `--max-requests` each): an indicator page (with one of its
   period, area-type and trend choices) or an area page, then a think time of 0.5-1.5 s
   (--think scales it). One request in ten is the health check, the other named peer: the
   cheapest request through the same server, middleware and database, measured under the
   same load at the same time.
5. Prints requests, errors, p50/p95/p99 latency of the pages, of the health check and of the
   cold pass, and the ratios p95 pages / p95 health check and p95 cold / p95 pages. Exits 1
   if any request failed or the pages' p95 is not under --goal-ms (default 100 ms).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

HOST = "127.0.0.1"
BAIRN = Path(sys.executable).with_name("bairn")


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def build_store(folder: Path, scale: float) -> Path:
    from bairn.indicators import compute
    from bairn.store import SourceFile, Store
    from bairn.store.files import read_clean_extract
    from bairn.synth import generate

    start, end = dt.date(2014, 8, 1), dt.date(2019, 7, 31)
    generate(folder / "extract", seed=7, scale=scale, start=start, end=end)
    path = folder / "bairn.duckdb"
    with Store(path) as store:
        frames = read_clean_extract(folder / "extract")
        store.load(frames, files=[SourceFile("synthetic", "0" * 64)], version="1.1")
        compute(store)
    return path


def get(conn: http.client.HTTPConnection, path: str) -> tuple[int, float]:
    started = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    return response.status, time.perf_counter() - started


def wait_until_ready(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=10)
            status, _ = get(conn, "/api/v1/periods")
            conn.close()
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(1)
    raise RuntimeError("the server did not prepare the public figures in time")


def page_paths() -> list[str]:
    from bairn.areas import areas_of_type
    from bairn.indicators import load_catalogue

    paths = ["/indicators/", "/areas/", "/compare/?area=S12000019&area=S12000010"]
    for ind in load_catalogue().indicators.values():
        paths.append(f"/indicators/{ind.id}/")
        paths.append(f"/indicators/{ind.id}/?areas=cpc&area=CPC-ELML")
        paths.append(f"/indicators/{ind.id}/?period=SY2016-17&area=S12000019")
    for area in areas_of_type("council") + areas_of_type("cpc"):
        paths.append(f"/areas/{area.code}/")
    return paths


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))] * 1000


def cold_pass(port: int, paths: list[str]) -> tuple[list[float], int]:
    conn = http.client.HTTPConnection(HOST, port, timeout=120)
    latencies, errors = [], 0
    for path in paths:
        status, seconds = get(conn, path)
        latencies.append(seconds)
        errors += status != 200
    conn.close()
    return latencies, errors


def browse(port, paths, duration, max_requests, think, seed, results, lock) -> None:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    pages, health, errors, count = [], [], [], 0
    stop_at = time.monotonic() + duration
    while time.monotonic() < stop_at and count < max_requests:
        path = "/healthz" if rng.random() < 0.1 else rng.choice(paths)
        try:
            status, seconds = get(conn, path)
        except (OSError, http.client.HTTPException) as exc:
            errors.append(f"{path}: {type(exc).__name__}")
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=30)
            continue
        count += 1
        if status != 200:
            errors.append(f"{path}: HTTP {status}")
        (health if path == "/healthz" else pages).append(seconds)
        time.sleep(rng.uniform(0.5, 1.5) * think)
    conn.close()
    with lock:
        results["pages"] += pages
        results["health"] += health
        results["errors"] += errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--max-requests", type=int, default=200, help="per user")
    parser.add_argument("--think", type=float, default=1.0, help="think-time scale")
    parser.add_argument("--scale", type=float, default=0.2, help="demo store volume")
    parser.add_argument("--db", type=Path, help="an existing store instead of building one")
    parser.add_argument("--goal-ms", type=float, default=100.0)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bairn-load-test-"))
    if args.db:
        db = args.db.resolve()
    else:
        print(f"Building a demo store (scale {args.scale}) in {folder} …", flush=True)
        db = build_store(folder, args.scale)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BAIRN_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(BAIRN_DATA_DIR=str(folder / "web"), COLUMNS="200")
    server = subprocess.Popen(
        [str(BAIRN), "serve", "--demo", "--host", HOST, "--port", str(port), "--db", str(db)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        print("Waiting for the server and the public figures …", flush=True)
        wait_until_ready(port, time.monotonic() + 900)
        paths = page_paths()
        cold, cold_errors = cold_pass(port, paths)
        results: dict[str, list] = {"pages": [], "health": [], "errors": []}
        lock = threading.Lock()
        users = [
            threading.Thread(
                target=browse,
                args=(port, paths, args.duration, args.max_requests, args.think, n, results, lock),
            )
            for n in range(args.users)
        ]
        started = time.perf_counter()
        for user in users:
            user.start()
        for user in users:
            user.join()
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)

    pages, health, errors = results["pages"], results["health"], results["errors"]
    total = len(pages) + len(health)
    p95_pages, p95_health, p95_cold = (percentile(x, 0.95) for x in (pages, health, cold))
    print(
        f"load_test: {args.users} users, {elapsed:.0f} s, {total:,} requests "
        f"({total / elapsed:.0f}/s) to {len(paths)} pages on {HOST}:{port}, store {db.name}"
    )
    print(f"{'what':<28}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for name, values in (
        ("pages (cached)", pages),
        ("health check (peer)", health),
        ("pages, first request (peer)", cold),
    ):
        p50 = statistics.median(values) * 1000 if values else float("nan")
        print(
            f"{name:<28}{len(values):>7}{p50:>9.1f}{percentile(values, 0.95):>9.1f}"
            f"{percentile(values, 0.99):>9.1f}"
        )
    print(f"errors: {len(errors)} under load, {cold_errors} in the cold pass")
    for line in errors[:10]:
        print(f"  {line}")
    print(f"ratio p95 pages / p95 health check: {p95_pages / p95_health:.2f}")
    print(f"ratio p95 first request / p95 cached pages: {p95_cold / p95_pages:.1f}")
    met = not errors and not cold_errors and p95_pages < args.goal_ms
    print(f"goal (p95 < {args.goal_ms:.0f} ms for cached pages, zero errors): "
          f"{'met' if met else 'NOT met'}")  # fmt: skip
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
