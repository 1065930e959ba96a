"""`bairn programme load [FILE]` and `bairn programme list`: Django is imported inside the
commands so that `bairn --help` stays fast."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from bairn.web.setup import setup_django


def register(app: typer.Typer) -> None:
    programme_app = typer.Typer(help="Programme tracking: actions, recommendations, reviews.")
    app.add_typer(programme_app, name="programme")

    @programme_app.command("load")
    def load(
        file: Annotated[
            Path | None, typer.Argument(help="Programme YAML (default: the built-in CPIP file).")
        ] = None,
    ) -> None:
        """Create or update a programme from YAML (loading the same file again changes nothing)."""
        from rich.console import Console

        setup_django()
        from bairn.web.programme.seed import DEFAULT_FILE
        from bairn.web.programme.seed import load as load_file

        counts = load_file(file)
        Console().print(
            f"Loaded {(file or DEFAULT_FILE).name}: {counts['actions']} new actions, "
            f"{counts['streams']} new work streams, {counts['milestones']} new milestones, "
            f"{counts['measures']} new measure links, {counts['changes']} changes.",
            highlight=False,
        )

    @programme_app.command("list")
    def list_(
        format: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    ) -> None:
        """List the programmes, their work streams and actions."""
        from rich.console import Console
        from rich.table import Table

        from bairn.errors import BairnError

        if format not in ("table", "json"):
            raise BairnError(f"Format {format!r} is not one of table, json.")
        setup_django()
        from bairn.web.programme.seed import listing

        data = listing()
        if format == "json":
            typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
            return
        console = Console()
        if not data:
            console.print("No programmes yet: run `bairn programme load`.")
        for programme in data:
            table = Table(title=f"{programme['name']} ({programme['slug']})")
            for column in ("Work stream", "Ref", "Title", "Status", "Confidence", "Note"):
                table.add_column(column)
            for stream in programme["work_streams"]:
                for a in stream["actions"] or [{}]:
                    note = "" if a.get("source_confirmed", True) else "not confirmed"
                    table.add_row(stream["name"], a.get("ref", "—"), a.get("title", ""),
                                  a.get("status", ""), a.get("confidence", ""), note)  # fmt: skip
            console.print(table)
