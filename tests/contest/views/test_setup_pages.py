from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from accounts.enums import OrgRole
from contest.forms_setup import LOCAL_INPUT, ContestSettingsForm
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


def _post_data(form) -> dict:
    """What the browser sends back for ``form`` as rendered, unchanged."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, datetime):
            value = value.strftime(LOCAL_INPUT)
        if value not in (None, []):
            data[name] = value
    return data


def _new_contest_data(organisation, **overrides) -> dict:
    form = ContestSettingsForm(organisations=None, initial={
        **ContestSettingsForm.new_initial(), "time_zone": "Asia/Tokyo"})
    return {**_post_data(form), "organisation": organisation.slug, "name_en": "Shorts 2099",
            "slug": "shorts-2099", "opens_at": "2099-04-01T09:00",
            "closes_at": "2099-05-01T23:59", **overrides}


def test_create_page_creates_in_the_managers_organisation_with_its_time_zone(client):
    manager = MembershipFactory(role=OrgRole.MANAGER)
    client.force_login(manager.user)

    response = client.post(reverse("contest:contest_create"),
                           _new_contest_data(manager.organisation))

    contest = Contest.objects.get(slug="shorts-2099")
    assert response.status_code == 302
    assert contest.organisation == manager.organisation
    # 23:59 in Tokyo (UTC+9) is 14:59 UTC.
    assert contest.closes_at == datetime(2099, 5, 1, 14, 59, tzinfo=UTC)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "The contest was created. The deadline is 2099-05-01 23:59 in Asia/Tokyo, "
        "that is 2099-05-01 14:59 UTC."]


def test_create_page_shows_field_errors_and_creates_nothing(client):
    manager = MembershipFactory(role=OrgRole.MANAGER)
    client.force_login(manager.user)

    response = client.post(reverse("contest:contest_create"), _new_contest_data(
        manager.organisation, min_runtime_s="1000", max_runtime_s="10"))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["min_runtime_s"]
    assert Contest.objects.count() == 0


def test_create_page_refuses_a_manager_of_another_organisation(client):
    manager_of_b = MembershipFactory(role=OrgRole.MANAGER)
    organisation_a = OrganisationFactory()
    client.force_login(manager_of_b.user)

    response = client.post(reverse("contest:contest_create"),
                           _new_contest_data(organisation_a))

    assert response.status_code == 403
    assert Contest.objects.count() == 0


def test_create_page_refuses_someone_who_may_create_nowhere(client):
    viewer = MembershipFactory(role=OrgRole.VIEWER)
    client.force_login(viewer.user)

    assert client.get(reverse("contest:contest_create")).status_code == 403


def test_organiser_home_links_to_the_create_page_for_managers_only(client):
    manager = MembershipFactory(role=OrgRole.MANAGER)
    viewer = MembershipFactory(role=OrgRole.VIEWER)
    url = reverse("contest:contest_create")

    client.force_login(manager.user)
    shown_to_manager = url in client.get(reverse("contest:organiser_home")).content.decode()
    client.force_login(viewer.user)
    shown_to_viewer = url in client.get(reverse("contest:organiser_home")).content.decode()

    assert (shown_to_manager, shown_to_viewer) == (True, False)


def test_settings_page_saves_only_what_changed(client, organiser):
    contest = ContestFactory(time_zone="Asia/Tokyo")
    client.force_login(organiser)
    data = {**_post_data(ContestSettingsForm(contest=contest)), "name_en": "Renamed"}

    response = client.post(reverse("contest:contest_settings", args=[contest.slug]), data)

    assert response.status_code == 302
    event = AuditEvent.objects.get(action="contest.updated")
    assert (event.before, event.after) == ({"name_en": contest.name}, {"name_en": "Renamed"})


def test_settings_page_refuses_a_viewer(client, contest):
    viewer = MembershipFactory(organisation=contest.organisation, role=OrgRole.VIEWER)
    client.force_login(viewer.user)

    response = client.post(reverse("contest:contest_settings", args=[contest.slug]),
                           {"name": "Mine now"})

    assert response.status_code == 403
    contest.refresh_from_db()
    assert contest.name != "Mine now"


def test_categories_page_adds_a_category(client, organiser, contest):
    client.force_login(organiser)

    client.post(reverse("contest:contest_categories", args=[contest.slug]),
                {"name_en": "Animation", "description_en": ""})

    assert list(contest.categories.values_list("name", "slug")) == [("Animation", "animation")]


def test_categories_page_explains_why_a_category_with_entries_stays(client, organiser, contest):
    category = CategoryFactory(contest=contest)
    EntryFactory(contest=contest, category=category)
    client.force_login(organiser)

    response = client.post(reverse("contest:category_action",
                                   args=[contest.slug, category.pk, "delete"]), follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Move its 1 entry to another category first."]
    assert contest.categories.count() == 1


def test_category_action_of_another_contest_is_not_found(client, organiser, contest):
    other = CategoryFactory(contest=ContestFactory())
    client.force_login(organiser)

    response = client.post(reverse("contest:category_action",
                                   args=[contest.slug, other.pk, "delete"]))

    assert response.status_code == 404


def test_copy_page_creates_the_next_edition(client, organiser, contest):
    CategoryFactory(contest=contest, name="Drama")
    client.force_login(organiser)

    response = client.post(reverse("contest:contest_copy", args=[contest.slug]), {
        "name_en": "Next", "slug": "next", "opens_at": "2099-01-01T00:00",
        "closes_at": "2099-02-01T00:00"})

    copy = Contest.objects.get(slug="next")
    assert response.status_code == 302
    assert list(copy.categories.values_list("name", flat=True)) == ["Drama"]


def _unopened():
    return ContestFactory(opens_at=timezone.now() + timedelta(days=5),
                          closes_at=timezone.now() + timedelta(days=30))


def test_contest_page_shows_the_team_a_preview_banner_before_opening(client):
    contest = _unopened()
    viewer = MembershipFactory(organisation=contest.organisation, role=OrgRole.VIEWER)
    client.force_login(viewer.user)

    response = client.get(reverse("contest:contest_detail", args=[contest.slug]))

    assert response.context["preview"] is True
    assert "Preview — not open yet" in response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "entrant", "outsider"])
def test_contest_page_before_opening_has_no_banner_for_others(client, entrant, who):
    contest = _unopened()
    if who == "entrant":
        client.force_login(entrant)
    elif who == "outsider":
        client.force_login(MembershipFactory(role=OrgRole.OWNER).user)

    response = client.get(reverse("contest:contest_detail", args=[contest.slug]))

    assert response.status_code == 200
    assert "Preview — not open yet" not in response.content.decode()


def test_contest_page_of_an_open_contest_has_no_banner_for_the_team(client, organiser, contest):
    client.force_login(organiser)

    response = client.get(reverse("contest:contest_detail", args=[contest.slug]))

    assert response.context["preview"] is False
