"""The upload form: the council, the period (optional) and the extract's files."""

from __future__ import annotations

import re
from pathlib import PurePath

from django import forms
from django.conf import settings

from bairn.errors import BairnError

ALLOWED_SUFFIXES = (".csv", ".xlsx", ".parquet")
MAX_FILES = 20
DEFAULT_MAX_BYTES = 200 * 1024 * 1024
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(ALLOWED_SUFFIXES)}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


def safe_name(name: str) -> str:
    """The file's own name without any folder, in safe characters (its table is read from it)."""
    base = PurePath(name.replace("\\", "/")).name
    cleaned = _SAFE.sub("_", base).strip("._") or "file"
    return cleaned[:100]


class UploadForm(forms.Form):
    council = forms.ChoiceField(
        label="Council",
        help_text="The council whose records these are. A submission belongs to one council.",
    )
    period = forms.CharField(
        label="Period (optional)",
        required=False,
        max_length=16,
        help_text=(
            "The period the files cover, such as 2025Q2 or SY2024-25. Leave it empty and each "
            "quarter the records fall in becomes a submission of its own."
        ),
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    files = MultipleFileField(
        label="Extract files",
        help_text=(
            "CSV, XLSX or Parquet, one per table, named after the table (children.csv, "
            f"meetings.xlsx …). Up to {MAX_FILES} files."
        ),
    )

    def __init__(self, *args, councils: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].choices = councils
        if len(councils) == 1:
            self.fields["council"].initial = councils[0][0]

    def clean_period(self) -> str:
        text = self.cleaned_data["period"].strip()
        if not text:
            return ""
        from bairn.periods import parse_period

        try:
            return parse_period(text).label
        except BairnError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"Send at most {MAX_FILES} files at once.")
        limit = getattr(settings, "BAIRN_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)
        if sum(f.size for f in files) > limit:
            raise forms.ValidationError(
                f"The files come to more than {limit // (1024 * 1024)} MB; send a zipped-down "
                "extract (Parquet is smallest) or split it by period."
            )
        names = set()
        for f in files:
            name = safe_name(f.name)
            if not name.lower().endswith(ALLOWED_SUFFIXES):
                raise forms.ValidationError(
                    f"{f.name} is not a CSV, XLSX or Parquet file; save it as one of those."
                )
            if name.lower() in names:
                raise forms.ValidationError(f"Two files are called {name}; give each its own name.")
            names.add(name.lower())
        return files
