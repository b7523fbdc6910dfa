import pytest

from contest.enums import EntryStatus
from core.errors import ConflictError, ContestError
from core.models import AuditEvent
from judging.models import AwardPlacement
from judging.services.awards import (
    assign_award,
    create_award,
    delete_award,
    lock_awards,
    unassign_award,
    update_award,
    update_placement,
)
from tests.factories import ContestFactory, EntryFactory

from ..factories import AwardFactory

pytestmark = pytest.mark.django_db


def test_create_award_records_audit(contest, organiser):
    award = create_award(contest=contest, by=organiser, name="Jury Prize", places=2, order=1)

    event = AuditEvent.objects.get(action="award.create")
    assert (event.actor, event.scope_id, event.object_id) == (
        organiser, str(contest.pk), str(award.pk))
    assert event.after["name_en"] == "Jury Prize"
    assert event.after["places"] == 2


def test_create_award_with_zero_places_is_refused(contest, organiser):
    with pytest.raises(ContestError) as excinfo:
        create_award(contest=contest, by=organiser, name="Nothing", places=0)
    assert excinfo.value.code == "invalid_places"


def test_update_award_records_before_and_after(award, organiser):
    update_award(award=award, by=organiser, name="Golden Reel", notes="Unanimous.")

    event = AuditEvent.objects.get(action="award.update")
    assert (event.before["name_en"], event.after["name_en"]) == ("Grand Prize", "Golden Reel")
    assert event.after["notes"] == "Unanimous."


def test_update_award_below_given_place_is_refused(award, organiser, make_entry):
    assign_award(award=award, place=3, entry=make_entry(), by=organiser)
    with pytest.raises(ConflictError) as excinfo:
        update_award(award=award, by=organiser, places=2)
    assert excinfo.value.code == "places_in_use"


def test_delete_award_with_winner_is_refused(award, organiser, make_entry):
    assign_award(award=award, place=1, entry=make_entry(), by=organiser)
    with pytest.raises(ConflictError):
        delete_award(award=award, by=organiser)


def test_delete_award_records_audit(award, organiser):
    delete_award(award=award, by=organiser)
    assert AuditEvent.objects.get(action="award.delete").before["name_en"] == "Grand Prize"


def test_assign_award_records_placement_and_audit(award, organiser, make_entry):
    entry = make_entry()
    placement = assign_award(award=award, place=1, entry=entry, by=organiser, notes="Bold.")

    assert (placement.entry, placement.place, placement.notes) == (entry, 1, "Bold.")
    event = AuditEvent.objects.get(action="award.assign")
    assert event.after["entry_code"] == entry.code
    assert event.after["place"] == 1
    assert event.actor == organiser


@pytest.mark.parametrize("place", [0, 4])
def test_assign_award_outside_place_range_is_refused(award, organiser, make_entry, place):
    with pytest.raises(ContestError) as excinfo:
        assign_award(award=award, place=place, entry=make_entry(), by=organiser)
    assert excinfo.value.code == "invalid_place"


@pytest.mark.parametrize(
    "status", [EntryStatus.DRAFT, EntryStatus.SUBMITTED, EntryStatus.DISQUALIFIED,
               EntryStatus.WITHDRAWN],
)
def test_assign_award_to_ineligible_entry_is_refused(award, organiser, make_entry, status):
    with pytest.raises(ContestError) as excinfo:
        assign_award(award=award, place=1, entry=make_entry(status=status), by=organiser)
    assert excinfo.value.code == "not_eligible"
    assert AwardPlacement.objects.count() == 0


def test_assign_award_to_entry_of_other_contest_is_refused(award, organiser):
    entry = EntryFactory(contest=ContestFactory(), status=EntryStatus.ELIGIBLE)
    with pytest.raises(ContestError) as excinfo:
        assign_award(award=award, place=1, entry=entry, by=organiser)
    assert excinfo.value.code == "wrong_contest"


def test_assign_award_to_taken_place_is_conflict(award, organiser, make_entry):
    assign_award(award=award, place=1, entry=make_entry(), by=organiser)
    with pytest.raises(ConflictError) as excinfo:
        assign_award(award=award, place=1, entry=make_entry(), by=organiser)
    assert excinfo.value.code == "place_taken"


def test_assign_award_twice_in_same_award_is_conflict(award, organiser, make_entry):
    entry = make_entry()
    assign_award(award=award, place=1, entry=entry, by=organiser)
    with pytest.raises(ConflictError) as excinfo:
        assign_award(award=award, place=2, entry=entry, by=organiser)
    assert excinfo.value.code == "already_placed"


def test_assign_second_exclusive_award_is_refused(contest, award, organiser, make_entry):
    jury = AwardFactory(contest=contest, name="Jury Prize")
    entry = make_entry()
    assign_award(award=award, place=1, entry=entry, by=organiser)
    with pytest.raises(ConflictError) as excinfo:
        assign_award(award=jury, place=1, entry=entry, by=organiser)
    assert excinfo.value.code == "already_awarded"


@pytest.mark.parametrize("first_allows,second_allows", [(True, False), (False, True)])
def test_assign_second_award_allowed_by_either_award(contest, organiser, make_entry,
                                                     first_allows, second_allows):
    first = AwardFactory(contest=contest, allows_other_awards=first_allows)
    second = AwardFactory(contest=contest, allows_other_awards=second_allows)
    entry = make_entry()
    assign_award(award=first, place=1, entry=entry, by=organiser)
    assign_award(award=second, place=1, entry=entry, by=organiser)

    assert AwardPlacement.objects.filter(entry=entry).count() == 2


def test_unassign_award_frees_place_and_records_audit(award, organiser, make_entry):
    placement = assign_award(award=award, place=1, entry=make_entry(), by=organiser)
    unassign_award(placement=placement, by=organiser)

    assert AwardPlacement.objects.count() == 0
    assert AuditEvent.objects.get(action="award.unassign").before["place"] == 1
    assign_award(award=award, place=1, entry=make_entry(), by=organiser)


def test_update_placement_keeps_notes_and_order(award, organiser, make_entry):
    placement = assign_award(award=award, place=1, entry=make_entry(), by=organiser)
    update_placement(placement=placement, by=organiser, notes="Split vote 4-3.", screening_order=2)

    placement.refresh_from_db()
    assert (placement.notes, placement.screening_order) == ("Split vote 4-3.", 2)
    event = AuditEvent.objects.get(action="award.update_placement")
    assert (event.before["notes"], event.after["notes"]) == ("", "Split vote 4-3.")


def test_lock_awards_refuses_every_later_change(contest, award, organiser, make_entry):
    placement = assign_award(award=award, place=1, entry=make_entry(), by=organiser)
    lock_awards(contest=contest, by=organiser)

    with pytest.raises(ConflictError):
        assign_award(award=award, place=2, entry=make_entry(), by=organiser)
    with pytest.raises(ConflictError):
        unassign_award(placement=placement, by=organiser)
    with pytest.raises(ConflictError):
        update_award(award=award, by=organiser, name="Other")
    with pytest.raises(ConflictError):
        update_placement(placement=placement, by=organiser, notes="late")
    with pytest.raises(ConflictError):
        create_award(contest=contest, by=organiser, name="Late prize")
    with pytest.raises(ConflictError):
        lock_awards(contest=contest, by=organiser)
    event = AuditEvent.objects.get(action="awards.lock")
    assert event.after["placements"] == [[award.pk, 1, placement.entry_id]]
