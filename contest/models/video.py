import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from rules.contrib.models import RulesModelBase, RulesModelMixin

from .. import rules
from ..enums import UploadBackend, VideoStatus
from .entry import Entry


def video_path(video: "Video", filename: str) -> str:
    # The stored name never comes from the entrant: no traversal, no clashes.
    return f"videos/{video.entry.contest_id}/{video.entry_id}/{uuid.uuid4().hex}.bin"


def derived_path(video: "Video", filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"derived/{video.entry.contest_id}/{video.entry_id}/{uuid.uuid4().hex}.{suffix}"


class Video(RulesModelMixin, models.Model, metaclass=RulesModelBase):
    """An uploaded film file and its validation verdict. One current video per entry."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="videos")
    is_current = models.BooleanField(default=True)
    file = models.FileField(upload_to=video_path, max_length=300)
    original_filename = models.CharField(_("file name"), max_length=255)
    size_bytes = models.BigIntegerField(_("size"), default=0)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)

    status = models.CharField(
        _("status"), max_length=20, choices=VideoStatus.choices, default=VideoStatus.UPLOADED
    )
    # [{"code": "...", "params": {...}}]: messages are rendered in the reader's language.
    reasons = models.JSONField(default=list, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    # Cheap verdict (sniff, probe, rules) first; the full decode confirms it later.
    probe_checked_at = models.DateTimeField(null=True, blank=True)
    decode_checked_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    validation_started_at = models.DateTimeField(null=True, blank=True)
    # The Celery task running a validation stage now (its id survives a redelivery), and the
    # token of that run: only the run holding the current token may write its verdict.
    validation_task_id = models.CharField(max_length=255, blank=True)
    validation_token = models.CharField(max_length=32, blank=True)
    validated_at = models.DateTimeField(null=True, blank=True)
    # When changed technical rules were last applied to the stored findings (a re-check).
    rules_checked_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    poster = models.FileField(upload_to=derived_path, max_length=300, blank=True)
    preview = models.FileField(upload_to=derived_path, max_length=300, blank=True)
    perceptual_hashes = models.JSONField(default=list, blank=True)
    # One perceptual hash per second of the film, packed (media/timeline.py): finds cut copies.
    timeline_hashes = models.BinaryField(default=b"", blank=True)
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates"
    )
    duplicate_kind = models.CharField(max_length=10, blank=True)  # "exact" or "near"
    c2pa_generator = models.CharField(max_length=300, blank=True)
    c2pa_manifest = models.JSONField(default=dict, blank=True)
    result_emailed_at = models.DateTimeField(null=True, blank=True)
    # When a newer upload became current; the files are deleted a retention time later.
    replaced_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "video")
        verbose_name_plural = pgettext_lazy("model", "videos")
        rules_permissions = {"watch": rules.can_watch_video}
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry"],
                condition=models.Q(is_current=True),
                name="video_one_current_per_entry",
            ),
        ]
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self) -> str:
        return self.original_filename


class Upload(models.Model):
    """A resumable upload under way: tus on this server, or S3 multipart direct to the bucket."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="uploads")
    uploader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="uploads"
    )
    backend = models.CharField(
        max_length=10, choices=UploadBackend.choices, default=UploadBackend.TUS
    )
    filename = models.CharField(max_length=255)
    length = models.BigIntegerField()
    offset = models.BigIntegerField(default=0)
    metadata = models.JSONField(default=dict, blank=True)
    s3_key = models.CharField(max_length=300, blank=True)
    s3_upload_id = models.CharField(max_length=300, blank=True)
    video = models.OneToOneField(
        Video, on_delete=models.SET_NULL, null=True, blank=True, related_name="upload"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")
        indexes = [models.Index(fields=["completed_at", "updated_at"])]

    def __str__(self) -> str:
        return f"{self.filename} ({self.offset}/{self.length})"
