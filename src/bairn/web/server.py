"""Start the web application: configure, migrate, gather static files, serve with waitress.

    from bairn.web.server import serve, start
    serve(host="127.0.0.1", port=8000, db="bairn-data/bairn.duckdb", demo=True)   # blocks
    running = start(port=0, db=..., demo=True); print(running.url); running.stop()  # thread

Waitress is a production WSGI server (pure Python, no C build, runs on every platform); Django's
runserver is never used.
"""

from __future__ import annotations

import errno
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bairn.errors import BairnError

THREADS = 8


@dataclass
class Prepared:
    demo_accounts: list = field(default_factory=list)
    demo_content: list = field(default_factory=list)


@dataclass
class RunningServer:
    url: str
    host: str
    port: int
    _server: object
    _thread: threading.Thread

    def stop(self, timeout: float = 5.0) -> None:
        from bairn.web.tasks import worker

        self._server.close()
        self._server.task_dispatcher.shutdown()
        self._thread.join(timeout)
        worker.stop(timeout)


def configure(db: str | Path | None = None, *, demo: bool = False) -> None:
    """Point the settings at the store (and demo mode) and set Django up. Call once per process."""
    if db:
        os.environ["BAIRN_DB"] = str(Path(db).resolve())
    if demo:
        os.environ["BAIRN_DEMO"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bairn.web.settings")
    import django

    django.setup()


def prepare(console: Console | None = None) -> Prepared:
    """Create the data folder, apply migrations, gather static files, set up demo accounts."""
    from django.conf import settings
    from django.contrib.staticfiles import finders
    from django.core.management import call_command

    from bairn.web.accounts import demo

    if finders.find("vendor/sgds/css/design-system.min.css") is None:
        raise BairnError(
            "The web application's assets are not built. Run `make install` (it needs npm), "
            "or `scripts/build-assets.sh`."
        )
    Path(settings.BAIRN_DATA_DIR).mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    prepared = Prepared()
    if settings.BAIRN_DEMO:
        from bairn.web.demo_content import ensure_demo_content

        prepared.demo_accounts = demo.ensure_demo_accounts()
        prepared.demo_content = ensure_demo_content(settings.BAIRN_DB)
    else:
        demo.disable_demo_accounts()
    if console is not None:
        _report(console, prepared)
    return prepared


def start_worker() -> None:
    """Start the background-task worker in this process (validation, loading, preparing the
    published figures) and queue the public figures so the first visitor need not wait."""
    from bairn.web.results import publications
    from bairn.web.tasks import worker

    worker.start()
    publications.warm()


def _report(console: Console, prepared: Prepared) -> None:
    from django.conf import settings

    console.print(f"Web database ready; analytical store: {settings.BAIRN_DB}.")
    for line in prepared.demo_content:
        console.print(line, highlight=False)
    if not prepared.demo_accounts:
        return
    table = Table(title="Demo accounts (new passwords at every start)")
    for column in ("user name", "role", "area", "password"):
        table.add_column(column)
    for account in prepared.demo_accounts:
        table.add_row(account.username, account.role_label, account.area or "—", account.password)
    console.print(table)
    console.print(
        "At first sign-in each account sets up two-factor sign-in: scan the QR code with an "
        "authenticator app (or type the key shown)."
    )


def _create(application, host: str, port: int):
    from waitress.server import create_server

    options = {
        "host": host,
        "port": port,
        "threads": THREADS,
        "ident": "Bairn",
        "clear_untrusted_proxy_headers": True,
    }
    if proxy := os.environ.get("BAIRN_TRUSTED_PROXY"):
        options.update(
            trusted_proxy=proxy,
            trusted_proxy_count=1,
            trusted_proxy_headers={"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"},
        )
    try:
        return create_server(application, **options)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise BairnError(
                f"Port {port} on {host} is already in use; choose another with --port."
            ) from None
        if exc.errno == errno.EADDRNOTAVAIL:
            raise BairnError(f"{host} is not an address of this machine; check --host.") from None
        raise


def _allow_host(host: str) -> None:
    if host in ("0.0.0.0", "::", ""):
        return  # every interface: BAIRN_ALLOWED_HOSTS must name the public host names
    names = [n for n in os.environ.get("BAIRN_ALLOWED_HOSTS", "").split(",") if n]
    if not names:
        names = ["localhost", "127.0.0.1", "[::1]"]
    if host not in names:
        names.append(host)
    os.environ["BAIRN_ALLOWED_HOSTS"] = ",".join(names)


def start(
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    db: str | Path | None = None,
    demo: bool = False,
    console: Console | None = None,
) -> RunningServer:
    """Configure, prepare and serve in a background thread; returns a handle with `.stop()`."""
    _allow_host(host)
    configure(db, demo=demo)
    prepare(console)
    from bairn.web.wsgi import application

    server = _create(application, host, port)
    start_worker()
    actual = server.effective_port
    shown = f"[{host}]" if ":" in host else host
    thread = threading.Thread(target=server.run, name="bairn-web", daemon=True)
    thread.start()
    return RunningServer(f"http://{shown}:{actual}/", host, actual, server, thread)


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    db: str | Path | None = None,
    demo: bool = False,
    console: Console | None = None,
) -> None:
    """Configure, prepare and serve until interrupted (Ctrl-C)."""
    console = console or Console()
    _allow_host(host)
    configure(db, demo=demo)
    prepare(console)
    from bairn.web.wsgi import application

    server = _create(application, host, port)
    start_worker()
    shown = f"[{host}]" if ":" in host else host
    console.print(f"Bairn is serving on http://{shown}:{server.effective_port}/ (Ctrl-C stops it).")
    try:
        server.run()
    finally:
        from bairn.web.tasks import worker

        server.close()
        server.task_dispatcher.shutdown()
        worker.stop()


def serve_demo(
    db_path: str | Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    console: Console | None = None,
) -> None:
    """`bairn demo`'s last step: serve the platform on the demo store in demo mode. Creates one
    demo account per role with new random passwords and prints them; blocks until Ctrl-C."""
    serve(host=host, port=port, db=db_path, demo=True, console=console or Console())
