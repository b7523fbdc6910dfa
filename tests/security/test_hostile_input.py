"""Hostile values into the forms and endpoints: kept as text, refused with messages, never a 500."""

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from accounts.enums import Role
from accounts.services import add_role
from contest.models import Entry
from tests.factories import CategoryFactory, ContestFactory, UserFactory

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ request.user.password }}{% debug %}",
    "\u202egnp.exe\u202c",
    "=HYPERLINK(\"http://evil.example\",\"click\")",
    "'; DROP TABLE contest_entry; --",
    "../../../../etc/passwd",
    "\x00nul\x00",
    "🎬 映画 фильм فيلم",
    "a\r\nSet-Cookie: x=1",
]
TEXT_FIELDS = {
    "title_original": 300,
    "title_english": 300,
    "synopsis_original": 5000,
    "synopsis_english": 5000,
    "ai_tools_other": 300,
}
# Any Unicode a browser can send (no lone surrogates: they cannot be encoded as UTF-8).
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=400)
SETTINGS = settings(
    max_examples=25, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def author(db):
    user = UserFactory()
    add_role(user=user, role=Role.ENTRANT)
    return user


@pytest.fixture
def api(author):
    client = APIClient()
    client.force_authenticate(user=author)
    return client


@pytest.fixture
def open_contest(db):
    contest = ContestFactory(max_entries_per_entrant=1000)
    CategoryFactory(contest=contest, slug="narrative")
    return contest


def _entry_body(open_contest, **overrides):
    body = {
        "contest": open_contest.slug,
        "category": "narrative",
        "title_original": "映画",
        "title_english": "Film",
        "original_language": "ja",
        "synopsis_original": "あらすじ",
        "synopsis_english": "A synopsis.",
        "runtime_s": 180,
        "ai_tools": ["sora"],
        "rights_declared": True,
        "credits": [{"name_native": "黒澤明", "name_latin": "Kurosawa Akira", "role": "director",
                     "country": "JP"}],
    }
    body.update(overrides)
    return body


SINGLE_LINE = ("ai_tools_other", "title_english", "title_original")
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _refused_fields(value: str) -> list[str]:
    """Control characters and direction overrides anywhere, line breaks in one-line fields."""
    if CONTROL.search(value):
        return sorted(TEXT_FIELDS)
    if re.search("[\r\n\u2028\u2029]", value):
        return sorted(SINGLE_LINE)
    return []


@pytest.mark.django_db
@pytest.mark.parametrize("value", HOSTILE)
def test_entry_api_keeps_hostile_text_exactly_or_refuses_it(api, open_contest, value):
    values = dict.fromkeys(TEXT_FIELDS, value)

    response = api.post("/api/v1/entries/", _entry_body(open_contest, **values), format="json")

    refused = _refused_fields(value)
    if refused:
        assert response.status_code == 400
        assert sorted(response.json()["fields"]) == refused
        return
    assert response.status_code == 201, response.content
    entry = Entry.objects.get(pk=response.json()["id"])
    assert {field: getattr(entry, field) for field in TEXT_FIELDS} == values
    stored = api.get(f"/api/v1/entries/{entry.pk}/").json()
    assert {field: stored[field] for field in TEXT_FIELDS} == values


@pytest.mark.django_db
@pytest.mark.parametrize("field", sorted(TEXT_FIELDS))
def test_entry_api_refuses_overlong_text_with_a_field_message(api, open_contest, field):
    value = "x" * (TEXT_FIELDS[field] + 1)

    response = api.post("/api/v1/entries/", _entry_body(open_contest, **{field: value}),
                        format="json", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["fields"][field] != []
    assert Entry.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides",
    [
        {"runtime_s": "three minutes"},
        {"runtime_s": -5},
        {"runtime_s": 10**30},
        {"ai_tools": "sora"},
        {"ai_tools": [{"x": 1}]},
        {"ai_tools": ["not-a-tool"]},
        {"original_language": "xx-klingon"},
        {"category": "../../etc"},
        {"contest": None},
        {"credits": "everyone"},
        {"credits": [{"name_native": "A", "role": "director", "country": "ZZ"}]},
        {"credits": [{"name_native": ["A"], "role": "director"}]},
        {"rights_declared": "perhaps"},
        {"title_original": {"nested": "object"}},
    ],
)
def test_entry_api_refuses_malformed_values_with_json_errors(api, open_contest, overrides):
    response = api.post("/api/v1/entries/", _entry_body(open_contest, **overrides), format="json")

    assert response.status_code == 400, response.content
    assert set(response.json()) == {"code", "message", "fields"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "raw",
    [b"{", b"[]", b"null", b"\xff\xfe\x00", b'{"title_original": "\\ud800"}', b"1e999999"],
)
def test_entry_api_refuses_broken_json(api, raw):
    response = api.post("/api/v1/entries/", raw, content_type="application/json")

    assert response.status_code == 400, response.content
    assert response.json()["code"] in {"parse_error", "invalid"}


@pytest.mark.django_db
def test_entry_api_any_unicode_never_causes_a_server_error(api, open_contest):
    @given(values=st.fixed_dictionaries({field: ANY_TEXT for field in TEXT_FIELDS}))
    @SETTINGS
    def check(values):
        response = api.post("/api/v1/entries/", _entry_body(open_contest, **values), format="json")
        assert response.status_code in (201, 400), response.content
        if response.status_code == 201:
            stored = api.get(f"/api/v1/entries/{response.json()['id']}/").json()
            assert {field: stored[field] for field in TEXT_FIELDS} == values

    check()


@pytest.mark.django_db
def test_dashboard_shows_markup_in_titles_as_text(client, api, author, open_contest):
    api.post("/api/v1/entries/", _entry_body(open_contest, title_original=HOSTILE[0],
                                             title_english=HOSTILE[1]), format="json")
    client.force_login(author)

    html = client.get("/dashboard/").content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.django_db
@pytest.mark.parametrize("value", HOSTILE)
def test_profile_form_keeps_markup_as_text_or_refuses_it(client, author, value):
    client.force_login(author)
    response = client.post(
        "/accounts/profile/",
        {"name_native": value, "name_latin": "Latin", "country": "JP", "language": "en",
         "time_zone": "UTC", "organisation": value, "website": ""},
    )

    assert response.status_code in (200, 302)
    author.refresh_from_db()
    if "\x00" in value:
        assert author.name_native != value
        return
    assert author.name_native == value
    html = client.get("/accounts/profile/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "onerror=alert(1)>" not in html


@pytest.mark.django_db
def test_profile_form_refuses_overlong_name_with_a_message(client, author):
    client.force_login(author)
    response = client.post(
        "/accounts/profile/",
        {"name_native": "名" * 201, "name_latin": "", "country": "JP", "language": "en",
         "time_zone": "UTC"},
    )

    assert response.status_code == 200
    assert len(response.context["form"].errors["name_native"]) == 1
    author.refresh_from_db()
    assert len(author.name_native) <= 200


@pytest.mark.django_db
def test_signup_with_markup_and_overlong_values_never_fails(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "<script>@example.org", "password1": "x", "password2": "y",
         "name_native": "<b>" * 100, "country": "XX", "language": "tlh", "time_zone": "Mars/Base"},
    )

    assert response.status_code == 200
    assert "<script>@example.org" not in response.content.decode()


def test_hostile_samples_are_json_encodable():
    assert json.loads(json.dumps(HOSTILE)) == HOSTILE
