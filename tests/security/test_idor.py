"""IDOR: for each object URL, other people's objects are refused, by role, on pages and API.

The world: entrant A owns an entry with a video, a tus and an S3 upload; juror J is assigned
to it in an open round and has declared a conflict; the contest has an award with a placement
and a juror invitation. The intruders are another entrant, another juror of the same contest
(not assigned), and an anonymous visitor. Every URL pattern that takes an object id or key
must appear in ``TABLE`` (or in ``NOT_OBJECT_URLS`` with the reason), so a new endpoint
cannot slip past this test.
"""

import uuid
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from rest_framework.authtoken.models import Token

from accounts.enums import OrgRole, Role
from accounts.services import add_role
from accounts.teams import invite_member
from contest.enums import MaterialKind, MaterialStatus, QuestionType, UploadBackend, VideoStatus
from contest.models import EntryMaterial, Question, Upload
from core.models import Message, MessageStatus
from judging.enums import BulkSegment
from judging.models import (
    Assignment,
    BulkMessage,
    FinalVote,
    JurorConflict,
    JurorInvitation,
)
from tests.factories import EntryFactory, MembershipFactory, UserFactory, VideoFactory
from tests.judging.factories import JurorFactory, RoundFactory, add_rubric

from .urlwalk import iter_routes

REFUSED = {302, 401, 403, 404}
ID_PARAMS = {"pk", "video_id", "upload_id", "assignment_id", "round_id", "conflict_id",
             "invitation_id", "award_id", "placement_id", "membership_id", "vote_id",
             "juror_id", "question_id", "material_id", "message_id"}

# url name -> (HTTP method, kwargs from the world, who must be refused)
ALL = ("anonymous", "other_entrant", "other_juror")
ENTRANT_OWNED = ALL
JUROR_OWNED = ALL
ORGANISER_ONLY = ALL


