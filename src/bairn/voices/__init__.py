"""Voices: survey indicators from practitioners', children's and young people's answers, the
survey disclosure rule, and their place in the analytical store. No Django (the web app's
`bairn.web.voices` runs the surveys). See README.md and docs/voices.md."""

from bairn.voices.disclosure import apply_survey_rule, audit_surveys, small_groups_hidden
from bairn.voices.indicators import aggregate, catalogue, indicator
from bairn.voices.store import read_survey_results, save_survey_results

__all__ = [
    "aggregate", "apply_survey_rule", "audit_surveys", "catalogue", "indicator",
    "read_survey_results", "save_survey_results", "small_groups_hidden",
]  # fmt: skip
