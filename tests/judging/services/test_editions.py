"""Copying an edition (``contest.services.setup.copy_contest``) with judging's part of it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from contest.models import Contest, Entry
from contest.services.setup import copy_contest
from core.errors import ContestError
from core.models import AuditEvent
from judging.enums import RoundStatus
from judging.models import (
    Assignment,
    Award,
    AwardPlacement,
    Criterion,
    Juror,
    JurorInvitation,
    Round,
    Score,
)
from tests.factories import CategoryFactory, ContestFactory, EntryFactory
from tests.judging.factories import (
    AssignmentFactory,
    AwardFactory,
    JurorFactory,
    RoundFactory,
    ScoreFactory,
    add_rubric,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(db):
    contest = ContestFactory(name="Shorts 2026", slug="shorts-2026", rules_version="2026.3",
                             time_zone="Europe/Paris", max_runtime_s=600)
    drama = CategoryFactory(contest=contest, name="Drama", slug="drama", order=0)
    CategoryFactory(contest=contest, name="Comedy", slug="comedy", order=1)
    award = AwardFactory(contest=contest, name="Grand Prize", places=3, order=0)
    round_ = RoundFactory(contest=contest, name="Screening", order=1,
                          deadline=contest.closes_at + timedelta(days=14), language_rule=True,
                          tie_break="median", ranking_method="trimmed")
    add_rubric(round_)
    entry = EntryFactory(contest=contest, category=drama)
    ScoreFactory(assignment=AssignmentFactory(round=round_, entry=entry))
    AwardPlacement.objects.create(award=award, entry=entry, place=1)
    return contest


def _copy(source, by, **extra):
    opens = timezone.now() + timedelta(days=300)
    return copy_contest(source=source, by=by, name="Shorts 2027", slug="shorts-2027",
                        opens_at=opens, closes_at=opens + timedelta(days=60), **extra)


def test_copy_contest_copies_settings_rules_and_categories(organiser, source):
    target = _copy(source, organiser)

    assert (target.rules_text, target.rules_version, target.time_zone, target.max_runtime_s,
            target.organisation_id) == ("Be kind.", "2026.3", "Europe/Paris", 600,
                                        source.organisation_id)
    assert list(target.categories.values_list("name", "slug", "order")) == [
        ("Drama", "drama", 0), ("Comedy", "comedy", 1)]


def test_copy_contest_copies_awards_rounds_and_criteria(organiser, source):
    target = _copy(source, organiser)

    assert list(Award.objects.filter(contest=target).values_list("name", "places", "order")) == [
        ("Grand Prize", 3, 0)]
    round_ = Round.objects.get(contest=target)
    assert (round_.name, round_.order, round_.status) == ("Screening", 1, RoundStatus.DRAFT)
    assert (round_.language_rule, round_.tie_break, round_.ranking_method) == (
        True, "median", "trimmed")
    assert round_.deadline == target.closes_at + timedelta(days=14)
    assert list(round_.criteria.values_list("name", flat=True)) == [
        "Story", "Visual craft", "Creative use of AI", "Emotional impact"]


def test_copy_contest_leaves_entries_assignments_scores_and_placements(organiser, source):
    target = _copy(source, organiser)

    assert (Entry.objects.filter(contest=target).count(),
            Assignment.objects.filter(round__contest=target).count(),
            Score.objects.filter(assignment__round__contest=target).count(),
            AwardPlacement.objects.filter(award__contest=target).count(),
            Juror.objects.filter(contest=target).count()) == (0, 0, 0, 0, 0)
    assert Criterion.objects.filter(round__contest=source).count() == 4


def test_copy_contest_writes_one_audit_row(organiser, source):
    target = _copy(source, organiser)

    event = AuditEvent.objects.get(action="contest.copied")
    assert (event.object_id, event.before, event.after["categories"]) == (
        str(target.pk), {"source": "shorts-2026"}, 2)


def test_copy_contest_without_invitations_invites_nobody(organiser, source,
                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        target = _copy(source, organiser)

    assert JurorInvitation.objects.filter(contest=target).count() == 0
    assert mail.outbox == []


def test_copy_contest_invites_the_jury_again_after_commit(organiser, source,
                                                         django_capture_on_commit_callbacks):
    JurorFactory(contest=source, is_active=False)
    JurorInvitation.objects.create(contest=source, email="pending@example.org", language="fr",
                                   expires_at=timezone.now() + timedelta(days=3))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        target = _copy(source, organiser, with_jury_invitations=True)
    assert mail.outbox == []
    for callback in callbacks:
        callback()

    invitations = JurorInvitation.objects.filter(contest=target).order_by("email")
    # The juror seated by the fixture's assignment, and the pending invitation; not the
    # juror who left the jury.
    seated = Juror.objects.get(contest=source, is_active=True)
    expected = sorted([seated.user.email.lower(), "pending@example.org"])
    assert [invitation.email for invitation in invitations] == expected
    assert sorted(message.to[0] for message in mail.outbox) == expected


def test_copy_contest_refused_when_the_slug_is_taken(organiser, source):
    with pytest.raises(ContestError) as caught:
        copy_contest(source=source, by=organiser, name="Again", slug="shorts-2026",
                     opens_at=timezone.now() + timedelta(days=1),
                     closes_at=timezone.now() + timedelta(days=9))

    assert list(caught.value.fields) == ["slug"]
    assert Contest.objects.count() == 1
    assert Award.objects.count() == 1
