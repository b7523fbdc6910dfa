from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from accounts.enums import OrgRole
from contest.models import Category, Contest
from contest.services.setup import (
    PRESETS,
    add_category,
    create_contest,
    delete_category,
    move_category,
    next_rules_version,
    rename_category,
    update_contest,
)
from core.errors import ContestError, PermissionDeniedError
from core.models import AuditEvent
from tests.factories import (
    CategoryFactory,
    ContestFactory,
    EntryFactory,
    MembershipFactory,
    OrganisationFactory,
    default_organisation,
)

pytestmark = pytest.mark.django_db


def _values(**overrides):
    now = timezone.now()
    return {"name": "Shorts 2027", "slug": "shorts-2027", "opens_at": now + timedelta(days=1),
            "closes_at": now + timedelta(days=30), "time_zone": "Asia/Tokyo", **overrides}


def _refusal(call) -> dict:
    with pytest.raises(ContestError) as caught:
        call()
    return {field: [str(message) for message in messages]
            for field, messages in caught.value.fields.items()}


def test_create_contest_saves_settings_and_one_audit_row(organiser):
    contest = create_contest(organisation=default_organisation(), by=organiser,
                             values=_values(excluded_countries=["KP"]))

    event = AuditEvent.objects.get(action="contest.created")
    assert (contest.name, contest.time_zone, contest.rules_version) == (
        "Shorts 2027", "Asia/Tokyo", "1.0")
    assert [str(country) for country in contest.excluded_countries] == ["KP"]
    assert event.after["slug"] == "shorts-2027"
    assert event.after["closes_at"] == contest.closes_at.isoformat()


def test_create_contest_applies_the_chosen_preset(organiser):
    contest = create_contest(organisation=default_organisation(), by=organiser,
                             values=_values(min_long_edge=100), preset="vertical_social")

    contest.refresh_from_db()
    assert (contest.min_long_edge, contest.max_long_edge, contest.max_runtime_s) == (
        1920, 1920, PRESETS["vertical_social"].values["max_runtime_s"])


def test_create_contest_refused_for_a_viewer():
    viewer = MembershipFactory(role=OrgRole.VIEWER)

    with pytest.raises(PermissionDeniedError):
        create_contest(organisation=viewer.organisation, by=viewer.user, values=_values())

    assert Contest.objects.count() == 0


def test_create_contest_refused_for_a_manager_of_another_organisation():
    manager = MembershipFactory(role=OrgRole.MANAGER)

    with pytest.raises(PermissionDeniedError):
        create_contest(organisation=OrganisationFactory(), by=manager.user, values=_values())

    assert Contest.objects.count() == 0


@pytest.mark.parametrize(("overrides", "field"), [
    ({"closes_at": timezone.now() - timedelta(days=1),
      "opens_at": timezone.now() - timedelta(days=5)}, "closes_at"),
    ({"opens_at": timezone.now() + timedelta(days=40)}, "closes_at"),
    ({"time_zone": "Mars/Olympus"}, "time_zone"),
    ({"min_runtime_s": 600, "max_runtime_s": 60}, "min_runtime_s"),
    ({"min_duration_s": 600.0, "max_duration_s": 60.0}, "min_duration_s"),
    ({"min_long_edge": 4000, "max_long_edge": 1920}, "min_long_edge"),
    ({"slug": "new"}, "slug"),
])
def test_create_contest_refused_with_a_field_error(organiser, overrides, field):
    fields = _refusal(lambda: create_contest(organisation=default_organisation(), by=organiser,
                                             values=_values(**overrides)))

    assert list(fields) == [field]
    assert Contest.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_create_contest_refused_when_the_slug_is_taken(organiser):
    ContestFactory(slug="shorts-2027")

    fields = _refusal(lambda: create_contest(organisation=default_organisation(), by=organiser,
                                             values=_values()))

    assert list(fields) == ["slug"]
    assert Contest.objects.count() == 1


def test_update_contest_writes_changed_fields_before_and_after(organiser, contest):
    old_closes = contest.closes_at
    new_closes = datetime(2099, 5, 1, 14, 59, tzinfo=UTC)

    update_contest(contest=contest, by=organiser,
                   changes={"name": contest.name, "closes_at": new_closes,
                            "max_entries_per_entrant": 5})

    event = AuditEvent.objects.get(action="contest.updated")
    assert event.before == {"closes_at": old_closes.isoformat(), "max_entries_per_entrant": 3}
    assert event.after == {"closes_at": new_closes.isoformat(), "max_entries_per_entrant": 5}
    contest.refresh_from_db()
    assert (contest.closes_at, contest.max_entries_per_entrant) == (new_closes, 5)


def test_update_contest_without_changes_writes_nothing(organiser, contest):
    update_contest(contest=contest, by=organiser, changes={"name": contest.name})

    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize(("changes", "field"), [
    ({"closes_at": timezone.now() - timedelta(days=11)}, "closes_at"),
    ({"closes_at": timezone.now() - timedelta(hours=1)}, "closes_at"),
    ({"time_zone": "Nowhere/Town"}, "time_zone"),
    ({"min_runtime_s": 901}, "min_runtime_s"),
    ({"max_duration_s": 1.0}, "min_duration_s"),
    ({"max_long_edge": 1000}, "min_long_edge"),
])
def test_update_contest_refused_with_a_field_error_and_nothing_saved(organiser, contest,
                                                                     changes, field):
    before = Contest.objects.values().get(pk=contest.pk)

    fields = _refusal(lambda: update_contest(contest=contest, by=organiser,
                                             changes={"name": "Renamed", **changes}))

    assert list(fields) == [field]
    assert Contest.objects.values().get(pk=contest.pk) == before
    assert AuditEvent.objects.count() == 0


