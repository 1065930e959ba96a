"""Everything a report reads, loaded once: the audience's publication (the only source of the
numbers shown), the unprotected results (input to the analyses, never shown), the catalogue,
the indicator run and the submissions. Analyses are computed from the results, then masked for
the audience and overlaid with the published numbers.

One `ReportData` serves many reports for the same audience (the benchmark builds 30 CPC
reports from one), caching the analyses they share.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path

import pandas as pd
from rich.console import Console

from bairn.analysis.disclose import COUNTS, mask_for_audience, published_numbers
from bairn.areas import SCOTLAND
from bairn.errors import BairnError
from bairn.indicators.catalogue import Catalogue, Indicator, load_catalogue
from bairn.periods import parse_period
from bairn.publication import Publication, publish_for_cpcs, publish_results

INTERVAL = ("lower95", "upper95")
NUMBERS = [*COUNTS, *INTERVAL]  # one lookup: masking reads COUNTS, the tables all five


@dataclasses.dataclass
class ReportData:
    db: Path | None
    audience: str
    cpc: str | None
    publication: Publication
    published: pd.DataFrame  # total rows of the publication: numbers or GSS symbols
    results: pd.DataFrame  # unprotected totals: input to the analyses only
    catalogue: Catalogue
    run: dict
    submissions: list[dict]
    cache: dict = dataclasses.field(default_factory=dict)  # masked: this audience only
    raw: dict = dataclasses.field(default_factory=dict)  # unmasked analyses: shared by siblings
    shown: set = dataclasses.field(default_factory=set)  # published keys the report showed
    # survey indicators after the survey disclosure rule (bairn.voices): totals, every wave
    surveys: pd.DataFrame = dataclasses.field(default_factory=pd.DataFrame)

    @classmethod
    def load(
        cls,
        db: str | Path | None,
        *,
        audience: str,
        cpc: str | None = None,
        console: Console | None = None,
        prepared: tuple[Publication, pd.DataFrame] | None = None,
    ) -> ReportData:
        """The audience's publication and the run's results from the store `db`. `prepared`
        is a publication for this audience and the unprotected total results it was made from
        (the web app keeps both for its pages): used when it is of the store's latest run,
        which saves publishing and reading the results again."""
        from bairn.indicators import read_results
        from bairn.indicators.storage import latest_run
        from bairn.store import Store

        if prepared is not None:
            _check_audience(prepared[0], audience, cpc)
            with Store(db, read_only=True) as store:
                run = latest_run(store) or {}
                if _is_of_run(prepared[0], run):  # else another run's: publish afresh below
                    publication, results = prepared
                    published = _totals(publication)
                    return cls._of(db, audience, cpc, (publication, published), results, run, store)
        # publishing may first compute a new run: the results are read after it
        publication, published = _publish(db, audience, cpc, console)
        with Store(db, read_only=True) as store:
            results = read_results(store, breakdown="total")
            run = latest_run(store) or {}
            _same_run(publication, run)
            return cls._of(db, audience, cpc, (publication, published), results, run, store)

    @classmethod
    def _of(cls, db, audience, cpc, publication_and_totals, results, run, store) -> ReportData:
        from bairn.voices import read_survey_results

        publication, published = publication_and_totals
        return cls(
            db=Path(db) if db else None,
            audience=audience,
            cpc=cpc,
            publication=publication,
            published=published,
            results=results,
            catalogue=load_catalogue(),
            run=run,
            submissions=store.submissions(),
            surveys=protect_surveys(read_survey_results(store)),
        )

    def with_surveys(self, shown: pd.DataFrame) -> ReportData:
        """The same data with these survey indicators in place of the store's, as anyone may
        see them (after `bairn.voices.apply_survey_rule`): the web app passes its published
        table of the waves closed up to now, which it keeps between requests."""
        return dataclasses.replace(self, surveys=_survey_totals(shown))

    def sibling(self, *, audience: str, cpc: str | None = None) -> ReportData:
        """The same store read for another audience: a new publication, the same results and
        the same unmasked analyses (the benchmark's 30 CPC reports share one)."""
        publication, published = _publish(self.db, audience, cpc, None)
        return self.with_publication(audience, cpc, publication, published)

    def for_each_cpc(self, cpcs: Sequence[str]) -> Iterator[ReportData]:
        """`sibling(audience="area", cpc=...)` for each CPC in turn, the store read once for
        them all (`bairn.publication.publish_for_cpcs`): every CPC's report in one go."""
        quiet = Console(stderr=True, quiet=True)
        for cpc, publication in publish_for_cpcs(self.db, cpcs, console=quiet):
            yield self.with_publication("area", cpc, publication, _totals(publication))

    def with_publication(
        self, audience: str, cpc: str | None, publication: Publication, published: pd.DataFrame
    ) -> ReportData:
        """This data with another audience's publication (made by `publish_results` in the
        process that holds the store): the same results and unmasked analyses, a fresh cache
        of masked ones. Worker processes use it so that the results travel to each once."""
        _same_run(publication, self.run)
        return dataclasses.replace(
            self,
            audience=audience,
            cpc=cpc,
            publication=publication,
            published=published,
            cache={},
            shown=set(),
        )

    def publication_only(self) -> tuple[str, str | None, Publication, pd.DataFrame]:
        """What `with_publication` needs: all that differs between two audiences' data."""
        return self.audience, self.cpc, self.publication, self.published

    # --- the published numbers -------------------------------------------------------------

    def _numbers(self) -> dict[tuple[str, str, str], tuple]:
        """The publication's totals by (indicator, area, period), every indicator's at once:
        for the tables (`number`) and for masking analyses (`mask`)."""
        if "numbers" not in self.cache:
            protected = self.publication.protected
            self.cache["numbers"] = published_numbers(protected, extra=INTERVAL)
        return self.cache["numbers"]

    def number(self, indicator_id: str, area_code: str, period: str) -> dict | None:
        """The published numerator, denominator, value and interval (numbers or symbols)."""
        key = (indicator_id, area_code, period)
        found = self._numbers().get(key)
        if found is None:
            return None
        self.shown.add(key)
        return dict(zip(NUMBERS, found, strict=True))

    def periods_published(self, area_code: str = SCOTLAND) -> set[str]:
        key = ("periods", area_code)
        if key not in self.cache:
            rows = self.published[self.published.area_code == area_code]
            self.cache[key] = set(rows.period.unique())
        return self.cache[key]

    def has_figures(self, area_code: str, period: str) -> bool:
        """True when the audience's tables hold any figure for the area in the period."""
        return period in self.periods_published(area_code)

    def comparison_period(self, period: str) -> str | None:
        """The period in which this audience may compare areas: the report's own when other
        areas are published for it, else the latest statistics year ending by its end (the
        public and other CPCs receive statistics years)."""
        published = self.periods_published(SCOTLAND)
        if period in published:
            return period
        end = parse_period(period).end
        years = [parse_period(p) for p in published if p.startswith("SY")]
        years = [p for p in years if p.end <= end]
        return max(years).label if years else None

    def latest_quarter(self) -> str:
        quarters = [p for p in self.results.period.unique() if "Q" in p]
        if not quarters:
            raise BairnError("The store holds no quarterly results; load data first.")
        return max(quarters, key=lambda p: parse_period(p).start)

    # --- analyses, masked and overlaid with published numbers -------------------------------

    def results_for(self, ind: Indicator) -> pd.DataFrame:
        """The indicator's unprotected results: the same for every audience, so siblings share
        them (filtering the whole table again for each indicator of each report cost a tenth
        of a second a report)."""
        key = ("results", ind.id)
        if key not in self.raw:
            if "indicator rows" not in self.raw:
                self.raw["indicator rows"] = self.results.groupby("indicator_id").indices
            found = self.raw["indicator rows"].get(ind.id, [])
            self.raw[key] = self.results.iloc[found].reset_index(drop=True)
        return self.raw[key]

    def area_results(
        self, ind: Indicator, area_code: str, *, until: dt.date | None = None
    ) -> pd.DataFrame:
        """The indicator's unprotected results for one area (a trend's input), of the periods
        ending by `until` if given."""
        key = ("area rows", ind.id)
        if key not in self.raw:
            self.raw[key] = self.results_for(ind).groupby("area_code").indices
        rows = self.results_for(ind).iloc[self.raw[key].get(area_code, [])]
        if until is None:
            return rows
        labels = rows.period.tolist()
        ended = [i for i, label in enumerate(labels) if parse_period(label).end <= until]
        return rows.iloc[ended]

    def mask(self, frame: pd.DataFrame, *, strict: bool = True) -> pd.DataFrame:
        """What the audience may see of an analysis (`mask_for_audience`: published rows only,
        with the published numbers, `c` for what a suppressed count would give away). With
        `strict`, an analysis none of whose rows is published is an error."""
        protected = self.publication.protected
        return mask_for_audience(frame, protected, numbers=self._numbers(), strict=strict)

    def cached(self, key: tuple, build, *, shared: bool = False):
        """`build()` once per key (errors too); `shared` caches unmasked analyses, which
        siblings for other audiences reuse. A masked analysis (not `shared`) is what a report
        shows: its published rows are noted for the report's audit each time it is asked for,
        so a second report from the same data is audited for everything it shows too."""
        store = self.raw if shared else self.cache
        if key not in store:
            try:
                store[key] = build()
            except BairnError as exc:
                store[key] = exc
        value = store[key]
        if isinstance(value, BairnError):
            raise value
        if not shared and isinstance(value, pd.DataFrame):
            for column in ("period", "baseline_period"):
                if column in value:
                    keys = (value[col].tolist() for col in ("indicator_id", "area_code", column))
                    self.shown.update(zip(*keys, strict=True))
        return value

    def computed_at(self) -> dt.datetime:
        """When the indicators behind the report were computed (UTC): the report's date in
        every format, so the same figures make the same bytes."""
        when = self.run.get("computed_at") or self.run.get("created_at")
        if when is None:
            return dt.datetime.now(dt.UTC).replace(tzinfo=None)
        if isinstance(when, dt.datetime):
            return when
        return dt.datetime.fromisoformat(str(when))

    def generated_at(self) -> str:
        return str(self.computed_at())[:16]


def _publish(db, audience: str, cpc: str | None, console: Console | None):
    quiet = console or Console(stderr=True, quiet=True)
    publication = publish_results(db, audience=audience, cpc=cpc, console=quiet)
    return publication, _totals(publication)


def _totals(publication: Publication) -> pd.DataFrame:
    frame = publication.protected.frame
    return frame[frame["breakdown"] == "total"].reset_index(drop=True)


def _check_audience(publication: Publication, audience: str, cpc: str | None) -> None:
    """A prepared publication handed over for another audience is a programming error."""
    record = publication.protected.record
    if record.audience != audience or (audience == "area" and record.area != cpc):
        raise ValueError(
            f"a publication for the {record.audience} audience ({record.area}) was given for "
            f"the {audience} audience ({cpc})"
        )


def _is_of_run(publication: Publication, run: dict) -> bool:
    made_from = publication.protected.record.run_id
    return made_from is not None and made_from == run.get("run_id")


def _same_run(publication: Publication, run: dict) -> None:
    if not _is_of_run(publication, run):
        raise BairnError(
            "The indicators were recomputed while the report was being made; make it again."
        )


def protect_surveys(table: pd.DataFrame) -> pd.DataFrame:
    """Survey totals after the survey disclosure rule and its audit, which hold for every
    audience (the respondents are protected, whoever reads): the rule runs on the whole table,
    breakdowns included, so it sees every cell that adds up."""
    from bairn.voices import apply_survey_rule

    return table if table.empty else _survey_totals(apply_survey_rule(table))


def _survey_totals(shown: pd.DataFrame) -> pd.DataFrame:
    if shown.empty:
        return shown
    return shown[shown.breakdown == "total"].reset_index(drop=True)
