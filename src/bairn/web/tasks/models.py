"""The durable task table: what to do, how far it has got, and how it ended."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class Status(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    DONE = "done", "Finished"
    FAILED = "failed", "Failed"


class Task(models.Model):
    """One piece of long work (validation, loading, recomputation, publication, a report).

    `area_code` is the area whose data the task touches ("" for system work such as preparing
    the published figures); it decides who may watch the task's progress.
    """

    kind = models.CharField(max_length=32, db_index=True)
    params = models.JSONField(default=dict, blank=True)
    # kind + params as canonical JSON: the same work is not queued twice while it is pending.
    key = models.CharField(max_length=255, db_index=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    message = models.CharField(max_length=200, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    area_code = models.CharField(max_length=16, blank=True)
    created_by_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("id",)
        indexes = (models.Index(fields=["status", "id"]),)

    def __str__(self) -> str:
        return f"task {self.pk} {self.kind} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (Status.DONE, Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == Status.DONE:
            return 100
        if not self.total:
            return 0
        return max(0, min(100, round(100 * self.done / self.total)))
