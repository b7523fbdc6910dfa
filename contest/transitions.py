"""The entry status lifecycle, in one place.

Every status change of an entry goes through :func:`apply`; services decide *whether* an
event may happen (window, permissions, limits), this table decides *where it leads*.
"""

from django.utils.translation import gettext_lazy as _

from core.errors import ContestError

from .enums import EntryStatus as S

SUBMIT = "submit"
WITHDRAW = "withdraw"
DISQUALIFY = "disqualify"
REINSTATE = "reinstate"
VIDEO_VALID = "video_valid"
VIDEO_REPLACED = "video_replaced"
VIDEO_REFUSED = "video_refused"

EVENTS = (SUBMIT, WITHDRAW, DISQUALIFY, REINSTATE, VIDEO_VALID, VIDEO_REPLACED, VIDEO_REFUSED)

# (from status, event) -> to status. A pair missing here is an invalid transition.
TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, SUBMIT): S.SUBMITTED,
    (S.WITHDRAWN, SUBMIT): S.SUBMITTED,
    (S.SUBMITTED, WITHDRAW): S.WITHDRAWN,
    (S.ELIGIBLE, WITHDRAW): S.WITHDRAWN,
    (S.SUBMITTED, DISQUALIFY): S.DISQUALIFIED,
    (S.ELIGIBLE, DISQUALIFY): S.DISQUALIFIED,
    # A reinstated entry is checked again: it becomes eligible once its video is valid.
    (S.DISQUALIFIED, REINSTATE): S.SUBMITTED,
    (S.SUBMITTED, VIDEO_VALID): S.ELIGIBLE,
    # Video events on entries not yet (or no longer) in review change nothing, so the
    # validation worker need not know the entry's status.
    (S.DRAFT, VIDEO_VALID): S.DRAFT,
    (S.WITHDRAWN, VIDEO_VALID): S.WITHDRAWN,
    (S.ELIGIBLE, VIDEO_VALID): S.ELIGIBLE,
    (S.ELIGIBLE, VIDEO_REPLACED): S.SUBMITTED,
    (S.SUBMITTED, VIDEO_REPLACED): S.SUBMITTED,
    (S.DRAFT, VIDEO_REPLACED): S.DRAFT,
    (S.WITHDRAWN, VIDEO_REPLACED): S.WITHDRAWN,
    # A valid film refused when the technical rules changed: the entry waits for a new file.
    (S.ELIGIBLE, VIDEO_REFUSED): S.SUBMITTED,
    (S.SUBMITTED, VIDEO_REFUSED): S.SUBMITTED,
    (S.DRAFT, VIDEO_REFUSED): S.DRAFT,
    (S.WITHDRAWN, VIDEO_REFUSED): S.WITHDRAWN,
}


def target(status: str, event: str) -> str | None:
    """The status ``event`` leads to from ``status``, or None when it is not allowed."""
    return TRANSITIONS.get((status, event))


def can_apply(entry, event: str) -> bool:
    return target(entry.status, event) is not None


def apply(entry, event: str) -> None:
    """Set ``entry.status`` to where ``event`` leads. Does not save.

    Raises ContestError(code="invalid_transition") when the event is not allowed from the
    entry's current status.
    """
    to_status = target(entry.status, event)
    if to_status is None:
        raise invalid_transition(entry)
    entry.status = to_status


def invalid_transition(entry) -> ContestError:
    return ContestError(
        _("This action is not possible while the entry is %(status)s.")
        % {"status": S(entry.status).label},
        code="invalid_transition",
    )
