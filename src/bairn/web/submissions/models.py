"""An upload: files a CPC analyst sent for one council, their validation and their load."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone


class Status(models.TextChoices):
    VALIDATING = "validating", "Being checked"
    INVALID = "invalid", "Has errors: cannot be loaded"
    VALID = "valid", "Checked: ready to load"
    LOADING = "loading", "Being loaded"
    LOADED = "loaded", "Loaded"
    DISCARDED = "discarded", "Discarded"


class Upload(models.Model):
    """One extract sent through the web. Its files wait in the data folder until it is loaded
    or discarded (then they are deleted); its issue report stays for the data-quality page."""

    area_code = models.CharField(max_length=16, db_index=True)
    period = models.CharField(max_length=16, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.VALIDATING)
    files = models.JSONField(default=list, blank=True)  # [{"name", "size"}]
    summary = models.JSONField(default=dict, blank=True)  # validation summary and rule counts
    loaded = models.JSONField(default=list, blank=True)  # submissions written to the store
    problem = models.TextField(blank=True)  # why the files could not be read at all
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_by_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    validate_task = models.ForeignKey(
        "tasks.Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    load_task = models.ForeignKey(
        "tasks.Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"upload {self.pk} for {self.area_code} ({self.status})"

    @property
    def folder(self) -> Path:
        return Path(settings.BAIRN_DATA_DIR) / "uploads" / str(self.pk)

    @property
    def files_folder(self) -> Path:
        return self.folder / "files"

    @property
    def issues_path(self) -> Path:
        return self.folder / "issues.parquet"

    @property
    def area_name(self) -> str:
        from bairn.areas import all_areas

        found = all_areas().get(self.area_code)
        return found.name if found else self.area_code

    @property
    def verdict(self) -> str:
        return str(self.summary.get("verdict", ""))

    @property
    def errors(self) -> int:
        return int(self.summary.get("errors", 0) or 0)

    @property
    def warnings(self) -> int:
        return int(self.summary.get("warnings", 0) or 0)

    @property
    def busy_task(self):
        for task in (self.load_task, self.validate_task):
            if task is not None and not task.finished:
                return task
        return None
