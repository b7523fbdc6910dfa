import pytest

from contest.models import Entry
from tests.factories import CreditFactory

pytestmark = pytest.mark.django_db

NEW_ENTRY = {
    "contest": "nextgen",
    "category": "narrative",
    "title_original": "  曹一哲 · 魏铮 🎞️ <script>alert(1)</script>",
    "title_english": "Alzheimer",
    "original_language": "zh-hans",
    "synopsis_original": "مرحبا — Привет — 안녕하세요 — नमस्ते",
    "synopsis_english": "A daughter and her father.",
    "runtime_s": 420,
    "ai_tools": ["kling", "runway"],
    "rights_declared": True,
    "rules_consent": True,
    "credits": [
        {"name_native": "曹一哲", "name_latin": "Cao Yizhe", "role": "director", "country": "CN"},
        {"name_native": "Sefa Kocakalay 👁", "role": "editor", "country": "TR"},
    ],
}


def test_create_entry_round_trips_any_script_and_emoji(client_for, entrant, api_contest):
    response = client_for(entrant).post("/api/v1/entries/", NEW_ENTRY, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["version"], body["rules_consent_version"]) == ("draft", 1, "3")
    fetched = client_for(entrant).get(f"/api/v1/entries/{body['id']}/").json()
    for field in ("title_original", "synopsis_original", "title_english"):
        assert fetched[field] == NEW_ENTRY[field]
    assert [(c["name_native"], c["name_latin"], c["country"]) for c in fetched["credits"]] == [
        ("曹一哲", "Cao Yizhe", "CN"), ("Sefa Kocakalay 👁", "", "TR")]
    stored = Entry.objects.get()
    assert (stored.title_original, stored.synopsis_original) == (
        NEW_ENTRY["title_original"], NEW_ENTRY["synopsis_original"])


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"category": "no-such"}, "category"),
        ({"original_language": "klingon"}, "original_language"),
        ({"title_english": "x" * 301}, "title_english"),
        ({"ai_tools": ["skynet"]}, "ai_tools"),
        ({"contest": "no-such-contest"}, "contest"),
        ({"credits": [{"name_native": "A", "role": "director", "country": "XX"}]}, "credits"),
    ],
)
def test_create_entry_bad_input_is_field_error_json(client_for, entrant, api_contest, change,
                                                    field):
    response = client_for(entrant).post("/api/v1/entries/", {**NEW_ENTRY, **change},
                                        format="json")
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], list(body["fields"])) == ("invalid", [field])
    assert isinstance(body["message"], str)


def test_create_entry_missing_fields_are_listed(client_for, entrant, api_contest):
    response = client_for(entrant).post("/api/v1/entries/", {"contest": "nextgen"},
                                        format="json")
    assert response.status_code == 400
    assert sorted(response.json()["fields"]) == sorted(
        ["title_original", "title_english", "synopsis_english", "category",
         "original_language", "runtime_s"])


def test_update_entry_with_version_then_stale_version_is_409(client_for, entrant, entry_of):
    entry = entry_of(entrant)
    api = client_for(entrant)
    url = f"/api/v1/entries/{entry.pk}/"
    first = api.patch(url, {"version": 1, "title_english": "Ghost Lap 🏁"}, format="json")
    assert (first.status_code, first.json()["version"], first.json()["title_english"]) == (
        200, 2, "Ghost Lap 🏁")
    stale = api.patch(url, {"version": 1, "title_english": "Lost"}, format="json")
    assert (stale.status_code, stale.json()["code"]) == (409, "conflict")


def test_update_entry_without_version_is_refused(client_for, entrant, entry_of):
    entry = entry_of(entrant)
    response = client_for(entrant).patch(f"/api/v1/entries/{entry.pk}/", {"title_english": "x"},
                                         format="json")
    assert (response.status_code, list(response.json()["fields"])) == (400, ["version"])