def _table(w):
    entry, video = {"pk": w.entry.pk}, {"video_id": w.video.pk}
    material = {"material_id": w.material.pk}
    slug = {"slug": w.contest.slug}
    rnd = {"round_id": w.round.pk}
    org = {"org_slug": w.contest.organisation.slug}
    seat = {"juror_id": w.seat.pk}
    bulk = {**slug, "message_id": w.bulk_message.pk}
    return {
        "api:entry-detail": ("get", entry, ENTRANT_OWNED),
        "api:entry-video": ("get", entry, ENTRANT_OWNED),
        "api:entry-submit": ("post", entry, ENTRANT_OWNED),
        "api:entry-withdraw": ("post", entry, ENTRANT_OWNED),
        "api:contest-entry-detail": ("get", {"contest_slug": w.contest.slug, **entry},
                                     ORGANISER_ONLY),
        "api:contest-entry-disqualify": ("post", {"contest_slug": w.contest.slug, **entry},
                                         ORGANISER_ONLY),
        "api:contest-entry-reinstate": ("post", {"contest_slug": w.contest.slug, **entry},
                                        ORGANISER_ONLY),
        "api:s3-upload": ("delete", {"upload_id": w.s3_upload.pk}, ENTRANT_OWNED),
        "api:s3-upload-parts": ("post", {"upload_id": w.s3_upload.pk}, ENTRANT_OWNED),
        "api:s3-upload-complete": ("post", {"upload_id": w.s3_upload.pk}, ENTRANT_OWNED),
        "api:juror-assignment-detail": ("get", {"pk": w.assignment.pk}, JUROR_OWNED),
        "api:juror-assignment-conflict": ("post", {"pk": w.assignment.pk}, JUROR_OWNED),
        "api:juror-assignment-draft": ("post", {"pk": w.assignment.pk}, JUROR_OWNED),
        "api:juror-assignment-submit": ("post", {"pk": w.assignment.pk}, JUROR_OWNED),
        "api:organiser-round-assignment": ("post", {**slug, **rnd}, ORGANISER_ONLY),
        "api:organiser-round-progress": ("get", {**slug, **rnd}, ORGANISER_ONLY),
        "api:organiser-round-languages": ("get", {**slug, **rnd}, ORGANISER_ONLY),
        "api:organiser-round-jury": ("get", {**slug, **rnd}, ORGANISER_ONLY),
        "api:organiser-round-languages-relax": ("post", {**slug, **rnd}, ORGANISER_ONLY),
        "api:organiser-round-results": ("get", {**slug, **rnd}, ORGANISER_ONLY),
        "api:organiser-round-ranking": ("patch", {**slug, **rnd}, ORGANISER_ONLY),
        "api:organiser-round-assignment-moved": ("post", rnd, ORGANISER_ONLY),
        "api:organiser-round-progress-moved": ("get", rnd, ORGANISER_ONLY),
        "api:organiser-round-results-moved": ("get", rnd, ORGANISER_ONLY),
        "api:award-assign": ("post", {**slug, "award_id": 1}, ORGANISER_ONLY),
        "api:ballot": ("get", {"vote_id": w.vote.pk}, JUROR_OWNED),
        "judging:ballot": ("get", {"vote_id": w.vote.pk}, JUROR_OWNED),
        "api:vote-outcome": ("get", {**slug, "vote_id": w.vote.pk}, ORGANISER_ONLY),
        "judging:vote": ("get", {**slug, "vote_id": w.vote.pk}, ORGANISER_ONLY),
        "judging:vote_close": ("post", {**slug, "vote_id": w.vote.pk}, ORGANISER_ONLY),
        "judging:vote_places": ("post", {**slug, "vote_id": w.vote.pk}, ORGANISER_ONLY),
        "api:placement": ("get", {**slug, "placement_id": 1}, ORGANISER_ONLY),
        "judging:queue": ("get", rnd, ("anonymous", "other_entrant")),
        "judging:score": ("get", {"assignment_id": w.assignment.pk}, JUROR_OWNED),
        "judging:declare_conflict": ("post", {"assignment_id": w.assignment.pk}, JUROR_OWNED),
        "judging:withdraw_conflict": (
            "post", {"contest_slug": w.contest.slug, "conflict_id": w.conflict.pk}, JUROR_OWNED
        ),
        "judging:resend_invitation": (
            "post", {"contest_slug": w.contest.slug, "invitation_id": w.invitation.pk},
            ORGANISER_ONLY,
        ),
        "judging:organiser_juror": ("post", {"contest_slug": w.contest.slug, **seat},
                                    ORGANISER_ONLY),
        "judging:organiser_juror_deactivate": (
            "post", {"contest_slug": w.contest.slug, **seat}, ORGANISER_ONLY),
        "judging:organiser_juror_reactivate": (
            "post", {"contest_slug": w.contest.slug, **seat}, ORGANISER_ONLY),
        "api:organiser-juror": ("patch", {**slug, **seat}, ORGANISER_ONLY),
        "api:organiser-juror-deactivate": ("post", {**slug, **seat}, ORGANISER_ONLY),
        "api:organiser-juror-reactivate": ("post", {**slug, **seat}, ORGANISER_ONLY),
        "judging:organiser_results": (
            "get", {"contest_slug": w.contest.slug, "round_id": w.round.pk}, ORGANISER_ONLY
        ),
        "judging:organiser_round_jury": (
            "get", {"contest_slug": w.contest.slug, "round_id": w.round.pk}, ORGANISER_ONLY
        ),
        "judging:organiser_round_action": (
            "post", {"contest_slug": w.contest.slug, "round_id": w.round.pk, "action": "close"},
            ORGANISER_ONLY,
        ),
        "judging:organiser_tie_break": (
            "post", {"contest_slug": w.contest.slug, "round_id": w.round.pk}, ORGANISER_ONLY
        ),
        "judging:organiser_ranking_method": (
            "post", {"contest_slug": w.contest.slug, "round_id": w.round.pk}, ORGANISER_ONLY
        ),
        "judging:award_update": ("post", {**slug, "award_id": 1}, ORGANISER_ONLY),
        "judging:award_delete": ("post", {**slug, "award_id": 1}, ORGANISER_ONLY),
        "judging:placement_update": ("post", {**slug, "placement_id": 1}, ORGANISER_ONLY),
        "judging:placement_remove": ("post", {**slug, "placement_id": 1}, ORGANISER_ONLY),
        "contest:material-file": ("get", material, ENTRANT_OWNED),
        "contest:material-thumbnail": ("get", material, ENTRANT_OWNED),
        "contest:material_upload": ("post", {**entry, "kind": "poster"}, ENTRANT_OWNED),
        "contest:material_delete": ("post", {**entry, **material}, ENTRANT_OWNED),
        "api:entry-materials": ("get", entry, ENTRANT_OWNED),
        "api:entry-material": ("delete", {**entry, **material}, ENTRANT_OWNED),
        "api:entry-material-upload": ("post", {**entry, "kind": "poster"}, ENTRANT_OWNED),
        "contest:video-original": ("get", video, ENTRANT_OWNED),
        "contest:video-poster": ("get", video, ENTRANT_OWNED),
        "contest:video-preview": ("get", video, ("anonymous", "other_entrant", "other_juror")),
        "contest:organiser_entry": ("get", {**slug, **entry}, ORGANISER_ONLY),
        "contest:question_edit": ("get", {**slug, "question_id": w.question.pk}, ORGANISER_ONLY),
        "contest:question_action": (
            "post", {**slug, "question_id": w.question.pk, "action": "remove"}, ORGANISER_ONLY),
        "api:contest-question": ("patch", {**slug, "question_id": w.question.pk},
                                 ORGANISER_ONLY),
        "contest:contest_outbox_retry": ("post", {**slug, "message_id": w.failed_message.pk},
                                         ORGANISER_ONLY),
        "api:contest-outbox-retry": ("post", {**slug, "message_id": w.failed_message.pk},
                                     ORGANISER_ONLY),
        "judging:bulk_message": ("get", bulk, ORGANISER_ONLY),
        "judging:bulk_message_edit": ("get", bulk, ORGANISER_ONLY),
        "judging:bulk_message_send": ("post", bulk, ORGANISER_ONLY),
        "judging:bulk_message_cancel": ("post", bulk, ORGANISER_ONLY),
        "judging:bulk_message_progress": ("get", bulk, ORGANISER_ONLY),
        "api:bulk-message": ("get", bulk, ORGANISER_ONLY),
        "api:bulk-message-preview": ("get", bulk, ORGANISER_ONLY),
        "api:bulk-message-send": ("post", bulk, ORGANISER_ONLY),
        "api:bulk-message-cancel": ("post", bulk, ORGANISER_ONLY),
        "contest:entry_detail": ("get", entry, ENTRANT_OWNED),
        "contest:entry_edit": ("get", entry, ENTRANT_OWNED),
        "contest:entry_submit": ("post", entry, ENTRANT_OWNED),
        "contest:entry_withdraw": ("post", entry, ENTRANT_OWNED),
        "contest:tus-upload": ("head", {"upload_id": w.tus_upload.pk}, ENTRANT_OWNED),
        "api:organisation-member": ("patch", {**org, "membership_id": w.membership.pk},
                                    ORGANISER_ONLY),
        "api:organisation-invitation": ("delete", {**org,
                                                   "invitation_id": w.team_invitation.pk},
                                        ORGANISER_ONLY),
        "accounts:team_member": ("post", {**org, "membership_id": w.membership.pk,
                                          "action": "remove"}, ORGANISER_ONLY),
        "accounts:team_invitation_action": ("post", {**org, "invitation_id": w.team_invitation.pk,
                                                     "action": "revoke"}, ORGANISER_ONLY),
    }


