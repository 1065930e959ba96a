"""Fixtures for the voices tests: a wave for a CPC, and a helper that answers a whole survey
through the public pages (plain POSTs, as a browser without JavaScript would)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone


@pytest.fixture
def make_wave(make_user):
    from bairn.web.voices.models import Wave

    lead = make_user("cpc_lead", "CPC-ELML")
    lead.email = "lead@example.scot"
    lead.save()

    def make(
        instrument: str = "children-8plus",
        cpc: str = "CPC-ELML",
        label: str = "2025-W1",
        closed: bool = False,
        **extra,
    ) -> Wave:
        now = timezone.now()
        opens, closes = (now - dt.timedelta(days=30), now + dt.timedelta(days=30))
        if closed:
            opens, closes = now - dt.timedelta(days=60), now - dt.timedelta(days=1)
        return Wave.objects.create(
            cpc_code=cpc,
            instrument_id=instrument,
            instrument_version=1,
            label=label,
            opens_at=opens,
            closes_at=closes,
            safeguarding_lead=lead,
            created_by=lead,
            **extra,
        )

    make.lead = lead
    return make


def answer_survey(client, wave, answers: dict[str, str], *, extra: dict | None = None):
    """Walk the survey page by page; returns the last response."""
    inst = wave.instrument()
    response = client.post(f"/voices/s/{wave.token}/", extra or {})
    assert response.status_code == 200, response.content[:500]
    while True:
        html = response.content.decode()
        action = re.search(r'<form method="post" action="([^"]+)"', html).group(1)
        state = re.search(r'name="state" value="([^"]+)"', html).group(1)
        page_id = action.rstrip("/").rsplit("/", 1)[1]
        data = {"state": state}
        for q in inst.page(page_id).questions:
            if q.id in answers:
                data[q.id] = answers[q.id]
        response = client.post(action, data)
        if response.status_code != 200:
            return response
