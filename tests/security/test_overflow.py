"""Numbers too large for the database are field errors (400), never a 500 OverflowError."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from contest.enums import EntryStatus
from judging.models import AwardPlacement
from tests.factories import EntryFactory
from tests.judging.factories import AwardFactory

HUGE = "1" * 23

pytestmark = pytest.mark.django_db


def test_juror_assignments_filter_with_a_huge_round_is_a_400(juror_user):
    client = APIClient()
    client.force_authenticate(juror_user)

    response = client.get(reverse("api:juror-assignment-list"), {"round": HUGE})

    assert (response.status_code, list(response.json()["fields"])) == (400, ["round"])


def test_placement_with_a_huge_screening_order_is_refused(client, organiser, contest):
    eligible_entry = EntryFactory(contest=contest, status=EntryStatus.ELIGIBLE)
    award = AwardFactory(contest=contest, places=1)
    placement = AwardPlacement.objects.create(award=award, entry=eligible_entry, place=1)
    client.force_login(organiser)

    response = client.post(reverse("judging:placement_update", kwargs={
        "slug": contest.slug, "placement_id": placement.pk}),
        {"notes": "x", "screening_order": HUGE}, follow=True)

    assert response.status_code == 200
    placement.refresh_from_db()
    assert (placement.notes, placement.screening_order) == ("", None)


@pytest.mark.parametrize("body", [{"place": HUGE, "entry_code": "ABC"},
                                  {"place": 10**6, "entry_code": "ABC"}])
def test_award_api_with_a_huge_place_is_a_field_error(organiser, contest, body):
    award = AwardFactory(contest=contest)
    client = APIClient()
    client.force_authenticate(organiser)

    response = client.post(reverse("api:award-assign", kwargs={"slug": contest.slug,
                                                               "award_id": award.pk}), body)

    assert (response.status_code, list(response.json()["fields"])) == (400, ["place"])


def test_entry_update_with_a_huge_version_is_a_field_error(entrant, contest):
    entry = EntryFactory(contest=contest, entrant=entrant)
    client = APIClient()
    client.force_authenticate(entrant)

    response = client.patch(reverse("api:entry-detail", args=[entry.pk]),
                            {"version": int(HUGE), "runtime_s": int(HUGE)}, format="json")

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"version", "runtime_s"}
