"""`bairn serve`: the web application's command, wired into the `bairn` CLI by register(app)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
        db: Annotated[
            Path | None,
            typer.Option(
                "--db", help="Store file (default: $BAIRN_DB, else bairn-data/bairn.duckdb)."
            ),
        ] = None,
        demo: Annotated[
            bool, typer.Option("--demo", help="Demo mode: demo accounts, printed passwords.")
        ] = False,
    ) -> None:
        """Run the web application (migrations first) with a production WSGI server."""
        from rich.console import Console

        from bairn.web.server import serve as run

        run(host=host, port=port, db=db, demo=demo, console=Console())