def test_submit_then_withdraw_entry(client_for, entrant, entry_of):
    entry = entry_of(entrant)
    api = client_for(entrant)
    submitted = api.post(f"/api/v1/entries/{entry.pk}/submit/", {}, format="json")
    assert (submitted.status_code, submitted.json()["status"]) == (200, "eligible")
    withdrawn = api.post(f"/api/v1/entries/{entry.pk}/withdraw/")
    assert (withdrawn.status_code, withdrawn.json()["status"]) == (200, "withdrawn")


def test_submit_entry_domain_error_is_json(client_for, entrant, entry_of, api_contest):
    api_contest.excluded_countries = ["JP"]
    api_contest.save()
    entry = entry_of(entrant)
    response = client_for(entrant).post(f"/api/v1/entries/{entry.pk}/submit/")
    assert response.status_code == 400
    assert response.json() == {
        "code": "country_not_eligible",
        "message": "Entrants from Japan cannot take part in this contest.",
        "fields": {},
    }


def test_list_entries_filters_by_status_and_category(client_for, entrant, entry_of,
                                                     api_contest):
    entry_of(entrant, status="eligible")
    entry_of(entrant, status="draft",
             category=api_contest.categories.get(slug="music-video"))
    api = client_for(entrant)
    eligible = api.get("/api/v1/entries/", {"status": "eligible"}).json()
    music = api.get("/api/v1/entries/", {"category": "music-video"}).json()
    assert ([e["status"] for e in eligible["results"]], eligible["count"]) == (["eligible"], 1)
    assert [e["category"] for e in music["results"]] == ["music-video"]


def test_list_entries_paginates(client_for, entrant, entry_of):
    for _ in range(3):
        entry_of(entrant)
    body = client_for(entrant).get("/api/v1/entries/", {"page_size": 2}).json()
    assert (body["count"], len(body["results"]), body["next"] is not None) == (3, 2, True)


@pytest.mark.parametrize("count", [1, 4])
def test_list_entries_query_count_constant(client_for, entrant, entry_of, count,
                                           django_assert_num_queries):
    for _ in range(count):
        CreditFactory(entry=entry_of(entrant))
    api = client_for(entrant)
    # count, entries with contest and category, credits, current videos
    with django_assert_num_queries(4):
        response = api.get("/api/v1/entries/")
    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", [1, 4])
def test_organiser_list_query_count_constant(client_for, organiser, other_entrant, entry_of,
                                             count, django_assert_num_queries):
    for _ in range(count):
        CreditFactory(entry=entry_of(other_entrant, status="eligible"))
    api = client_for(organiser)
    organiser.__dict__.pop("role_names", None)
    # roles, contest, count, entries with entrant/contest/category, credits, current videos
    with django_assert_num_queries(6):
        response = api.get("/api/v1/contests/nextgen/entries/")
    assert len(response.json()["results"]) == count


def test_organiser_filters_entries_by_country(client_for, organiser, entry_of):
    from tests.factories import UserFactory

    entry_of(UserFactory(country="TR"))
    entry_of(UserFactory(country="CN"))
    body = client_for(organiser).get("/api/v1/contests/nextgen/entries/",
                                     {"country": "TR"}).json()
    assert [e["entrant"]["country"] for e in body["results"]] == ["TR"]


def test_organiser_disqualifies_and_reinstates(client_for, organiser, other_entrant, entry_of):
    entry = entry_of(other_entrant, status="eligible")
    api = client_for(organiser)
    url = f"/api/v1/contests/nextgen/entries/{entry.pk}/"
    response = api.post(url + "disqualify/", {"reason": "Logo of a brand <b>visible</b>"},
                        format="json")
    assert (response.status_code, response.json()["status"],
            response.json()["status_reason"]) == (200, "disqualified",
                                                  "Logo of a brand <b>visible</b>")
    seen = client_for(other_entrant).get(f"/api/v1/entries/{entry.pk}/").json()
    assert seen["status_reason"] == "Logo of a brand <b>visible</b>"
    reinstated = client_for(organiser).post(url + "reinstate/")
    assert (reinstated.status_code, reinstated.json()["status"]) == (200, "eligible")
