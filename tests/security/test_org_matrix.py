"""Organisations are walled off, and each role of a team reaches exactly its half.

Every URL pattern that names a contest or an organisation is found in the URLconf and must
appear in ``TABLE`` with the roles allowed (or in ``NOT_TEAM_URLS`` with the reason), so a new
organiser page or endpoint cannot escape this test. Each is requested by the owner of another
organisation and by every role of the contest's own team: refused (403 or 404) where the role
does not allow it, answered where it does (checked for reads; a write's success belongs to its
own tests).
"""

from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from accounts.enums import OrgRole
from accounts.teams import invite_member
from contest.enums import EntryStatus, MaterialKind, MaterialStatus, QuestionType
from contest.models import EntryMaterial, Question
from core.models import Message, MessageStatus
from judging.enums import BulkSegment
from judging.models import AwardPlacement, BulkMessage, FinalVote, JurorInvitation
from tests.factories import (
    EntryFactory,
    MembershipFactory,
    OrganisationFactory,
)
from tests.judging.factories import AwardFactory, JurorFactory, RoundFactory, add_rubric

from .urlwalk import iter_routes

OWNER, MANAGER, VIEWER = OrgRole.OWNER, OrgRole.MANAGER, OrgRole.VIEWER
EVERYONE = tuple(OrgRole)
RUNS = (OrgRole.OWNER, OrgRole.MANAGER)  # contest, entries, eligibility, awards, publication
JUDGING = (OrgRole.OWNER, OrgRole.COORDINATOR)  # jurors, rounds, assignment
REFUSED = {403, 404}
SCOPE_PARAMS = {"slug", "contest_slug", "org_slug"}


