"""What data exports hold of judging: blind for jurors and entrants alike."""

import pytest
from django.utils import timezone

from judging.enums import ConflictKind, ScoreStatus
from judging.models import AwardPlacement, JurorConflict, JurorInvitation, ResultNotice
from judging.services.scoring import save_draft, submit_score
from tests.data_exports import build_export
from tests.factories import EntryFactory, UserFactory

from ..factories import JurorFactory

pytestmark = pytest.mark.django_db


def _marks(round_, values):
    return {str(c.pk): v for c, v in zip(round_.criteria.order_by("order"), values, strict=True)}


@pytest.fixture
def scored(make_assignments, juror_user, open_round, contest):
    """The juror scored two entries (one submitted, one draft); another juror scored the
    first entry too, with a comment of their own."""
    first, second = make_assignments(2)
    save_draft(assignment=first, by=juror_user, marks=_marks(open_round, [9, 8, 7, 6]),
               comment="Luminous ending.", expected_version=0)
    submit_score(assignment=first, by=juror_user, expected_version=1)
    save_draft(assignment=second, by=juror_user, marks=_marks(open_round, [3, 4, 5, 6]),
               comment="Too long.", expected_version=0)
    other_user = UserFactory(email="other-juror@example.org")
    other = JurorFactory(contest=contest, user=other_user)
    [theirs] = make_assignments(1, juror=other)
    theirs.entry = first.entry
    theirs.save()
    save_draft(assignment=theirs, by=other_user, marks=_marks(open_round, [1, 1, 1, 2]),
               comment="SECRET-OTHER-JUROR", expected_version=0)
    return first, second


def test_a_jurors_export_holds_their_own_scores_and_comments(scored, juror_user, open_round):
    first, second = scored

    archive = build_export(juror_user)

    rows = archive.records("judging.jury", "assignment")
    assert [(r["entry_code"], r["score"]["status"], r["score"]["comment"]) for r in rows] == [
        (first.entry.code, ScoreStatus.SUBMITTED, "Luminous ending."),
        (second.entry.code, ScoreStatus.DRAFT, "Too long."),
    ]
    assert rows[0]["score"]["marks"] == [
        {"criterion": "Story", "mark": 9}, {"criterion": "Visual craft", "mark": 8},
        {"criterion": "Creative use of AI", "mark": 7}, {"criterion": "Emotional impact",
                                                         "mark": 6}]
    assert (rows[0]["round"], rows[0]["title_english"]) == (open_round.name,
                                                            first.entry.title_english)


def test_a_jurors_export_never_holds_another_jurors_score_or_the_entrant(scored, juror_user):
    first, _second = scored

    text = build_export(juror_user).text()

    assert "SECRET-OTHER-JUROR" not in text
    assert "other-juror@example.org" not in text
    assert first.entry.entrant.email not in text
    assert first.entry.entrant.name_native not in text


def test_a_jurors_seat_lists_their_conflicts_without_the_entrant_they_name(seat, juror_user,
                                                                           contest):
    named = UserFactory(name_native="Named Entrant", email="named@example.org")
    JurorConflict.objects.create(juror=seat, kind=ConflictKind.ENTRANT, entrant=named,
                                 reason="My cousin.")
    JurorInvitation.objects.create(contest=contest, email=juror_user.email, language="fr",
                                   expires_at=timezone.now(), accepted_at=timezone.now(),
                                   juror=seat)

    archive = build_export(juror_user)

    [record] = archive.records("judging.jury", "juror_seat")
    assert [(c["kind"], c["reason"]) for c in record["conflicts"]] == [("entrant", "My cousin.")]
    assert (record["contest"], record["invitation"]["language"]) == (contest.name, "fr")
    assert "named@example.org" not in archive.text()
    assert "Named Entrant" not in archive.text()


def test_an_entrants_export_names_no_juror_and_no_score(scored):
    first, _second = scored
    entrant = first.entry.entrant
    JurorConflict.objects.create(juror=first.juror, kind=ConflictKind.ENTRANT, entrant=entrant)

    archive = build_export(entrant)

    text = archive.text()
    for secret in ("Luminous ending.", "SECRET-OTHER-JUROR", "other-juror@example.org",
                   first.juror.user.email, first.juror.user.name_native):
        assert secret not in text
    assert archive.records("judging.jury") == []
    assert [r["kind"] for r in archive.records("judging.results")] == []
    assert [r["id"] for r in archive.records("contest.entries", "entry")] == [first.entry.pk]


def test_an_entrant_sees_their_award_only_once_results_are_published(award, contest, entrant):
    entry = EntryFactory(contest=contest, entrant=entrant)
    AwardPlacement.objects.create(award=award, entry=entry, place=1, notes="Split jury.")
    ResultNotice.objects.create(contest=contest, entrant=entrant, language="ja",
                                sent_at=timezone.now())

    before = build_export(entrant)
    contest.results_published_at = timezone.now()
    contest.save()
    after = build_export(entrant)

    assert before.records("judging.results", "award_won") == []
    [won] = after.records("judging.results", "award_won")
    assert (won["award"], won["place"]) == ("Grand Prize", 1)
    assert "Split jury." not in after.text()
    [notice] = after.records("judging.results", "results_notice")
    assert notice["language"] == "ja"


def test_an_organisers_export_holds_placements_and_invitations_without_invitees(
    organiser, award, contest
):
    entry = EntryFactory(contest=contest)
    AwardPlacement.objects.create(award=award, entry=entry, place=2, assigned_by=organiser)
    JurorInvitation.objects.create(contest=contest, email="invitee@example.org",
                                   invited_by=organiser, expires_at=timezone.now())

    archive = build_export(organiser)

    [placement] = archive.records("judging.results", "award_placement_assigned")
    assert (placement["award"], placement["place"], placement["entry_code"]) == (
        "Grand Prize", 2, entry.code)
    [sent] = archive.records("judging.results", "juror_invitation_sent")
    assert sent["contest"] == contest.name
    assert "invitee@example.org" not in archive.text()