# URL patterns with ids that are not someone's object, and why.
NOT_OBJECT_URLS = {
    "account_confirm_email": "the key itself is the secret (allauth)",
    "account_reset_password_from_key": "the key itself is the secret (allauth)",
    "judging:invitation": "the token itself is the secret",
    "accounts:team_invitation": "the signed token itself is the secret",
    "core:unsubscribe": "the signed token itself is the secret (no log-in, RFC 8058)",
    # allauth asks anyone for their password again first (a 302 this table cannot tell from
    # an answer); tests/accounts/test_two_factor.py asks again and is refused with 404.
    "mfa_edit_webauthn": "a person's own passkey, after re-authentication (allauth)",
    "mfa_remove_webauthn": "a person's own passkey, after re-authentication (allauth)",
    None: "unnamed routes (admin and debug error pages)",
}


@pytest.fixture
def world(db, contest):
    owner = UserFactory(country="BR")
    add_role(user=owner, role=Role.ENTRANT)
    entry = EntryFactory(contest=contest, entrant=owner)
    video = VideoFactory(entry=entry, status=VideoStatus.VALID)
    material = EntryMaterial.objects.create(
        entry=entry, kind=MaterialKind.STILL, status=MaterialStatus.VALID,
        original_filename="still.jpg", sha256="0" * 64,
        file=default_storage.save("derived/still.jpg", ContentFile(b"jpeg")),
        thumbnail=default_storage.save("derived/still.webp", ContentFile(b"webp")))
    round_ = RoundFactory(contest=contest)
    add_rubric(round_)
    juror_user = UserFactory()
    add_role(user=juror_user, role=Role.JUROR)
    seat = JurorFactory(contest=contest, user=juror_user)
    assignment = Assignment.objects.create(round=round_, entry=entry, juror=seat)
    conflict = JurorConflict.objects.create(juror=seat, kind="organisation", organisation="X")
    invitation = JurorInvitation.objects.create(
        contest=contest, email="invited@example.org", expires_at=contest.closes_at
    )
    uploads = {
        backend: Upload.objects.create(entry=entry, uploader=owner, backend=backend,
                                       filename="film.mp4", length=1000, s3_key="k",
                                       s3_upload_id=uuid.uuid4().hex)
        for backend in (UploadBackend.TUS, UploadBackend.S3_MULTIPART)
    }
    other_entrant = UserFactory()
    add_role(user=other_entrant, role=Role.ENTRANT)
    EntryFactory(contest=contest, entrant=other_entrant)
    other_juror = UserFactory()
    add_role(user=other_juror, role=Role.JUROR)
    JurorFactory(contest=contest, user=other_juror)
    team_owner = MembershipFactory(organisation=contest.organisation, role=OrgRole.OWNER)
    vote = FinalVote.objects.create(contest=contest, title="Final vote")
    vote.entries.set([entry, EntryFactory(contest=contest)])
    vote.jurors.set([seat])  # J votes; the other juror of the contest does not
    team_invitation = invite_member(organisation=contest.organisation, email="team@example.org",
                                    role=OrgRole.MANAGER, by=team_owner.user)
    failed_message = Message.objects.create(
        kind="contest.submission_receipt", address=owner.email, recipient=owner,
        dedupe_key="failed", scope_type="contest.contest", scope_id=str(contest.pk),
        status=MessageStatus.FAILED)
    bulk_message = BulkMessage.objects.create(contest=contest, segment=BulkSegment.DRAFTS,
                                              subject="News", body="Hello.")
    question = Question.objects.create(contest=contest, key="school", label="School",
                                       type=QuestionType.SHORT_TEXT)
    return SimpleNamespace(
        question=question,
        vote=vote, membership=team_owner, bulk_message=bulk_message,
        team_invitation=team_invitation,
        failed_message=failed_message,
        contest=contest, entry=entry, video=video, material=material, round=round_,
        assignment=assignment, seat=seat,
        conflict=conflict, invitation=invitation, tus_upload=uploads[UploadBackend.TUS],
        s3_upload=uploads[UploadBackend.S3_MULTIPART],
        people={"other_entrant": other_entrant, "other_juror": other_juror, "anonymous": None},
    )