def _table(w):
    slug, cslug, org = {"slug": w.slug}, {"contest_slug": w.slug}, {"org_slug": w.org_slug}
    rnd = {"round_id": w.round.pk}
    criterion = {"criterion_id": w.round.criteria.first().pk}
    seat = {"juror_id": w.juror.pk}
    return {
        "contest:organiser_contest": ("get", slug, RUNS),
        # An entry's checked materials: every member of the team reads them.
        "contest:material-file": ("get", {"material_id": w.material.pk}, EVERYONE),
        "contest:material-thumbnail": ("get", {"material_id": w.material.pk}, EVERYONE),
        "contest:organiser_entry": ("get", {**slug, "pk": w.entry.pk}, RUNS),
        "contest:contest_settings": ("get", slug, RUNS),
        "contest:contest_categories": ("get", slug, RUNS),
        "contest:contest_recheck_films": ("post", slug, RUNS),
        "contest:category_action": (
            "post", {**slug, "category_id": w.entry.category_id, "action": "up"}, RUNS),
        "contest:contest_copy": ("get", slug, RUNS),
        "contest:contest_questions": ("get", slug, RUNS),
        "contest:question_add": ("get", slug, RUNS),
        "contest:question_edit": ("get", {**slug, "question_id": w.question.pk}, RUNS),
        "contest:question_action": (
            "post", {**slug, "question_id": w.question.pk, "action": "up"}, RUNS),
        "api:contest-questions": ("get", slug, RUNS),
        "api:contest-question": ("get", {**slug, "question_id": w.question.pk}, RUNS),
        "contest:contest_retention": ("get", slug, RUNS),
        "contest:contest_outbox": ("get", slug, RUNS),
        "contest:contest_outbox_retry": ("post", {**slug, "message_id": w.failed_message.pk},
                                         RUNS),
        "api:contest-outbox": ("get", slug, RUNS),
        "api:contest-outbox-retry": ("post", {**slug, "message_id": w.failed_message.pk},
                                     RUNS),
        "api:contest-entry-list": ("get", cslug, RUNS),
        "api:contest-entry-detail": ("get", {**cslug, "pk": w.entry.pk}, RUNS),
        "api:contest-entry-disqualify": ("post", {**cslug, "pk": w.entry.pk}, RUNS),
        "api:contest-entry-reinstate": ("post", {**cslug, "pk": w.entry.pk}, RUNS),
        "judging:organiser_jurors": ("get", cslug, JUDGING),
        "judging:resend_invitation": ("post", {**cslug, "invitation_id": w.invitation.pk},
                                      JUDGING),
        "judging:organiser_juror": ("get", {**cslug, **seat}, JUDGING),
        "judging:organiser_juror_deactivate": ("get", {**cslug, **seat}, JUDGING),
        "judging:organiser_juror_reactivate": ("get", {**cslug, **seat}, JUDGING),
        "api:organiser-jurors": ("get", slug, JUDGING),
        "api:organiser-juror": ("get", {**slug, **seat}, JUDGING),
        "api:organiser-juror-deactivate": ("post", {**slug, **seat}, JUDGING),
        "api:organiser-juror-reactivate": ("post", {**slug, **seat}, JUDGING),
        "judging:organiser_rounds": ("get", cslug, JUDGING),
        "judging:organiser_criterion_texts": ("post", {**cslug, **criterion}, JUDGING),
        "judging:organiser_manual_assignment": ("post", cslug, JUDGING),
        "judging:organiser_advance": ("post", cslug, JUDGING),
        "judging:organiser_results": ("get", {**cslug, **rnd}, EVERYONE),
        "judging:organiser_round_jury": ("get", {**cslug, **rnd}, JUDGING),
        "judging:organiser_round_action": ("post", {**cslug, **rnd, "action": "close"},
                                           JUDGING),
        "judging:organiser_tie_break": ("post", {**cslug, **rnd}, JUDGING),
        "judging:organiser_ranking_method": ("post", {**cslug, **rnd}, JUDGING),
        "judging:dashboard": ("get", slug, EVERYONE),
        "judging:votes": ("get", slug, RUNS),
        "judging:vote": ("get", {**slug, "vote_id": w.vote.pk}, RUNS),
        "judging:vote_close": ("post", {**slug, "vote_id": w.vote.pk}, RUNS),
        "judging:vote_places": ("post", {**slug, "vote_id": w.vote.pk}, RUNS),
        "api:vote-outcome": ("get", {**slug, "vote_id": w.vote.pk}, RUNS),
        "judging:awards": ("get", slug, RUNS),
        "judging:award_create": ("post", slug, RUNS),
        "judging:award_update": ("post", {**slug, "award_id": w.award.pk}, RUNS),
        "judging:award_delete": ("post", {**slug, "award_id": w.award.pk}, RUNS),
        "judging:award_assign": ("post", slug, RUNS),
        "judging:placement_update": ("post", {**slug, "placement_id": w.placement.pk}, RUNS),
        "judging:placement_remove": ("post", {**slug, "placement_id": w.placement.pk}, RUNS),
        "judging:awards_lock": ("post", slug, RUNS),
        "judging:results_publish": ("post", slug, RUNS),
        "judging:export": ("get", {**slug, "what": "winners", "fmt": "csv"}, EVERYONE),
        "judging:audit": ("get", slug, RUNS),
        "judging:bulk_messages": ("get", slug, RUNS),
        "judging:bulk_message_new": ("get", slug, RUNS),
        "api:bulk-messages": ("get", slug, RUNS),
        "judging:bulk_message": ("get", {**slug, "message_id": w.bulk_message.pk}, RUNS),
        "judging:bulk_message_edit": ("get", {**slug, "message_id": w.bulk_message.pk}, RUNS),
        "judging:bulk_message_send": ("post", {**slug, "message_id": w.bulk_message.pk}, RUNS),
        "judging:bulk_message_cancel": ("post", {**slug, "message_id": w.bulk_message.pk}, RUNS),
        "judging:bulk_message_progress": ("get", {**slug, "message_id": w.bulk_message.pk}, RUNS),
        "api:bulk-message": ("get", {**slug, "message_id": w.bulk_message.pk}, RUNS),
        "api:bulk-message-preview": ("get", {**slug, "message_id": w.bulk_message.pk}, RUNS),
        "api:bulk-message-send": ("post", {**slug, "message_id": w.bulk_message.pk}, RUNS),
        "api:bulk-message-cancel": ("post", {**slug, "message_id": w.bulk_message.pk}, RUNS),
        "api:organiser-round-assignment": ("post", {**slug, **rnd}, JUDGING),
        "api:organiser-criterion": ("get", {**slug, **criterion}, JUDGING),
        "api:organiser-round-progress": ("get", {**slug, **rnd}, EVERYONE),
        "api:organiser-round-languages": ("get", {**slug, **rnd}, JUDGING),
        "api:organiser-round-jury": ("get", {**slug, **rnd}, JUDGING),
        "api:organiser-round-languages-relax": ("post", {**slug, **rnd}, JUDGING),
        "api:organiser-round-results": ("get", {**slug, **rnd}, EVERYONE),
        "api:organiser-round-ranking": ("patch", {**slug, **rnd}, JUDGING),
        "api:awards": ("get", slug, RUNS),
        "api:award-assign": ("post", {**slug, "award_id": w.award.pk}, RUNS),
        "api:placement": ("delete", {**slug, "placement_id": w.placement.pk}, RUNS),
        "api:awards-lock": ("post", slug, RUNS),
        "api:publish": ("post", slug, RUNS),
        "api:export": ("get", {**slug, "what": "winners", "fmt": "csv"}, EVERYONE),
        "api:organisation-contests": ("post", org, RUNS),
        "api:contest-settings": ("get", slug, RUNS),
        "api:contest-categories": ("get", slug, RUNS),
        "api:contest-category": ("patch", {**slug, "category_id": w.category.pk}, RUNS),
        "accounts:team": ("get", org, EVERYONE),
        "accounts:organisation_settings": ("get", org, (OWNER,)),
        "api:organisation-detail": ("get", org, EVERYONE),
        "api:organisation-members": ("get", org, EVERYONE),
        "api:organisation-member": ("patch", {**org, "membership_id": w.viewer_membership.pk},
                                    (OWNER,)),
        "api:organisation-invitations": ("get", org, (OWNER,)),
        "api:organisation-invitation": ("delete", {**org,
                                                   "invitation_id": w.team_invitation.pk},
                                        (OWNER,)),
        "accounts:team_leave": ("post", org, EVERYONE),
        "accounts:team_member": ("post", {**org, "membership_id": w.viewer_membership.pk,
                                          "action": "remove"}, (OWNER,)),
        "accounts:team_invitation_action": (
            "post", {**org, "invitation_id": w.team_invitation.pk, "action": "revoke"}, (OWNER,)),
    }


