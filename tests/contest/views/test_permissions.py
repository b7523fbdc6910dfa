"""Who may open which page: anonymous, the entrant, another entrant, a juror, an organiser."""

import pytest
from django.urls import reverse

ROLES = ["anonymous", "entrant", "other_entrant", "juror_user", "organiser"]
LOGIN = "login"  # a redirect to the log-in page


def _outcome(response) -> int | str:
    if response.status_code == 302 and response["Location"].startswith(reverse("account_login")):
        return LOGIN
    return response.status_code


PUBLIC = {role: 200 for role in ROLES}
SIGNED_IN = {**{role: 200 for role in ROLES}, "anonymous": LOGIN}
OWNER_ONLY = {"anonymous": LOGIN, "entrant": 200, "other_entrant": 404, "juror_user": 404,
              "organiser": 404}
ORGANISER_ONLY = {"anonymous": LOGIN, "entrant": 403, "other_entrant": 403, "juror_user": 403,
                  "organiser": 200}

PAGES = [
    ("contest:home", None, PUBLIC),
    ("contest:contest_detail", "contest", PUBLIC),
    ("contest:dashboard", None, SIGNED_IN),
    ("contest:entry_create", "contest", SIGNED_IN),
    ("contest:entry_detail", "entry", OWNER_ONLY),
    ("contest:entry_edit", "entry", OWNER_ONLY),
    ("contest:organiser_home", None, ORGANISER_ONLY),
    ("contest:organiser_contest", "contest", ORGANISER_ONLY),
    ("accounts:profile", None, SIGNED_IN),
    ("accounts:delete", None, SIGNED_IN),
]


def _url(name, arg, entry):
    if arg == "contest":
        return reverse(name, args=[entry.contest.slug])
    if arg == "entry":
        return reverse(name, args=[entry.pk])
    return reverse(name)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_page_permission_matrix(as_role, entry, role):
    client = as_role(role)

    outcomes = {name: _outcome(client.get(_url(name, arg, entry))) for name, arg, _ in PAGES}

    assert outcomes == {name: expected[role] for name, _, expected in PAGES}


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["contest:entry_submit", "contest:entry_withdraw"])
@pytest.mark.parametrize("role", ["other_entrant", "juror_user", "organiser"])
def test_entry_actions_of_another_user_are_404(as_role, entry, name, role):
    client = as_role(role)

    response = client.post(reverse(name, args=[entry.pk]))

    assert response.status_code == 404
    entry.refresh_from_db()
    assert entry.status == "draft"


@pytest.mark.django_db
def test_entry_actions_refuse_get(as_role, entry):
    client = as_role("entrant")

    assert client.get(reverse("contest:entry_submit", args=[entry.pk])).status_code == 405


@pytest.mark.django_db
def test_organise_link_shown_to_organisers_only(as_role, organiser, entrant):
    organise = reverse("contest:organiser_home")

    entrant_page = as_role("entrant").get(reverse("contest:home")).content.decode()
    as_role("anonymous").logout()
    organiser_page = as_role("organiser").get(reverse("contest:home")).content.decode()

    assert f'href="{organise}"' not in entrant_page
    assert f'href="{organise}"' in organiser_page
