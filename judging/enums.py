from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RoundKind(models.TextChoices):
    SCREENING = "screening", pgettext_lazy("round", "Screening")
    SHORTLIST = "shortlist", pgettext_lazy("round", "Shortlist")
    FINAL = "final", pgettext_lazy("round", "Final")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("round status", "Draft")
    OPEN = "open", pgettext_lazy("round status", "Open")
    CLOSED = "closed", pgettext_lazy("round status", "Closed")


class ConflictKind(models.TextChoices):
    ENTRANT = "entrant", _("A specific entrant")
    ENTRY = "entry", _("A specific entry")
    COUNTRY = "country", _("A country")
    ORGANISATION = "organisation", _("An organisation")


class AssignmentSource(models.TextChoices):
    AUTO = "auto", _("Automatic")
    MANUAL = "manual", _("By hand")


class ScoreStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("score status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("score status", "Submitted")


class AggregationMethod(models.TextChoices):
    CALIBRATED = "calibrated", _("Calibrated jury model")
    MEAN = "mean", _("Mean")
    ZSCORE = "zscore", _("Standardised per juror (z-score)")
    TRIMMED = "trimmed", _("Trimmed mean")


class TieBreak(models.TextChoices):
    """What orders entries whose ranking values are equal (``judging/tiebreak.py``)."""

    COUNT_THEN_MEAN = "count_then_mean", _("More scores first, then the higher plain mean")
    MEAN_THEN_COUNT = "mean_then_count", _("The higher plain mean first, then more scores")
    MEDIAN = "median", _("The higher median mark first, then more scores")
    LEAVE_TIED = "leave_tied", _("Leave tied: equal values share a place")


class VoteMethod(models.TextChoices):
    SCHULZE = "schulze", _("Ranked ballots (Schulze method)")
    APPROVAL = "approval", _("Approval voting")


class VoteStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("vote status", "Open")
    CLOSED = "closed", pgettext_lazy("vote status", "Closed")


class BulkSegment(models.TextChoices):
    """Who an organiser's bulk message goes to; always people of the message's own contest."""

    DRAFTS = "drafts", _("Entrants with unsubmitted drafts")
    CATEGORY = "category", _("Entrants of a category")
    COUNTRY = "country", _("Entrants from a country")
    UNFINISHED_JURORS = "unfinished_jurors", _("Jurors of a round with unfinished queues")
    VALID_ENTRIES = "valid_entries", _("Everyone with a valid entry")


class BulkStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("bulk message status", "Draft")
    QUEUED = "queued", pgettext_lazy("bulk message status", "Queued")
    SENDING = "sending", pgettext_lazy("bulk message status", "Sending")
    SENT = "sent", pgettext_lazy("bulk message status", "Sent")
    CANCELLED = "cancelled", pgettext_lazy("bulk message status", "Cancelled")
