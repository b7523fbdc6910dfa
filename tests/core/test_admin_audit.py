"""What an operator still edits in the admin is written to the audit log, before and after."""

import pytest
from django.urls import reverse

from core.models import AuditEvent
from tests.factories import CategoryFactory, ContestFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator():
    return UserFactory(is_superuser=True, is_staff=True)


def _form_data(page) -> dict:
    """The change page's form as the browser would post it back, unchanged."""
    data = {}

    def put(form, name):
        value = form[name].value()
        widget = form.fields[name].widget
        if hasattr(widget, "widgets"):  # a date and a time in two inputs
            for index, (part, each) in enumerate(zip(widget.decompress(value), widget.widgets,
                                                      strict=True)):
                data[f"{form.add_prefix(name)}_{index}"] = each.format_value(part)
        elif value is True:
            data[form.add_prefix(name)] = "on"
        elif value is not None and value is not False:
            data[form.add_prefix(name)] = value

    form = page.context["adminform"].form
    for name in form.fields:
        put(form, name)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(name): value
                     for name, value in management.initial.items()})
        for each in formset.forms:
            for name in each.fields:
                put(each, name)
    return data


def test_an_admin_change_writes_an_audit_row_with_before_and_after(client, operator):
    contest = ContestFactory(name="Spring Cup")
    category = CategoryFactory(contest=contest, name="Shorts", slug="shorts")
    client.force_login(operator)
    url = reverse("admin:contest_contest_change", args=[contest.pk])
    data = _form_data(client.get(url))
    data.update({"slug": "autumn-cup", "categories-0-slug": "short-films"})

    response = client.post(url, data)

    assert response.status_code == 302
    events = AuditEvent.objects.filter(action="admin.changed").order_by("pk")
    assert [(e.object_type, e.object_id, e.actor_id, e.scope_id, e.before, e.after)
            for e in events] == [
        ("contest.contest", str(contest.pk), operator.pk, str(contest.pk),
         {"slug": contest.slug}, {"slug": "autumn-cup"}),
        ("contest.category", str(category.pk), operator.pk, str(contest.pk),
         {"slug": "shorts"}, {"slug": "short-films"}),
    ]


def test_an_unchanged_save_writes_nothing(client, operator):
    contest = ContestFactory()
    client.force_login(operator)
    url = reverse("admin:contest_contest_change", args=[contest.pk])

    response = client.post(url, _form_data(client.get(url)))

    assert response.status_code == 302
    assert AuditEvent.objects.count() == 0


def test_a_password_change_is_recorded_without_the_hash(client, operator):
    person = UserFactory(name_latin="Old Name")
    client.force_login(operator)
    url = reverse("admin:accounts_user_change", args=[person.pk])
    data = _form_data(client.get(url))
    data.update({"name_latin": "New Name", "is_staff": "on"})

    client.post(url, data)

    (event,) = AuditEvent.objects.filter(action="admin.changed")
    assert (event.before, event.after) == (
        {"name_latin": "Old Name", "is_staff": False},
        {"name_latin": "New Name", "is_staff": True})


def test_an_organisation_change_is_in_the_organisations_log(client, operator):
    from tests.factories import OrganisationFactory

    organisation = OrganisationFactory(name="Old Festival")
    client.force_login(operator)
    url = reverse("admin:accounts_organisation_change", args=[organisation.pk])
    data = _form_data(client.get(url))
    data["name"] = "New Festival"

    client.post(url, data)

    event = AuditEvent.objects.for_scope(organisation).get()
    assert (event.action, event.before, event.after) == (
        "admin.changed", {"name": "Old Festival"}, {"name": "New Festival"})
