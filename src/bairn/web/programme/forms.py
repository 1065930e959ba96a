from __future__ import annotations

from django import forms

from bairn.web.programme.models import Action, Confidence, Direction, Evidence, Status
from bairn.web.programme.uploads import check_upload

RATIONALE_HELP = "Why this change? It is kept in the action's history."


class ActionForm(forms.ModelForm):
    rationale = forms.CharField(
        label="Rationale for the change", widget=forms.Textarea(attrs={"rows": 3}),
        help_text=RATIONALE_HELP,
    )  # fmt: skip

    source_url = forms.URLField(
        label="Source link", required=False, max_length=500, assume_scheme="https"
    )

    class Meta:
        model = Action
        fields = (
            "ref", "work_stream", "kind", "title", "text", "source_reference", "source_url",
            "summary", "source_confirmed", "owner_organisation", "owner_lead", "status",
            "confidence", "start_period", "depends_on",
        )  # fmt: skip
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}  # noqa: RUF012
        labels = {"confidence": "Delivery confidence", "start_period": "Start"}  # noqa: RUF012

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.fields["work_stream"].queryset = programme.streams.all()
        others = programme.actions.all()
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
            del self.fields["ref"]
        self.fields["depends_on"].queryset = others
        self.fields["depends_on"].required = False
        self.fields["status"].choices = Status.choices
        self.fields["confidence"].choices = Confidence.choices

    def clean_ref(self):
        ref = self.cleaned_data["ref"]
        if self.programme.actions.filter(ref=ref).exists():
            raise forms.ValidationError(f"{ref} is already used in this programme.")
        return ref

    def clean_start_period(self):
        from bairn.periods import parse_period

        value = self.cleaned_data["start_period"].strip()
        if value:
            try:
                parse_period(value)
            except Exception:
                raise forms.ValidationError("Enter a period label such as 2021Q3.") from None
        return value


class EvidenceForm(forms.Form):
    type = forms.ChoiceField(label="Kind of evidence", choices=Evidence.Type.choices)
    title = forms.CharField(label="Title", max_length=300)
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    url = forms.URLField(label="Link", required=False, assume_scheme="https")
    file = forms.FileField(
        label="Document", required=False,
        help_text="PDF, Word, Excel, PowerPoint, OpenDocument text, PNG, JPEG, CSV or text.",
    )  # fmt: skip

    def clean(self):
        data = super().clean()
        kind = data.get("type")
        if kind == Evidence.Type.LINK and not data.get("url"):
            self.add_error("url", "Enter the link.")
        if kind == Evidence.Type.NOTE and not data.get("note"):
            self.add_error("note", "Enter the note.")
        if kind == Evidence.Type.DOCUMENT:
            upload = data.get("file")
            if not upload:
                self.add_error("file", "Choose a document to upload.")
            else:
                try:
                    data["file_meta"] = check_upload(upload)
                except forms.ValidationError as exc:
                    self.add_error("file", exc)
        return data


class MilestoneForm(forms.Form):
    title = forms.CharField(label="Milestone", max_length=300)
    due_date = forms.DateField(label="Due date", help_text="For example 2025-03-31.")


class MeasureForm(forms.Form):
    indicator_id = forms.ChoiceField(label="Indicator")
    area_code = forms.CharField(
        label="Area code", initial="S92000003",
        help_text="A council (S12…), a CPC (CPC-…) or Scotland (S92000003).",
    )  # fmt: skip
    direction = forms.ChoiceField(label="Expected direction", choices=Direction.choices)
    from_period = forms.CharField(label="From (period label)", help_text="For example 2021Q3.")
    rationale = forms.CharField(label="Rationale", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        from bairn.indicators import load_catalogue

        super().__init__(*args, **kwargs)
        inds = sorted(load_catalogue().indicators.values(), key=lambda i: i.title)
        self.fields["indicator_id"].choices = [(i.id, f"{i.title} ({i.id})") for i in inds]

    def clean_area_code(self):
        from bairn.areas import all_areas

        code = self.cleaned_data["area_code"].strip()
        if all_areas().get(code) is None:
            raise forms.ValidationError(f"{code} is not a council, CPC or Scotland code.")
        return code

    def clean_from_period(self):
        from bairn.periods import parse_period

        value = self.cleaned_data["from_period"].strip()
        try:
            parse_period(value)
        except Exception:
            raise forms.ValidationError("Enter a period label such as 2021Q3.") from None
        return value


class ReviewForm(forms.Form):
    title = forms.CharField(label="Meeting", max_length=200, initial="Progress review")
    held_on = forms.DateField(label="Date of the meeting", help_text="For example 2018-04-30.")
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))
