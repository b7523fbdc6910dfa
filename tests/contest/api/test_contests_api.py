import pytest

from tests.factories import CategoryFactory, ContestFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [1, 3])
def test_contest_list_query_count_constant(client, count, django_assert_num_queries):
    for _ in range(count):
        CategoryFactory(contest=ContestFactory())
    # count, contests, categories
    with django_assert_num_queries(3):
        response = client.get("/api/v1/contests/")
    assert len(response.json()["results"]) == count


def test_contest_detail_shows_window_and_exclusions(client):
    contest = ContestFactory(slug="nextgen-2026", excluded_countries=["KP"],
                             time_zone="Asia/Tokyo")
    body = client.get("/api/v1/contests/nextgen-2026/").json()
    assert (body["is_open"], body["excluded_countries"], body["time_zone"]) == (
        True, ["KP"], "Asia/Tokyo")
    assert body["closes_at"] == contest.closes_at.isoformat().replace("+00:00", "Z")


def test_schema_generates_without_warnings(tmp_path):
    from django.core.management import call_command

    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "/api/v1/entries/{id}/submit/" in target.read_text()
