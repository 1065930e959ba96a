"""Benchmark the web application's server: waitress (what `bairn serve` runs) against Django's
development server (`runserver`'s threaded WSGIServer, the named peer), same app, same run.

Run: .venv/bin/python benchmarks/bench_web.py [--requests 600] [--clients 8] [--store DB]

Each server runs in its own process on a free loopback port, serving the same Django project
(demo mode, SQLite in a temporary folder, all middleware on). A bounded load of GET requests
(`--requests` per path, `--clients` concurrent keep-alive clients) goes to three paths: the
health check (one database query), the public home page (templates, context processors) and a
static file (WhiteNoise). It prints requests per second, median and 95th-percentile latency, and
the ratio waitress / runserver throughput. Only 127.0.0.1 is contacted.

With --store (an analytical store with computed indicators, e.g. bairn-data/bairn.duckdb from
`bairn demo`; use a copy), each server first prepares the public figures and the statistics
pages join the paths: the national overview, an indicator page (funnel plot, trend, baseline;
served from the page cache after the first request) and the API's long table as JSON. The
load-test of the statistics pages under 50 users is benchmarks/load_test.py.
"""

from __future__ import annotations

import argparse
import http.client
import os
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

CHILD = """
import os, sys
import django
django.setup()
from bairn.web.wsgi import application
if os.environ.get("BAIRN_BENCH_PREPARE"):
    from bairn.web.results import publications
    from bairn.web.results.audience import PUBLIC
    publications.prepare(PUBLIC)
kind, port = sys.argv[1], int(sys.argv[2])
if kind == "waitress":
    from bairn.web.server import _create
    _create(application, "127.0.0.1", port).run()
else:
    from django.core.servers.basehttp import run
    run("127.0.0.1", port, application, threading=True)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server on port {port} did not start")


def load(port: int, path: str, requests: int, clients: int) -> tuple[float, list[float]]:
    latencies: list[float] = []
    lock = threading.Lock()
    per_client = requests // clients

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine = []
        for _ in range(per_client):
            t0 = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
            except (http.client.HTTPException, OSError):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
            if response.status != 200:
                raise RuntimeError(f"{path}: HTTP {response.status}")
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            mine.append(time.perf_counter() - t0)
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    return len(latencies) / elapsed, latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=600, help="requests per path")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients")
    parser.add_argument("--store", type=Path, help="a store with computed indicators")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bairn-bench-web-"))
    env = {
        **os.environ,
        "BAIRN_DEMO": "1",
        "BAIRN_DATA_DIR": str(folder),
        "BAIRN_DB": str(args.store.resolve() if args.store else folder / "bairn.duckdb"),
        "DJANGO_SETTINGS_MODULE": "bairn.web.settings",
    }
    if args.store:
        env["BAIRN_BENCH_PREPARE"] = "1"
    env.pop("DATABASE_URL", None)
    os.environ.update({k: v for k, v in env.items() if k.startswith(("BAIRN_", "DJANGO_"))})
    from bairn.web.server import configure, prepare

    configure()
    prepare()  # migrations + collectstatic, once, before either server starts
    from django.contrib.staticfiles.storage import staticfiles_storage

    css = staticfiles_storage.url("core/bairn.css")
    paths = {"health check": "/healthz", "home page": "/", "static file": css}
    if args.store:
        paths.update(
            {
                "overview": "/indicators/",
                "indicator": "/indicators/register_rate/",
                "api json": "/api/v1/indicators?indicator=register_rate&area=S92000003",
            }
        )
    results: dict[str, dict[str, tuple[float, list[float]]]] = {}
    for kind in ("waitress", "runserver"):
        port = free_port()
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, kind, str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(port, time.monotonic() + 300)
            load(port, "/", 40, 4)  # warm up
            for path in paths.values():
                load(port, path, 1, 1)  # first request builds (and caches) the page
            results[kind] = {
                name: load(port, path, args.requests, args.clients) for name, path in paths.items()
            }
        finally:
            child.terminate()
            child.wait(timeout=10)

    print(f"bench_web: {args.requests} GET requests per path, {args.clients} clients, loopback")
    print(f"{'path':<14}{'server':<11}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}")
    for name in paths:
        for kind in ("waitress", "runserver"):
            rate, latencies = results[kind][name]
            ordered = sorted(latencies)
            p50 = statistics.median(ordered) * 1000
            p95 = ordered[int(len(ordered) * 0.95) - 1] * 1000
            print(f"{name:<14}{kind:<11}{rate:>9.0f}{p50:>9.1f}{p95:>9.1f}")
        ratio = results["waitress"][name][0] / results["runserver"][name][0]
        print(f"{name:<14}ratio waitress/runserver throughput: {ratio:.2f}")


if __name__ == "__main__":
    main()
