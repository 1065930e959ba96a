"""The "Download report" form and the committee's commentary form."""

from __future__ import annotations

from django import forms

from bairn.web.reporting.access import AREA_TYPES, FORMATS
from bairn.web.reporting.models import MAX_COMMENTARY


class ReportForm(forms.Form):
    """Posted from an area page or the national overview; `periods` are the ones the visitor's
    audience may have (access.report_periods)."""

    area = forms.CharField(max_length=16, required=False, widget=forms.HiddenInput)
    area_type = forms.ChoiceField(
        label="Compare", choices=list(AREA_TYPES.items()), required=False, initial="council"
    )
    period = forms.ChoiceField(label="Period")
    format = forms.ChoiceField(
        label="Format",
        choices=[(k, label) for k, (label, _) in FORMATS.items()],
        widget=forms.RadioSelect,
        initial="pdf",
    )

    def __init__(self, *args, periods: list[tuple[str, list[str]]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [
            (title, [(p, p) for p in labels]) for title, labels in periods
        ]
        if periods:
            self.fields["period"].initial = periods[0][1][0]


def clean_text(value: str) -> str:
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


class CommentaryForm(forms.Form):
    """One text box per indicator of the catalogue (empty: no commentary)."""

    def __init__(self, *args, indicators, saved: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        self.saved = saved
        for ind in self.indicators:
            self.fields[self.field_name(ind.id)] = forms.CharField(
                label=f"Commentary on: {ind.title}",
                required=False,
                max_length=MAX_COMMENTARY,
                strip=False,
                initial=saved[ind.id].text if ind.id in saved else "",
                help_text=f"Up to {MAX_COMMENTARY:,} characters; a blank line starts a new "
                "paragraph.",
                widget=forms.Textarea(attrs={"rows": 5}),
            )

    @staticmethod
    def field_name(indicator_id: str) -> str:
        return f"c_{indicator_id}"

    def texts(self) -> dict[str, str]:
        return {
            ind.id: clean_text(self.cleaned_data.get(self.field_name(ind.id)) or "")
            for ind in self.indicators
        }

    def sections(self):
        """(indicator, bound field, saved Commentary or None), for the template."""
        return [
            (ind, self[self.field_name(ind.id)], self.saved.get(ind.id)) for ind in self.indicators
        ]
