from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EntryStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("entry status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("entry status", "Submitted")
    ELIGIBLE = "eligible", pgettext_lazy("entry status", "Eligible")
    DISQUALIFIED = "disqualified", pgettext_lazy("entry status", "Disqualified")
    WITHDRAWN = "withdrawn", pgettext_lazy("entry status", "Withdrawn")


class EditPolicy(models.TextChoices):
    """What an entrant may still change once an entry is submitted."""

    UNTIL_CLOSE = "until_close", _("Editable until the contest closes")
    LOCKED = "locked", _("Locked once submitted")


class VideoStatus(models.TextChoices):
    UPLOADING = "uploading", pgettext_lazy("video status", "Uploading")
    UPLOADED = "uploaded", pgettext_lazy("video status", "Uploaded")
    QUEUED = "queued", pgettext_lazy("video status", "Queued")
    VALIDATING = "validating", pgettext_lazy("video status", "Validating")
    VALID = "valid", pgettext_lazy("video status", "Valid")
    INVALID = "invalid", pgettext_lazy("video status", "Invalid")
    ERROR = "error", pgettext_lazy("video status", "Error (retrying)")
    # A newer upload took its place: never checked again; its files go after a retention time.
    REPLACED = "replaced", pgettext_lazy("video status", "Replaced")


class CreditRole(models.TextChoices):
    DIRECTOR = "director", _("Director")
    CO_DIRECTOR = "co_director", _("Co-director")
    WRITER = "writer", _("Writer")
    PRODUCER = "producer", _("Producer")
    EDITOR = "editor", _("Editor")
    COMPOSER = "composer", _("Composer")
    SOUND = "sound", _("Sound")
    AI_ARTIST = "ai_artist", _("AI artist")
    CAST = "cast", _("Cast")
    OTHER = "other", _("Other")


class AITool(models.TextChoices):
    KLING = "kling", "Kling AI"
    SORA = "sora", "Sora"
    RUNWAY = "runway", "Runway"
    VEO = "veo", "Veo"
    PIKA = "pika", "Pika"
    LUMA = "luma", "Luma Dream Machine"
    HAILUO = "hailuo", "Hailuo / MiniMax"
    MIDJOURNEY = "midjourney", "Midjourney"
    STABLE_DIFFUSION = "stable_diffusion", "Stable Diffusion"
    ELEVENLABS = "elevenlabs", "ElevenLabs"
    SUNO = "suno", "Suno"
    OTHER = "other", _("Other")


class UploadBackend(models.TextChoices):
    TUS = "tus", _("Resumable upload to this server")
    S3_MULTIPART = "s3", _("Direct multipart upload to object storage")


class QuestionType(models.TextChoices):
    """What an entry form question asks for; ``contest/questions.py`` checks each answer."""

    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    SINGLE_CHOICE = "single_choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    YES_NO = "yes_no", _("Yes or no")
    NUMBER = "number", pgettext_lazy("question type", "Number")
    DATE = "date", pgettext_lazy("question type", "Date")
    URL = "url", _("Web address")
    EMAIL = "email", _("Email address")
    COUNTRY = "country", pgettext_lazy("question type", "Country")


class QuestionVisibility(models.TextChoices):
    """Who reads the answers besides the entrant: each level includes the ones before it."""

    ORGANISERS = "organisers", _("Organisers only")
    JURORS = "jurors", _("Organisers and jurors")
    PUBLIC = "public", _("Organisers, jurors and the public winners page")


class MaterialKind(models.TextChoices):
    SUBTITLE = "subtitle", _("Subtitles")
    POSTER = "poster", pgettext_lazy("material", "Poster")
    STILL = "still", pgettext_lazy("material", "Still")
    DOCUMENT = "document", _("Document (PDF)")


class MaterialStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("material status", "Waiting for its check")
    VALIDATING = "validating", pgettext_lazy("material status", "Being checked")
    VALID = "valid", pgettext_lazy("material status", "Accepted")
    REFUSED = "refused", pgettext_lazy("material status", "Refused")


class SubtitleRequirement(models.TextChoices):
    """When English subtitles are a condition of submitting an entry."""

    NONE = "none", _("Not required")
    UNLESS_ENGLISH = "unless_english", _(
        "Required unless the film is in English or has no dialogue")
    ALWAYS = "always", _("Always required (unless the film has no dialogue)")
