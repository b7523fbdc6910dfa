"""What judging asks before a person is forgotten. Registered in ``JudgingConfig.ready``."""

from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.errors import ContestError

from ..models import AwardPlacement


def refuse_if_awarded(user: User) -> None:
    """An awarded film is part of a contest's published record: its author asks the organisers."""
    if AwardPlacement.objects.filter(entry__entrant=user).exists():
        raise ContestError(
            _("One of your films has received an award. Please contact the organisers "
              "to delete your account."),
            "account_has_awards",
        )