def test_update_contest_refused_when_the_slug_is_another_contests(organiser, contest):
    ContestFactory(slug="taken")

    fields = _refusal(lambda: update_contest(contest=contest, by=organiser,
                                             changes={"slug": "taken"}))

    assert list(fields) == ["slug"]


def test_update_contest_keeps_a_past_deadline_it_does_not_change(organiser):
    closed = ContestFactory(opens_at=timezone.now() - timedelta(days=20),
                            closes_at=timezone.now() - timedelta(days=1))

    update_contest(contest=closed, by=organiser, changes={"description": "Thanks to all."})

    closed.refresh_from_db()
    assert closed.description == "Thanks to all."


def test_update_contest_bumps_the_rules_version_when_the_rules_change(organiser):
    contest = ContestFactory(rules_version="2026.1")

    update_contest(contest=contest, by=organiser, changes={"rules_text": "Be kinder."})

    contest.refresh_from_db()
    event = AuditEvent.objects.get(action="contest.updated")
    assert contest.rules_version == "2026.2"
    assert event.before == {"rules_text_en": "Be kind.", "rules_version": "2026.1"}
    assert event.after == {"rules_text_en": "Be kinder.", "rules_version": "2026.2"}


def test_update_contest_keeps_the_rules_version_when_the_rules_stay(organiser):
    contest = ContestFactory(rules_version="2026.1")

    update_contest(contest=contest, by=organiser, changes={"rules_text": "Be kind.",
                                                           "description": "New."})

    contest.refresh_from_db()
    assert contest.rules_version == "2026.1"


@pytest.mark.parametrize(("version", "following"), [
    ("2026.1", "2026.2"), ("1.0", "1.1"), ("2.9", "2.10"), ("v2", "v3"), ("draft", "draft.1"),
])
def test_next_rules_version_follows_the_trailing_number(version, following):
    assert next_rules_version(version) == following


def test_update_contest_refuses_fields_that_services_own(organiser, contest):
    with pytest.raises(ValueError):
        update_contest(contest=contest, by=organiser,
                       changes={"results_published_at": timezone.now()})


def test_add_category_appends_with_a_free_slug(organiser, contest):
    CategoryFactory(contest=contest, name="Drama", slug="drama", order=4)

    category = add_category(contest=contest, by=organiser, name="Drama")

    assert (category.slug, category.order) == ("drama-2", 5)
    assert AuditEvent.objects.get(action="category.added").after == {
        "name_en": "Drama", "slug": "drama-2", "order": 5}


def test_add_category_refuses_an_empty_name(organiser, contest):
    fields = _refusal(lambda: add_category(contest=contest, by=organiser, name="  "))

    assert list(fields) == ["name_en"]
    assert contest.categories.count() == 0


def test_rename_category_audits_before_and_after(organiser, contest):
    category = CategoryFactory(contest=contest, name="Drama", slug="drama")

    rename_category(category=category, by=organiser, name="Fiction")

    category.refresh_from_db()
    assert (category.name, category.slug) == ("Fiction", "drama")
    event = AuditEvent.objects.get(action="category.renamed")
    assert (event.before, event.after) == ({"name_en": "Drama"}, {"name_en": "Fiction"})


def test_move_category_renumbers_the_list(organiser, contest):
    first, second, third = (CategoryFactory(contest=contest, order=order) for order in (0, 5, 9))

    move_category(category=third, by=organiser, offset=-1)

    assert list(contest.categories.values_list("pk", "order")) == [
        (first.pk, 0), (third.pk, 1), (second.pk, 2)]
    assert AuditEvent.objects.get(action="category.moved").after == {
        "order": [first.pk, third.pk, second.pk]}


def test_move_category_past_the_end_stays_there(organiser, contest):
    first, second = CategoryFactory(contest=contest, order=0), CategoryFactory(contest=contest,
                                                                               order=1)

    move_category(category=first, by=organiser, offset=-1)

    assert list(contest.categories.values_list("pk", flat=True)) == [first.pk, second.pk]


def test_delete_category_removes_an_empty_one(organiser, contest):
    category = CategoryFactory(contest=contest)

    delete_category(category=category, by=organiser)

    assert contest.categories.count() == 0
    assert AuditEvent.objects.filter(action="category.deleted").count() == 1


def test_delete_category_with_entries_is_refused_and_nothing_changes(organiser, contest):
    category = CategoryFactory(contest=contest)
    EntryFactory(contest=contest, category=category)
    EntryFactory(contest=contest, category=category)

    with pytest.raises(ContestError) as caught:
        delete_category(category=category, by=organiser)

    assert str(caught.value.message) == "Move its 2 entries to another category first."
    assert Category.objects.filter(pk=category.pk).count() == 1
    assert AuditEvent.objects.count() == 0
