"""The committee's commentary on an indicator, for one area's report of one period."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

MAX_COMMENTARY = 4000  # characters per indicator: about a page of the PDF


class Commentary(models.Model):
    """What a Child Protection Committee says about one indicator for one period, carried into
    the report of its CPC (or of one of its councils). Written by the CPC's own staff only."""

    area_code = models.CharField(max_length=16)  # a CPC or a council code
    period = models.CharField(max_length=16)  # a quarter (2025Q2) or statistics year (SY2024-25)
    indicator_id = models.CharField(max_length=64)
    text = models.TextField(max_length=MAX_COMMENTARY)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by_name = models.CharField(max_length=150, blank=True)  # outlives the account
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("area_code", "period", "indicator_id")
        verbose_name_plural = "commentaries"
        constraints = (
            models.UniqueConstraint(
                fields=("area_code", "period", "indicator_id"), name="one_commentary_per_indicator"
            ),
        )

    def __str__(self) -> str:
        return f"commentary on {self.indicator_id} for {self.area_code} {self.period}"


def commentary_for(area_code: str, period: str) -> dict[str, str]:
    """{indicator_id: text} saved for an area and period (what build_report takes)."""
    rows = Commentary.objects.filter(area_code=area_code, period=period)
    return {row.indicator_id: row.text for row in rows if row.text.strip()}


def commentary_version(area_code: str, period: str) -> str:
    """Changes whenever the commentary for an area and period does: part of a report task's
    parameters, so a report asked for after an edit is not the one still being made before it."""
    latest = (
        Commentary.objects.filter(area_code=area_code, period=period)
        .order_by("-updated_at")
        .values_list("updated_at", flat=True)
        .first()
    )
    count = Commentary.objects.filter(area_code=area_code, period=period).count()
    return f"{count}:{latest.isoformat()}" if latest else ""
