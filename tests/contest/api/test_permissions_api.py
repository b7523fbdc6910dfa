"""Who may do what through the API: anonymous, entrant, other entrant, juror, organiser."""

import pytest

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "entrant", "other_entrant", "juror_user", "organiser"]


def _user(request, role):
    return None if role == "anonymous" else request.getfixturevalue(role)


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 401), ("entrant", 200), ("other_entrant", 404), ("juror_user", 404),
     ("organiser", 404)],
)
def test_retrieve_own_entry_matrix(request, client_for, entry_of, entrant, role, expected):
    entry = entry_of(entrant)
    response = client_for(_user(request, role)).get(f"/api/v1/entries/{entry.pk}/")
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 401), ("entrant", 200), ("other_entrant", 404), ("juror_user", 404),
     ("organiser", 404)],
)
def test_update_entry_matrix(request, client_for, entry_of, entrant, role, expected):
    entry = entry_of(entrant)
    response = client_for(_user(request, role)).patch(
        f"/api/v1/entries/{entry.pk}/", {"version": 1, "title_english": "Mine"}, format="json")
    assert response.status_code == expected
    entry.refresh_from_db()
    assert (entry.title_english == "Mine") is (expected == 200)


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 401), ("entrant", 200), ("other_entrant", 404), ("juror_user", 404),
     ("organiser", 404)],
)
def test_submit_and_withdraw_entry_matrix(request, client_for, entry_of, entrant, role,
                                          expected):
    entry = entry_of(entrant)
    api = client_for(_user(request, role))
    assert api.post(f"/api/v1/entries/{entry.pk}/submit/").status_code == expected
    assert api.post(f"/api/v1/entries/{entry.pk}/withdraw/").status_code == expected


@pytest.mark.parametrize(
    ("role", "status", "count"),
    [("anonymous", 401, None), ("entrant", 200, 1), ("other_entrant", 200, 0),
     ("juror_user", 200, 0), ("organiser", 200, 0)],
)
def test_entry_list_shows_only_own_entries(request, client_for, entry_of, entrant, role, status,
                                           count):
    entry_of(entrant)
    response = client_for(_user(request, role)).get("/api/v1/entries/")
    assert (response.status_code, response.json().get("count")) == (status, count)


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 401), ("entrant", 403), ("other_entrant", 403), ("juror_user", 403),
     ("organiser", 200)],
)
def test_organiser_endpoints_matrix(request, client_for, entry_of, entrant, role, expected):
    entry = entry_of(entrant, status="eligible")
    api = client_for(_user(request, role))
    base = "/api/v1/contests/nextgen/entries/"
    assert api.get(base).status_code == expected
    assert api.get(f"{base}{entry.pk}/").status_code == expected
    response = api.post(f"{base}{entry.pk}/disqualify/", {"reason": "r"}, format="json")
    assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_contest_list_and_detail_are_public(request, client_for, api_contest, role):
    api = client_for(_user(request, role))
    listing = api.get("/api/v1/contests/")
    detail = api.get("/api/v1/contests/nextgen/")
    assert (listing.status_code, detail.status_code) == (200, 200)
    assert [c["slug"] for c in detail.json()["categories"]] == ["narrative", "music-video"]


def test_contest_list_is_read_only(client_for, organiser, api_contest):
    response = client_for(organiser).post("/api/v1/contests/", {"name": "x"}, format="json")
    assert response.status_code == 405


def test_unknown_contest_for_organiser_is_404(client_for, organiser):
    response = client_for(organiser).get("/api/v1/contests/nope/entries/")
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
