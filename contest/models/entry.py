import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from rules.contrib.models import RulesModelBase, RulesModelMixin

from .. import rules
from ..enums import CreditRole, EntryStatus
from ..languages import FILM_LANGUAGE_CHOICES
from .contest import Category, Contest

# No 0/O or 1/I/L: codes are read aloud and typed by jurors.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 7
# What an entry shows once its author deleted their account after the results were locked.
WITHDRAWN_TITLE = _("Entry withdrawn by its author")


def new_entry_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Entry(RulesModelMixin, models.Model, metaclass=RulesModelBase):
    """A film submitted to a contest. Jurors know it only by ``code``."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="entries")
    # Empty once the entrant deleted their account after the contest's results were locked:
    # the entry stays as an anonymised record (``anonymised_at``) so results do not shift.
    entrant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
        related_name="entries",
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="entries", verbose_name=_("category")
    )
    code = models.CharField(_("anonymous code"), max_length=12, default=new_entry_code)
    title_original = models.CharField(_("original title"), max_length=300)
    title_english = models.CharField(_("English title"), max_length=300)
    original_language = models.CharField(
        _("original language"), max_length=10, choices=FILM_LANGUAGE_CHOICES
    )
    no_dialogue = models.BooleanField(
        _("no dialogue"), default=False,
        help_text=_("The film can be followed without understanding any language."),
    )
    synopsis_original = models.TextField(_("synopsis (original language)"), max_length=5000)
    synopsis_english = models.TextField(_("synopsis (English)"), max_length=5000)
    runtime_s = models.PositiveIntegerField(_("runtime (seconds)"))
    ai_tools = models.JSONField(_("AI tools used"), default=list, blank=True)
    ai_tools_other = models.CharField(_("other AI tools"), max_length=300, blank=True)
    rights_declared = models.BooleanField(
        _("I hold the rights to this film and its material"), default=False
    )
    # Answers to the contest's questions (models/question.py), keyed by question key.
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    rules_consent_version = models.CharField(_("rules version accepted"), max_length=32, blank=True)
    rules_consented_at = models.DateTimeField(_("rules accepted at"), null=True, blank=True)

    status = models.CharField(
        _("status"), max_length=20, choices=EntryStatus.choices, default=EntryStatus.DRAFT
    )
    status_reason = models.TextField(_("reason"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # Optimistic locking: an edit based on an older version is refused, never silently lost.
    version = models.PositiveIntegerField(default=1)
    anonymised_at = models.DateTimeField(_("withdrawn by its author at"), null=True, blank=True)
    # Set once retention has replaced the entrant by a pseudonym and scrubbed the credits
    # (contest/services/retention.py); account erasure has its own mark.
    retention_anonymised_at = models.DateTimeField(
        _("anonymised by the retention policy at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "entry")
        verbose_name_plural = pgettext_lazy("model", "entries")
        # The entrant's own pages and API (``own``) are the owner's only: anyone else gets a 404.
        rules_permissions = {
            "own": rules.can_own_entry,
            "view": rules.can_view_entry,
            "change": rules.can_edit_entry,
            "submit": rules.can_submit_entry,
            "withdraw": rules.can_withdraw_entry,
            "disqualify": rules.can_disqualify_entry,
            "reinstate": rules.can_reinstate_entry,
        }
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "code"], name="entry_unique_code"),
        ]
        indexes = [
            models.Index(fields=["contest", "status"]),
            models.Index(fields=["entrant", "contest"]),
        ]

    def __str__(self) -> str:
        if self.anonymised_at is not None:
            return str(WITHDRAWN_TITLE)
        return self.title_english or self.title_original


class Credit(models.Model):
    """A person credited on an entry; co-authors need no account."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="credits")
    name_native = models.CharField(_("name as written"), max_length=200)
    name_latin = models.CharField(_("name in Latin letters"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=CreditRole.choices)
    country = CountryField(_("country"), blank=True)
    organisation = models.CharField(
        _("organisation or institution"), max_length=200, blank=True,
        help_text=_("A school, studio or company; a juror from the same one is not assigned."),
    )
    is_author = models.BooleanField(_("author"), default=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="credits",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("credit")
        verbose_name_plural = _("credits")
        ordering = ["entry", "order", "id"]

    def __str__(self) -> str:
        return self.name_native
