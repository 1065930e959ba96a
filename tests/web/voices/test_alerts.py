"""The safeguarding alert queue: created with the response, delivered once, retried with backoff,
escalated after repeated failure, acknowledged by the lead, every change audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from bairn.web.audit.models import AuditEntry
from bairn.web.voices import alerts, views_public
from bairn.web.voices.models import AlertState, Response, SafeguardingAlert
from tests.web.voices.conftest import answer_survey

UNSAFE = {"listened": "always", "understand": "sometimes", "meeting_went": "no",
          "meeting_views": "yes", "safer": "no", "safe_now": "no", "comments": "help"}  # fmt: skip

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_immediate_delivery(monkeypatch):
    """The process 'dies' right after the response is committed: nothing is sent at once."""
    monkeypatch.setattr(views_public, "_deliver_now", lambda: None)


def _actions(alert) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type="voices.safeguardingalert", object_id=str(alert.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_unsafe_answer_queues_an_alert_with_the_response_and_survives_a_crash(client, make_wave):
    wave = make_wave()
    result = answer_survey(client, wave, UNSAFE)
    assert result.status_code == 302 and result["Location"].endswith("/done/")

    response = Response.objects.get(wave=wave)
    alert = SafeguardingAlert.objects.get(response=response)
    assert alert.state == AlertState.PENDING and alert.key == f"{response.key}:unsafe"
    assert mail.outbox == []  # the crash: nothing was sent

    # After the restart the worker delivers it, exactly once.
    assert alerts.deliver_pending() == {"sent": 1, "retry": 0, "failed": 0}
    alert.refresh_from_db()
    assert alert.state == AlertState.SENT and alert.delivered_at is not None
    assert [m.to for m in mail.outbox] == [["lead@example.scot"]]
    assert "help" not in mail.outbox[0].body  # no answers or free text travel by e-mail
    assert alerts.deliver_pending() == {"sent": 0, "retry": 0, "failed": 0}
    assert len(mail.outbox) == 1
    assert _actions(alert) == ["voices.alert.created", "voices.alert.sent"]


def test_a_crash_after_the_send_does_not_send_twice(client, make_wave, monkeypatch):
    wave = make_wave()
    answer_survey(client, wave, UNSAFE)
    real_finish = alerts._finish_sent

    def crash(alert):
        raise SystemExit("worker killed after the send")

    monkeypatch.setattr(alerts, "_finish_sent", crash)
    with pytest.raises(SystemExit):
        alerts.deliver_pending()
    assert len(mail.outbox) == 1
    alert = SafeguardingAlert.objects.get()
    assert alert.state == AlertState.PENDING and alert.delivered_at is not None

    # Restart: the lease still holds for a while, then the worker finishes without re-sending.
    monkeypatch.setattr(alerts, "_finish_sent", real_finish)
    assert alerts.deliver_pending()["sent"] == 0
    later = timezone.now() + dt.timedelta(seconds=alerts.LEASE_SECONDS + 1)
    assert alerts.deliver_pending(now=later)["sent"] == 1
    alert.refresh_from_db()
    assert alert.state == AlertState.SENT and alert.attempts == 1
    assert len(mail.outbox) == 1


def test_a_second_alert_for_the_same_response_and_reason_is_not_created(make_wave):
    wave = make_wave()
    response = Response.objects.create(wave=wave, answers={"safe_now": "no"})
    first = alerts.create_alert(response, "unsafe")
    again = alerts.create_alert(response, "unsafe")
    assert first.pk == again.pk and SafeguardingAlert.objects.count() == 1


def test_failures_retry_with_backoff_then_escalate(make_wave, monkeypatch, settings):
    settings.ADMINS = [("Bairn admin", "admin@example.scot")]
    wave = make_wave()
    response = Response.objects.create(wave=wave, answers={"safe_now": "no"})
    alert = alerts.create_alert(response, "unsafe")

    def broken(alert):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(alerts, "_send", broken)
    now = timezone.now()
    waits = []
    for attempt in range(1, alerts.MAX_ATTEMPTS + 1):
        counts = alerts.deliver_pending(now=now)
        alert.refresh_from_db()
        assert alert.attempts == attempt and "mail server down" in alert.last_error
        if attempt < alerts.MAX_ATTEMPTS:
            assert counts["retry"] == 1 and alert.state == AlertState.PENDING
            assert alerts.deliver_pending(now=now)["retry"] == 0  # not due yet
            waits.append((alert.next_attempt_at - now).total_seconds())
            now = alert.next_attempt_at
    assert waits == [60, 120, 240, 480]
    assert alert.state == AlertState.FAILED
    actions = _actions(alert)
    assert actions.count("voices.alert.retry") == 4 and actions[-1] == "voices.alert.failed"
    assert AuditEntry.objects.get(action="voices.alert.failed").detail["state"] == "failed"
    assert [m.to for m in mail.outbox] == [["admin@example.scot"]]  # mail_admins: escalation


def test_lead_acknowledges_and_pages_are_scoped(client, make_wave, make_user, sign_in):
    wave = make_wave()
    response = Response.objects.create(wave=wave, answers={"safe_now": "no", "listened": "never"})
    alert = alerts.create_alert(response, "unsafe")
    alerts.deliver_pending()

    outsider = sign_in(client.__class__(), make_user("cpc_lead", "CPC-CLST"))
    assert outsider.get(f"/voices/alerts/{alert.pk}/").status_code == 404
    assert outsider.post(f"/voices/alerts/{alert.pk}/").status_code == 404

    sign_in(client, make_wave.lead)
    page = client.get(f"/voices/alerts/{alert.pk}/")
    assert page.status_code == 200 and b"Never" in page.content
    assert client.post(f"/voices/alerts/{alert.pk}/").status_code == 302
    alert.refresh_from_db()
    assert alert.state == AlertState.ACKNOWLEDGED and alert.acknowledged_by == make_wave.lead
    entry = AuditEntry.objects.get(action="voices.alert.acknowledged")
    assert entry.username == make_wave.lead.username and entry.area_code == "CPC-ELML"


def test_reviewer_flags_free_text(client, make_wave, sign_in):
    wave = make_wave()
    response = Response.objects.create(wave=wave, answers={"comments": "my dad hits me"})
    sign_in(client, make_wave.lead)
    page = client.get(f"/voices/waves/{wave.pk}/")
    assert b"my dad hits me" in page.content
    result = client.post(f"/voices/responses/{response.pk}/flag/")
    alert = SafeguardingAlert.objects.get(response=response)
    assert result["Location"] == f"/voices/alerts/{alert.pk}/" and alert.reason == "flagged"
    assert alerts.deliver_pending()["sent"] == 1


def test_failed_alerts_show_on_the_administrators_page(client, make_wave, make_user, sign_in):
    wave = make_wave()
    response = Response.objects.create(wave=wave, answers={"safe_now": "no"})
    alert = alerts.create_alert(response, "unsafe")
    SafeguardingAlert.objects.filter(pk=alert.pk).update(state=AlertState.FAILED, attempts=5)
    sign_in(client, make_user("administrator"))
    page = client.get("/voices/alerts/")
    assert b"Failed: escalated" in page.content
    assert f'href="/voices/alerts/{alert.pk}/"'.encode() not in page.content  # no content


def test_the_servers_worker_delivers_queued_alerts(client, make_wave):
    from bairn.web.tasks import worker

    wave = make_wave()
    answer_survey(client, wave, UNSAFE)  # queued; the immediate send "died"
    assert mail.outbox == []
    assert "voices.alerts" in worker.run_periodic(now=float("inf"))
    alert = SafeguardingAlert.objects.get(response__wave=wave)
    assert alert.state == AlertState.SENT and len(mail.outbox) == 1
    worker.run_periodic(now=float("inf"))  # due again: nothing left to send
    assert len(mail.outbox) == 1