# Routes with a contest or organisation in the path that are not the team's, and why.
NOT_TEAM_URLS = {
    "contest:contest_detail": "the public page of a contest",
    "contest:entry_create": "entrants enter a contest",
    "api:contest-detail": "the public description of a contest",
    "api:winners": "published winners are public",
    "winners": "published winners are public",
    "judging:profile": "a juror's own profile for a contest",
    "judging:withdraw_conflict": "a juror's own conflict declaration",
}


@pytest.fixture
def world(db, contest):
    entry = EntryFactory(contest=contest, status=EntryStatus.ELIGIBLE)
    category = entry.category
    round_ = RoundFactory(contest=contest)
    add_rubric(round_)
    award = AwardFactory(contest=contest, places=2)
    placement = AwardPlacement.objects.create(award=award, entry=entry, place=1)
    invitation = JurorInvitation.objects.create(contest=contest, email="j@example.org",
                                                expires_at=contest.closes_at)
    organisation = contest.organisation
    team = {role: MembershipFactory(organisation=organisation, role=role) for role in OrgRole}
    team_invitation = invite_member(organisation=organisation, email="new@example.org",
                                    role=VIEWER, by=team[OWNER].user)
    outsider = MembershipFactory(organisation=OrganisationFactory(), role=OWNER).user
    vote = FinalVote.objects.create(contest=contest, title="Final vote")
    vote.entries.set([entry, EntryFactory(contest=contest, status=EntryStatus.ELIGIBLE)])
    failed_message = Message.objects.create(
        kind="contest.submission_receipt", address="e@example.org", dedupe_key="failed",
        scope_type="contest.contest", scope_id=str(contest.pk), status=MessageStatus.FAILED)
    material = EntryMaterial.objects.create(
        entry=entry, kind=MaterialKind.STILL, status=MaterialStatus.VALID,
        original_filename="still.jpg", sha256="0" * 64,
        file=default_storage.save("derived/still.jpg", ContentFile(b"jpeg")),
        thumbnail=default_storage.save("derived/still.webp", ContentFile(b"webp")))
    bulk_message = BulkMessage.objects.create(contest=contest, segment=BulkSegment.DRAFTS,
                                              subject="News", body="Hello.")
    question = Question.objects.create(contest=contest, key="school", label="School",
                                       type=QuestionType.SHORT_TEXT)
    return SimpleNamespace(
        vote=vote, question=question, juror=JurorFactory(contest=contest),
        failed_message=failed_message, material=material, bulk_message=bulk_message,
        slug=contest.slug, org_slug=organisation.slug, entry=entry, category=category,
        round=round_, award=award, placement=placement, invitation=invitation,
        team_invitation=team_invitation, viewer_membership=team[VIEWER],
        people={**{role: team[role].user for role in OrgRole}, "outsider": outsider},
    )