# Bodies that pass validation, so a refusal is about the object and not the input.
BODIES = {"api:s3-upload-parts": {"part_numbers": [1]}}


@pytest.fixture
def s3_configured(settings):
    """S3 uploads switched on; a refused request never reaches the (absent) bucket."""

    def switch_on():
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {"BACKEND": "storages.backends.s3.S3Storage",
                        "OPTIONS": {"bucket_name": "idor", "endpoint_url": "http://127.0.0.1:9",
                                    "access_key": "x", "secret_key": "x"}},
        }

    return switch_on


def _request(client, method: str, url: str, person, body=None):
    client.logout()
    headers = {"HTTP_TUS_RESUMABLE": "1.0.0"}
    if person is not None:
        if url.startswith("/api/") or url.startswith("/uploads/"):
            token = Token.objects.get_or_create(user=person)[0]
            headers["HTTP_AUTHORIZATION"] = f"Token {token.key}"
        else:
            client.force_login(person)
    if body is not None:
        return getattr(client, method)(url, body, content_type="application/json", **headers)
    return getattr(client, method)(url, **headers)


def test_every_object_url_is_in_the_table(world):
    names = {
        route.full_name for route in iter_routes()
        if set(route.params) & ID_PARAMS and not route.route.startswith("admin/")
    }
    missing = names - set(_table(world)) - set(NOT_OBJECT_URLS)
    assert sorted(n or "" for n in missing) == []


@pytest.mark.parametrize("role", ["anonymous", "other_entrant", "other_juror"])
def test_other_peoples_objects_are_refused(client, world, s3_configured, role):
    s3_configured()
    refused_wrongly = []
    for name, (method, kwargs, refused_for) in sorted(_table(world).items()):
        if role not in refused_for:
            continue
        url = reverse(name, kwargs=kwargs)
        response = _request(client, method, url, world.people[role], BODIES.get(name))
        if response.status_code not in REFUSED or (
            response.status_code == 302 and "/accounts/login/" not in response["Location"]
        ):
            refused_wrongly.append(f"{method.upper()} {url} -> {response.status_code}")

    assert refused_wrongly == [], "\n".join(refused_wrongly)


@pytest.mark.parametrize("role", ["anonymous", "other_entrant", "other_juror"])
def test_refusals_do_not_change_the_objects(client, world, role):
    before = (world.entry.status, world.entry.version)
    for name, (method, kwargs, refused_for) in _table(world).items():
        if method == "post" and role in refused_for:
            _request(client, method, reverse(name, kwargs=kwargs), world.people[role])

    world.entry.refresh_from_db()
    assert (world.entry.status, world.entry.version) == before
    assert Assignment.objects.filter(pk=world.assignment.pk).exists()
    assert JurorConflict.objects.filter(pk=world.conflict.pk).exists()
    world.seat.refresh_from_db()
    assert (world.seat.is_active, world.seat.capacity, world.seat.languages) == (
        True, None, ["en", "fr"])
    assert EntryMaterial.objects.filter(pk=world.material.pk).exists()
