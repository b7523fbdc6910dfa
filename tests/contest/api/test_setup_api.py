"""Contest set-up over the API: the services' rules, audited, for owners and managers only."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.enums import OrgRole
from contest.models import Contest
from core.models import AuditEvent
from tests.factories import (
    CategoryFactory,
    ContestFactory,
    EntryFactory,
    MembershipFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _dates(days_from_now: int = 1, length: int = 30) -> dict:
    opens = timezone.now() + timedelta(days=days_from_now)
    return {"opens_at": opens.isoformat(), "closes_at": (opens + timedelta(days=length))
            .isoformat()}


def test_manager_creates_a_contest_with_a_preset():
    organisation = OrganisationFactory()
    manager = MembershipFactory(organisation=organisation, role=OrgRole.MANAGER).user

    response = _api(manager).post(
        reverse("api:organisation-contests", kwargs={"org_slug": organisation.slug}),
        {"name": "AI Shorts 2027", "slug": "ai-shorts-2027", "time_zone": "Asia/Tokyo",
         "preset": "cinema_4k", **_dates()}, format="json")

    assert response.status_code == 201, response.content
    contest = Contest.objects.get(slug="ai-shorts-2027")
    assert (contest.organisation, response.json()["organisation"]) == (
        organisation, organisation.slug)
    assert contest.min_long_edge == 3840


@pytest.mark.parametrize("role", [OrgRole.VIEWER, OrgRole.COORDINATOR])
def test_other_roles_cannot_create(role):
    organisation = OrganisationFactory()
    member = MembershipFactory(organisation=organisation, role=role).user

    response = _api(member).post(
        reverse("api:organisation-contests", kwargs={"org_slug": organisation.slug}),
        {"name": "X", "slug": "x", **_dates()}, format="json")

    assert response.status_code == 403
    assert not Contest.objects.filter(slug="x").exists()


def test_closing_before_opening_is_a_field_error_and_saves_nothing(organiser):
    contest = ContestFactory()
    opens = timezone.now() + timedelta(days=5)
    url = reverse("api:contest-settings", kwargs={"slug": contest.slug})

    response = _api(organiser).patch(url, {
        "opens_at": opens.isoformat(), "closes_at": (opens - timedelta(days=1)).isoformat(),
        "name": "Renamed"}, format="json")

    assert response.status_code == 400
    assert "closes_at" in response.json()["fields"]
    contest.refresh_from_db()
    assert contest.name != "Renamed"


def test_new_rules_text_bumps_the_version_and_is_audited(organiser):
    contest = ContestFactory(rules_version="2026.1")
    url = reverse("api:contest-settings", kwargs={"slug": contest.slug})

    response = _api(organiser).patch(url, {"rules_text": "New rules."}, format="json")

    assert (response.status_code, response.json()["rules_version"]) == (200, "2026.2")
    event = AuditEvent.objects.for_scope(contest).get()
    assert event.after["rules_text_en"] == "New rules."


def test_retention_is_set_audited_and_cleared_back_to_the_organisation_default(organiser):
    contest = ContestFactory()
    url = reverse("api:contest-settings", kwargs={"slug": contest.slug})

    response = _api(organiser).patch(url, {"purge_after_days": 14, "films_kept": "none"},
                                     format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["purge_after_days"], response.json()["films_kept"],
            response.json()["anonymise_after_years"]) == (14, "none", None)
    cleared = _api(organiser).patch(url, {"purge_after_days": None}, format="json")
    out_of_range = _api(organiser).patch(url, {"anonymise_after_years": 0}, format="json")

    assert cleared.json()["purge_after_days"] is None
    assert (out_of_range.status_code, list(out_of_range.json()["fields"])) == (
        400, ["anonymise_after_years"])
    events = AuditEvent.objects.for_scope(contest).filter(action="contest.updated")
    assert [event.after for event in events.order_by("id")] == [
        {"purge_after_days": 14, "films_kept": "none"}, {"purge_after_days": None}]


def test_unknown_settings_are_refused(organiser):
    contest = ContestFactory()
    url = reverse("api:contest-settings", kwargs={"slug": contest.slug})

    response = _api(organiser).patch(url, {"results_published_at": "2026-01-01T00:00Z"},
                                     format="json")

    assert (response.status_code, list(response.json()["fields"])) == (
        400, ["results_published_at"])


def test_categories_are_added_moved_renamed_and_deleted(organiser):
    contest = ContestFactory()
    client = _api(organiser)
    url = reverse("api:contest-categories", kwargs={"slug": contest.slug})
    first = client.post(url, {"name": "Narrative"}, format="json").json()
    second = client.post(url, {"name": "Music video"}, format="json").json()

    def one(category):
        return reverse("api:contest-category", kwargs={"slug": contest.slug,
                                                       "category_id": category["id"]})

    client.patch(one(second), {"offset": -1, "name": "Music videos"}, format="json")
    listed = client.get(url).json()
    deleted = client.delete(one(first))

    assert [c["name"] for c in listed] == ["Music videos", "Narrative"]
    assert deleted.status_code == 204
    assert [c["name"] for c in client.get(url).json()] == ["Music videos"]


def test_a_category_with_entries_cannot_be_deleted(organiser):
    contest = ContestFactory()
    category = CategoryFactory(contest=contest)
    EntryFactory(contest=contest, category=category)

    response = _api(organiser).delete(reverse("api:contest-category", kwargs={
        "slug": contest.slug, "category_id": category.pk}))

    assert response.status_code == 400
    assert contest.categories.filter(pk=category.pk).exists()
