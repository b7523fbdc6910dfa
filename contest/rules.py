"""Permission predicates shared by pages, API and templates (django-rules).

Each permission is asked against an object: the contest for organiser work, the entry, the video.
The models map them in ``Meta.rules_permissions`` (``contest.manage_contest``,
``contest.view_entry``, ``contest.watch_video``, ...); the few whose names do not follow
``<app>.<action>_<model>`` are added at the bottom. Predicates that take an entry read
``entry.contest``: select it with the entry.
"""

import rules
from django.conf import settings
from django.utils import timezone

from accounts.enums import OrgRole, Role
from accounts.rules import has_org_role, is_team_member, org_role

from .enums import EditPolicy, EntryStatus


def contest_of(obj):
    """The contest an organiser permission is asked about: the object, or the one it belongs to.

    A contest is itself; a round, an award, an invitation or an entry has ``.contest``; a video
    or an assignment reaches it through ``.entry``. Duck-typed: these rules cannot import the
    models, which import them for their Meta.
    """
    if obj is None or not hasattr(obj, "_meta"):
        return None
    if obj._meta.label_lower == "contest.contest":
        return obj
    for through in ("contest", "entry"):
        related = getattr(obj, through, None)
        if related is not None:
            return contest_of(related)
    return None


def organisation_id_of(obj) -> int | None:
    """The organisation running the contest ``obj`` belongs to (see ``contest_of``)."""
    contest = contest_of(obj)
    return None if contest is None else contest.organisation_id


def contest_role(*roles: OrgRole) -> rules.Predicate:
    """A predicate: the user holds one of ``roles`` in the organisation running the contest."""
    wanted = frozenset(roles)

    @rules.predicate(name=f"contest_role({', '.join(sorted(wanted))})")
    def predicate(user, obj) -> bool:
        contest = contest_of(obj)
        return contest is not None and org_role(user, contest.organisation_id) in wanted

    return predicate


# The organisation's team, by role (see accounts.enums.OrgRole): managers run the contest
# (entries, eligibility, awards, publication), judging coordinators run the jury (jurors,
# rounds, assignment), every member may read dashboards, results and exports.
runs_contest = contest_role(OrgRole.OWNER, OrgRole.MANAGER)
coordinates_judging = contest_role(OrgRole.OWNER, OrgRole.COORDINATOR)
reads_contest = contest_role(*OrgRole)


@rules.predicate
def is_juror(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(Role.JUROR))


@rules.predicate
def is_entry_owner(user, entry) -> bool:
    return bool(
        user and user.is_authenticated and entry is not None and entry.entrant_id == user.pk
    )


@rules.predicate
def contest_is_open(user, contest) -> bool:
    """The entry window, server time: open iff opens_at <= now < closes_at."""
    return contest is not None and contest.is_open(timezone.now())


@rules.predicate
def entry_contest_is_open(user, entry) -> bool:
    return entry is not None and entry.contest.is_open(timezone.now())


def upload_grace_covers(entry, at) -> bool:
    """Past the deadline, within the upload grace, the entry's film was still uploading at it.

    The grace lets an upload begun before the deadline finish; the entry it was for must then
    be submittable too, or the grace would save films nobody may enter.
    """
    closes_at = entry.contest.closes_at
    if not closes_at <= at < closes_at + settings.MARQUEE_UPLOAD_GRACE:
        return False
    # Through the relation, not the model: models import these rules for their Meta.
    return entry.uploads.filter(
        video__is_current=True, created_at__lt=closes_at, completed_at__gte=closes_at
    ).exists()


@rules.predicate
def entry_upload_in_grace(user, entry) -> bool:
    return entry is not None and upload_grace_covers(entry, timezone.now())


@rules.predicate
def entry_is_draft(user, entry) -> bool:
    return entry is not None and entry.status == EntryStatus.DRAFT


@rules.predicate
def entry_in_review(user, entry) -> bool:
    """Submitted and not yet withdrawn or disqualified."""
    return entry is not None and entry.status in (EntryStatus.SUBMITTED, EntryStatus.ELIGIBLE)


@rules.predicate
def entry_edit_allowed_after_submission(user, entry) -> bool:
    return entry is not None and entry.contest.edit_policy == EditPolicy.UNTIL_CLOSE


