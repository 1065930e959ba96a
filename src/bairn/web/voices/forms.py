from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from bairn.areas import all_areas
from bairn.web.accounts.models import User
from bairn.web.accounts.permissions import can_see_records
from bairn.web.voices.instrument import available

YES_NO = [("no", "No"), ("yes", "Yes")]


def cpcs_for(user) -> list[tuple[str, str]]:
    return [
        (a.code, a.name)
        for a in all_areas().values()
        if a.type == "cpc" and can_see_records(user, a.code)
    ]


class WaveForm(forms.Form):
    cpc_code = forms.ChoiceField(label="Child Protection Committee")
    instrument = forms.ChoiceField(label="Survey")
    label = forms.RegexField(
        label="Wave label",
        regex=r"^[0-9A-Za-z][0-9A-Za-z-]{1,30}$",
        help_text="Shown as the period in results, for example 2025-W1.",
        error_messages={"invalid": "Use letters, numbers and hyphens, for example 2025-W1."},
    )
    opens = forms.DateField(label="Opens on", help_text="For example 2025-09-01.")
    closes = forms.DateField(label="Closes at the start of", help_text="For example 2025-10-01.")
    safeguarding_lead = forms.ChoiceField(
        label="Named safeguarding lead", help_text="Receives an alert when a child is not safe."
    )
    identified = forms.ChoiceField(
        label="Ask for names (with consent)?", choices=YES_NO, initial="no"
    )
    one_per_device = forms.ChoiceField(label="One response per device?", choices=YES_NO)
    max_per_hour = forms.IntegerField(label="Most responses an hour", min_value=1, initial=200)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cpc_code"].choices = cpcs_for(user)
        self.fields["instrument"].choices = [(i.key, i.title) for i in available()]
        leads = User.objects.filter(is_active=True, role__in=["cpc_lead", "cpc_analyst"])
        self.fields["safeguarding_lead"].choices = [
            (str(u.pk), u.get_full_name() or u.get_username())
            for u in leads.order_by("username")
            if any(can_see_records(u, code) for code, _ in cpcs_for(user))
        ]

    def clean(self):
        data = super().clean()
        if data.get("opens") and data.get("closes") and data["closes"] <= data["opens"]:
            self.add_error("closes", "The closing date must be after the opening date.")
        lead_id = data.get("safeguarding_lead")
        if lead_id and data.get("cpc_code"):
            lead = User.objects.filter(pk=lead_id).first()
            if lead is None or not can_see_records(lead, data["cpc_code"]):
                self.add_error("safeguarding_lead", "Choose a lead who works for this CPC.")
        return data

    @staticmethod
    def moment(day: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
