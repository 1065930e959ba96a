"""`bairn voices publish` (survey indicators into the analytical store, for the reports and the
CLI) and `bairn voices synthesise` (synthetic closed waves for every CPC: demo and tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="The analytical store (default: BAIRN_DB or bairn-data)."),
]


def register(app: typer.Typer) -> None:
    voices_app = typer.Typer(help="Surveys of practitioners, children and young people.")
    app.add_typer(voices_app, name="voices")

    @voices_app.command("publish")
    def publish(db: DbOption = None) -> None:
        """Write the survey indicators of every closed wave into the analytical store, where
        reports read them (each reader applies the survey disclosure rule)."""
        from rich.console import Console

        from bairn.store import Store
        from bairn.voices import save_survey_results
        from bairn.web.setup import setup_django

        setup_django()
        from bairn.web.voices.aggregate import survey_results

        table = survey_results()
        with Store(db) as store:
            rows = save_survey_results(store, table)
        waves = table.loc[table.area_type == "cpc", ["area_code", "period"]].drop_duplicates()
        Console().print(
            f"Published {rows:,} survey indicator rows from {len(waves):,} CPC waves "
            f"({', '.join(sorted(set(table.period))) or 'no closed wave yet'}).",
            highlight=False,
        )

    @voices_app.command("synthesise")
    def synthesise(
        label: Annotated[str, typer.Option("--label", help="The waves' label, e.g. 2025-W1.")],
        lead: Annotated[
            str, typer.Option("--lead", help="User name of the waves' safeguarding lead.")
        ],
        seed: Annotated[int, typer.Option("--seed")] = 1,
    ) -> None:
        """Synthetic closed waves of every built-in survey for every CPC (never real answers)."""
        from rich.console import Console

        from bairn.errors import BairnError
        from bairn.web.setup import setup_django

        setup_django()
        from bairn.web.accounts.models import User
        from bairn.web.voices.models import Wave
        from bairn.web.voices.synthetic import make_synthetic_waves

        found = User.objects.filter(username=lead).first()
        if found is None:
            raise BairnError(f"There is no user {lead!r}; name an existing account with --lead.")
        if Wave.objects.filter(label=label).exists():
            raise BairnError(f"Waves labelled {label!r} exist already; choose another --label.")
        made = make_synthetic_waves(label, found, seed=seed)
        Console().print(
            f"Made {made.waves} closed waves labelled {label} with {made.responses:,} synthetic "
            "responses. Run `bairn voices publish` to put their indicators in the store.",
            highlight=False,
        )