@rules.predicate
def entry_is_submittable(user, entry) -> bool:
    return entry is not None and entry.status in (EntryStatus.DRAFT, EntryStatus.WITHDRAWN)


@rules.predicate
def entry_is_disqualified(user, entry) -> bool:
    return entry is not None and entry.status == EntryStatus.DISQUALIFIED


entry_is_editable = entry_is_draft | (
    entry_in_review & entry_edit_allowed_after_submission & entry_contest_is_open
)
can_own_entry = is_entry_owner
can_view_entry = is_entry_owner | reads_contest
can_edit_entry = is_entry_owner & entry_is_editable
can_submit_entry = is_entry_owner & entry_is_submittable & (
    entry_contest_is_open | entry_upload_in_grace
)
can_withdraw_entry = is_entry_owner & entry_in_review
can_disqualify_entry = runs_contest & entry_in_review
can_reinstate_entry = runs_contest & entry_is_disqualified
can_manage_contest = runs_contest

# Asked against an organisation, not a contest: who may start a contest in it.
CREATES_CONTESTS = (OrgRole.OWNER, OrgRole.MANAGER)
can_add_contest = has_org_role(*CREATES_CONTESTS)
rules.add_perm("contest.add_contest", can_add_contest)
# The public page of a contest that has not opened yet shows its team a preview banner.
rules.add_perm("contest.preview_contest", reads_contest)

# The organiser area as a whole (the list of every contest) has no one contest to ask about;
# each contest's own pages ask ``contest.manage_contest`` on that contest.
rules.add_perm("contest.access_organiser_area", is_team_member)


# Apps above contest grant access to a video's files at start-up: judging lets an assigned
# juror watch the film under review and anyone see a published winner's poster. Contest cannot
# import them, so they register their predicates here (name -> predicate, replaced by name).
_PREVIEW_GRANTS: dict[str, rules.Predicate] = {}
_POSTER_GRANTS: dict[str, rules.Predicate] = {}


def grant_preview_access(name: str, predicate: rules.Predicate) -> None:
    """Let ``predicate(user, video)`` open a video's preview and poster, never the original
    (the preview carries none of the entrant's file metadata)."""
    _PREVIEW_GRANTS[name] = predicate


def grant_poster_access(name: str, predicate: rules.Predicate) -> None:
    """Let ``predicate(user, video)`` open a video's poster only."""
    _POSTER_GRANTS[name] = predicate


@rules.predicate
def owns_video(user, video) -> bool:
    return is_entry_owner(user, video.entry)


@rules.predicate
def preview_access_granted(user, video) -> bool:
    return any(predicate(user, video) for predicate in _PREVIEW_GRANTS.values())


@rules.predicate
def poster_access_granted(user, video) -> bool:
    return any(predicate(user, video) for predicate in _POSTER_GRANTS.values())


# The original: its owner and the contest's team only (no app grants more).
can_watch_video = owns_video | reads_contest
can_watch_preview = can_watch_video | preview_access_granted
can_view_video_poster = can_watch_preview | poster_access_granted
# Not "<action>_video": an older name, kept because pages and apps above use it.
rules.add_perm("contest.view_video_poster", can_view_video_poster)
rules.add_perm("contest.watch_video_preview", can_watch_preview)


# Entry materials (subtitles, posters, stills, documents): only the files their check made are
# served, none of the entrant's metadata survives in them, so the team and whoever an app
# above grants (judging: the entry's assigned jurors) may open them.
_MATERIAL_GRANTS: dict[str, rules.Predicate] = {}


def grant_material_access(name: str, predicate: rules.Predicate) -> None:
    """Let ``predicate(user, material)`` open a material's checked files (valid ones only)."""
    _MATERIAL_GRANTS[name] = predicate


@rules.predicate
def owns_material(user, material) -> bool:
    return is_entry_owner(user, material.entry)


@rules.predicate
def material_access_granted(user, material) -> bool:
    return material.status == "valid" and any(
        predicate(user, material) for predicate in _MATERIAL_GRANTS.values())


@rules.predicate
def material_entry_editable(user, material) -> bool:
    return entry_is_editable(user, material.entry)


can_view_material = owns_material | reads_contest | material_access_granted
can_change_material = owns_material & material_entry_editable
# Short names: "entrymaterial" reads badly in templates and two-factor gates.
rules.add_perm("contest.view_material", can_view_material)
rules.add_perm("contest.change_material", can_change_material)
