"""Programme → work streams → actions and recommendations, with owners, milestones, evidence,
links to measures, an append-only change log per action, and frozen progress reviews."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models


class Status(models.TextChoices):
    NOT_KNOWN = "not_known", "Not known"
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"
    ON_HOLD = "on_hold", "On hold"
    CLOSED = "closed", "Closed (superseded)"


class Confidence(models.TextChoices):
    """The five-point delivery confidence scale (IPA Delivery Confidence Assessment)."""

    NOT_ASSESSED = "", "Not assessed"
    GREEN = "green", "Green"
    AMBER_GREEN = "amber_green", "Amber-Green"
    AMBER = "amber", "Amber"
    AMBER_RED = "amber_red", "Amber-Red"
    RED = "red", "Red"


class Kind(models.TextChoices):
    ACTION = "action", "Action"
    RECOMMENDATION = "recommendation", "Recommendation"


class Direction(models.TextChoices):
    UP = "up", "Up"
    DOWN = "down", "Down"


def evidence_storage() -> FileSystemStorage:
    """Uploaded evidence lives outside the static and media trees; only the download view,
    which checks the viewer's rights, serves it."""
    default = Path(settings.BAIRN_DATA_DIR) / "programme-evidence"
    location = getattr(settings, "BAIRN_PROGRAMME_EVIDENCE_DIR", default)
    return FileSystemStorage(location=str(location), directory_permissions_mode=0o700,
                             file_permissions_mode=0o600)  # fmt: skip


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"{instance.action.work_stream.programme.slug}/{uuid.uuid4().hex}"


class Programme(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    source_url = models.URLField(blank=True, max_length=500)
    publish_summary = models.BooleanField(
        default=False, help_text="Show a summary (work streams, statuses) to the public."
    )
    owners = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class WorkStream(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="streams")
    slug = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    order = models.PositiveIntegerField(default=0)
    note = models.TextField(blank=True)

    class Meta:
        ordering = (
            "order",
            "name",
        )
        constraints = (
            models.UniqueConstraint(fields=["programme", "slug"], name="stream_unique_slug"),
        )

    def __str__(self) -> str:
        return self.name


class Action(models.Model):
    """An action or recommendation. Edit it only through `services.update_action`, which
    writes the change log; there are no silent edits."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="actions")
    work_stream = models.ForeignKey(WorkStream, on_delete=models.PROTECT, related_name="actions")
    ref = models.SlugField(max_length=30, help_text="Short reference, for example N3 or R10.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ACTION)
    source_reference = models.CharField(
        max_length=200, blank=True, help_text='For example "Systems Review recommendation 10".'
    )
    source_url = models.URLField(blank=True, max_length=500)
    title = models.CharField(max_length=300)
    text = models.TextField(blank=True)
    summary = models.BooleanField(default=True, help_text="The text is our summary, not a quote.")
    source_confirmed = models.BooleanField(default=True)
    owner_organisation = models.CharField(max_length=200, blank=True)
    owner_lead = models.CharField(max_length=200, blank=True, help_text="Named lead.")
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_KNOWN)
    confidence = models.CharField(
        max_length=20, choices=Confidence.choices, default=Confidence.NOT_ASSESSED, blank=True
    )
    start_period = models.CharField(max_length=12, blank=True, help_text="For example 2021Q3.")
    depends_on = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="needed_by"
    )
    order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = (
            "work_stream__order",
            "order",
            "ref",
        )
        constraints = (
            models.UniqueConstraint(fields=["programme", "ref"], name="action_unique_ref"),
        )

    def __str__(self) -> str:
        return f"{self.ref}: {self.title}"


class Milestone(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=300)
    due_date = models.DateField()
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = (
            "due_date",
            "id",
        )

    def __str__(self) -> str:
        return f"{self.title} (due {self.due_date:%d %B %Y})"

    def overdue_on(self, day) -> bool:
        return self.due_date < day and (self.completed_on is None or self.completed_on > day)


class MeasureLink(models.Model):
    """An indicator the action expects to move, where, which way and from when."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="measures")
    indicator_id = models.CharField(max_length=80)
    area_code = models.CharField(max_length=16, default="S92000003")
    direction = models.CharField(max_length=4, choices=Direction.choices)
    from_period = models.CharField(max_length=12, help_text="For example 2021Q3.")

    class Meta:
        ordering = (
            "indicator_id",
            "area_code",
        )


class Evidence(models.Model):
    class Type(models.TextChoices):
        NOTE = "note", "Note"
        LINK = "link", "Link"
        DOCUMENT = "document", "Document"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="evidence")
    type = models.CharField(max_length=10, choices=Type.choices)
    title = models.CharField(max_length=300)
    note = models.TextField(blank=True)
    url = models.URLField(blank=True, max_length=500)
    file = models.FileField(storage=evidence_storage, upload_to=evidence_path, blank=True)
    filename = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    added_by = models.CharField(max_length=150, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = (
            "-added_at",
            "-id",
        )


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The change log is append-only.")

    def delete(self):
        raise PermissionError("The change log is append-only.")


class ActionChange(models.Model):
    """One change to an action: field, old and new values, who, when and why. Append-only."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="changes")
    at = models.DateTimeField(auto_now_add=True)
    by = models.CharField(max_length=150, blank=True)
    field = models.CharField(max_length=40)
    old = models.TextField(blank=True)
    new = models.TextField(blank=True)
    rationale = models.TextField()

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = (
            "-at",
            "-id",
        )

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The change log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The change log is append-only.")


class Review(models.Model):
    """A progress review meeting: a frozen snapshot of every action (ReviewEntry)."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField()
    title = models.CharField(max_length=200)
    notes = models.TextField(blank=True)
    created_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = (
            "-held_on",
            "-id",
        )

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d %B %Y})"


class ReviewEntry(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="entries")
    action = models.ForeignKey(Action, null=True, on_delete=models.SET_NULL, related_name="+")
    ref = models.CharField(max_length=30)
    title = models.CharField(max_length=300)
    work_stream = models.CharField(max_length=200)
    owner = models.CharField(max_length=400, blank=True)
    status = models.CharField(max_length=20)
    confidence = models.CharField(max_length=20, blank=True)
    evidence = models.JSONField(default=list)  # [{"id", "type", "title", "added_at"}]
    milestones = models.JSONField(default=list)  # [{"title", "due", "completed", "overdue"}]

    class Meta:
        ordering = ("id",)