def _request(client, method, url, person):
    client.force_login(person)
    response = getattr(client, method)(url)
    if response.streaming:
        b"".join(response.streaming_content)  # a file sent whole closes its handle
    return response


def test_every_team_url_is_in_the_table(world):
    names = {
        route.full_name for route in iter_routes()
        if set(route.params) & SCOPE_PARAMS and not route.route.startswith("admin/")
    }
    missing = names - set(_table(world)) - set(NOT_TEAM_URLS)
    assert sorted(missing) == []


@pytest.mark.parametrize("who", ["outsider", *OrgRole])
def test_each_role_is_refused_what_it_may_not_do(client, world, who):
    wrongly_answered = []
    for name, (method, kwargs, allowed) in sorted(_table(world).items()):
        if who in allowed:
            continue
        response = _request(client, method, reverse(name, kwargs=kwargs), world.people[who])
        if response.status_code not in REFUSED:
            wrongly_answered.append(f"{method.upper()} {name} -> {response.status_code}")
    assert wrongly_answered == []


@pytest.mark.parametrize("who", list(OrgRole))
def test_each_role_reads_what_it_may(client, world, who):
    refused = []
    for name, (method, kwargs, allowed) in sorted(_table(world).items()):
        if who not in allowed or method != "get":
            continue
        response = _request(client, method, reverse(name, kwargs=kwargs), world.people[who])
        if response.status_code != 200:
            refused.append(f"GET {name} -> {response.status_code}")
    assert refused == []


def test_a_member_of_two_organisations_keeps_their_roles_apart(client, world):
    manager = world.people[MANAGER]
    other = OrganisationFactory()
    MembershipFactory(organisation=other, user=manager, role=VIEWER)
    client.force_login(manager)

    assert client.get(reverse("judging:awards", kwargs={"slug": world.slug})).status_code == 200
    contest_of_other = world.entry.contest.__class__.objects.create(
        organisation=other, name="Other", slug="other-contest",
        opens_at=world.entry.contest.opens_at, closes_at=world.entry.contest.closes_at)
    assert client.get(reverse("judging:awards",
                              kwargs={"slug": contest_of_other.slug})).status_code == 403
    assert client.get(reverse("judging:dashboard",
                              kwargs={"slug": contest_of_other.slug})).status_code == 200


def test_organisers_home_lists_only_the_users_organisations(client, world):
    client.force_login(world.people["outsider"])

    response = client.get(reverse("contest:organiser_home"))

    assert response.status_code == 200
    assert world.slug not in response.content.decode()


# Leaving the team needs no second factor (tests/accounts/test_two_factor.py).
PERSONS_OWN_BUSINESS = {"accounts:team_leave"}


@pytest.mark.parametrize("who", list(OrgRole))
def test_a_team_that_requires_two_factor_authentication_waits_for_it_everywhere(client, world,
                                                                                who):
    """Every team URL the role may use sends a member without a second factor to set one up
    (pages) or answers 403 ``second_factor_required`` (API)."""
    organisation = world.entry.contest.organisation
    organisation.two_factor_for_team = True
    organisation.save(update_fields=["two_factor_for_team"])
    let_through = []
    for name, (method, kwargs, allowed) in sorted(_table(world).items()):
        if who not in allowed or name in PERSONS_OWN_BUSINESS:
            continue
        response = _request(client, method, reverse(name, kwargs=kwargs), world.people[who])
        if name.startswith("api:"):
            held = (response.status_code == 403
                    and response.json()["code"] == "second_factor_required")
        else:
            held = (response.status_code == 302
                    and response["Location"] == reverse("mfa_index"))
        if not held:
            let_through.append(f"{method.upper()} {name} -> {response.status_code}")
    assert let_through == []
