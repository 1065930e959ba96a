"""What `bairn demo` puts in the web database besides its accounts, so every part of the
platform has something to show: the CPIP programme (owned by the demo programme owner) and one
synthetic survey wave for every CPC, whose indicators are published into the analytical store.
Demo mode only; each step is skipped when its content is there already."""

from __future__ import annotations

from pathlib import Path

DEMO_WAVE = "Demo-W1"


def ensure_demo_content(db: str | Path | None) -> list[str]:
    """Add what is missing; returns a sentence for each thing added."""
    from bairn.web.accounts.models import User
    from bairn.web.programme.models import Programme
    from bairn.web.programme.seed import load
    from bairn.web.voices.models import Wave
    from bairn.web.voices.synthetic import make_synthetic_waves

    done = []
    if not Programme.objects.filter(slug="cpip").exists():
        load()
        owner = User.objects.filter(username="demo-programme-owner").first()
        if owner is not None:
            Programme.objects.get(slug="cpip").owners.add(owner)
        done.append("Loaded the CPIP programme (owned by demo-programme-owner).")
    lead = User.objects.filter(username="demo-cpc-lead").first()
    if lead is not None and not Wave.objects.filter(label=DEMO_WAVE).exists():
        made = make_synthetic_waves(DEMO_WAVE, lead, seed=7)
        done.append(
            f"Made {made.waves} closed synthetic survey waves ({made.responses:,} responses)."
        )
    if db and Path(db).exists():
        from bairn.store import Store
        from bairn.voices import read_survey_results, save_survey_results
        from bairn.web.voices.aggregate import survey_results

        with Store(db) as store:
            if read_survey_results(store).empty:
                rows = save_survey_results(store, survey_results())
                done.append(f"Published {rows:,} survey indicator rows into the store.")
    return done
