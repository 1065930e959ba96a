"""`bairn serve`: migrations, static files, demo accounts and a real WSGI server (waitress)."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

BAIRN = Path(sys.executable).with_name("bairn")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BAIRN_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)  # the served app uses its own SQLite file
    env.update(extra)
    return env


def _get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def test_serve_demo(tmp_path):
    port = _free_port()
    store = tmp_path / "data" / "bairn.duckdb"
    process = subprocess.Popen(
        [str(BAIRN), "serve", "--port", str(port), "--db", str(store), "--demo"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=_env(COLUMNS="200"),
    )
    try:
        output = ""
        deadline = time.monotonic() + 60
        while "serving on" not in output and time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            output += line
        assert "serving on" in output, output
        base = f"http://127.0.0.1:{port}"

        status, headers, body = _get(f"{base}/healthz")
        assert status == 200 and json.loads(body) == {"status": "ok", "database": "ok"}
        assert headers["Server"] == "Bairn"

        status, headers, body = _get(f"{base}/")
        assert status == 200 and b"Child protection improvement data" in body
        assert "Content-Security-Policy" in headers
        # Static files are served from the gathered, hashed copies (no CDN, long-lived cache).
        css = re.search(
            rb'href="(/static/vendor/sgds/css/design-system\.min\.[0-9a-f]+\.css)"', body
        )
        assert css, body[:2000]
        status, headers, _ = _get(base + css.group(1).decode())
        assert status == 200 and "immutable" in headers["Cache-Control"]

        status, _, _ = _get(f"{base}/audit/")
        assert status == 200  # urllib follows the redirect to the sign-in page

        # Demo content: a synthetic survey wave for every CPC, its indicators on the pages.
        status, _, body = _get(f"{base}/voices/indicators/")
        assert status == 200 and body.count(b"Demo-W1") == 8
    finally:
        process.terminate()
        process.wait(timeout=10)

    # Every demo account is printed with its password.
    for name in ("demo-national-analyst", "demo-cpc-lead", "demo-cpc-analyst", "demo-admin"):
        assert name in output
    assert "Loaded the CPIP programme" in output and "closed synthetic survey waves" in output
    assert (tmp_path / "data" / "web.sqlite3").exists()
    assert (tmp_path / "data" / "secret_key").exists()


def test_serve_without_a_secret_key_explains_itself(tmp_path):
    result = subprocess.run(
        [str(BAIRN), "serve", "--port", str(_free_port()), "--db", str(tmp_path / "b.duckdb")],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=60,
    )
    assert result.returncode == 2
    assert "BAIRN_SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.django_db
def test_port_in_use_is_a_plain_error(tmp_path):
    from bairn.errors import BairnError
    from bairn.web.server import _create

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(BairnError, match=f"Port {port}"):
            _create(lambda environ, start: [], "127.0.0.1", port)
