import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..enums import MaterialKind, MaterialStatus
from ..languages import FILM_LANGUAGE_CHOICES
from .entry import Entry


def material_upload_path(material: "EntryMaterial", filename: str) -> str:
    # The stored name never comes from the entrant: no traversal, no clashes.
    return f"materials/{material.entry.contest_id}/{material.entry_id}/{uuid.uuid4().hex}.bin"


def material_derived_path(material: "EntryMaterial", filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return (f"derived/{material.entry.contest_id}/{material.entry_id}/"
            f"m{uuid.uuid4().hex}.{suffix}")


class EntryMaterial(models.Model):
    """A file sent with an entry besides the film: subtitles, poster, still or document.

    ``upload`` holds the entrant's bytes until the check; only the files the check makes are
    ever served (``file``: clean WebVTT, a re-encoded image without metadata, or a PDF without
    its document information; ``thumbnail`` for images), and the upload is deleted then.
    """

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField(_("kind"), max_length=12, choices=MaterialKind.choices)
    language = models.CharField(_("language"), max_length=10, choices=FILM_LANGUAGE_CHOICES,
                                blank=True)
    status = models.CharField(_("status"), max_length=12, choices=MaterialStatus.choices,
                              default=MaterialStatus.PENDING)
    # [{"code": "...", "params": {...}}]: words are made in the reader's language.
    reasons = models.JSONField(default=list, blank=True)
    info = models.JSONField(default=dict, blank=True)
    upload = models.FileField(upload_to=material_upload_path, max_length=300, blank=True)
    file = models.FileField(upload_to=material_derived_path, max_length=300, blank=True)
    thumbnail = models.FileField(upload_to=material_derived_path, max_length=300, blank=True)
    original_filename = models.CharField(_("file name"), max_length=255)
    size_bytes = models.BigIntegerField(_("size"), default=0)
    sha256 = models.CharField(max_length=64)
    attempts = models.PositiveSmallIntegerField(default=0)
    validation_token = models.CharField(max_length=32, blank=True)
    validation_started_at = models.DateTimeField(null=True, blank=True)
    validated_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "entry material")
        verbose_name_plural = pgettext_lazy("model", "entry materials")
        ordering = ["kind", "language", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "language"],
                                    condition=models.Q(kind=MaterialKind.SUBTITLE),
                                    name="material_one_subtitle_per_language"),
            models.UniqueConstraint(fields=["entry"], condition=models.Q(kind=MaterialKind.POSTER),
                                    name="material_one_poster_per_entry"),
        ]
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self) -> str:
        return self.original_filename
