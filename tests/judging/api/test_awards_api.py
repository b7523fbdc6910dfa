import csv
import io

import pytest
from django.urls import reverse

from core.models import AuditEvent
from judging.models import AwardPlacement

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, organiser):
    client.force_login(organiser)
    return client


def test_award_list_endpoint_returns_placements(api, scored_contest):
    data = api.get(reverse("api:awards", args=[scored_contest.slug])).json()

    assert [(award["name"], len(award["placements"])) for award in data] == [
        ("Grand Prize", 1), ("Jury Prize", 2)
    ]


def test_assign_endpoint_refuses_taken_place_with_conflict(api, scored_contest):
    award = scored_contest.awards.get(name="Grand Prize")
    entry = scored_contest.entries_by_script[2]
    response = api.post(reverse("api:award-assign", args=[scored_contest.slug, award.pk]),
                        {"place": 1, "entry_code": entry.code}, content_type="application/json")

    assert response.status_code == 409
    assert response.json()["code"] == "place_taken"


def test_assign_unassign_lock_publish_endpoints(api, scored_contest,
                                                django_capture_on_commit_callbacks):
    slug = scored_contest.slug
    jury = scored_contest.awards.get(name="Jury Prize")
    placement = AwardPlacement.objects.get(award=jury, place=2)
    assert api.delete(reverse("api:placement", args=[slug, placement.pk])).status_code == 204
    entry = scored_contest.entries_by_script[2]
    response = api.post(reverse("api:award-assign", args=[slug, jury.pk]),
                        {"place": 2, "entry_code": entry.code, "notes": "By API"},
                        content_type="application/json")
    assert response.status_code == 201
    assert api.post(reverse("api:awards-lock", args=[slug])).status_code == 204
    with django_capture_on_commit_callbacks(execute=True):
        assert api.post(reverse("api:publish", args=[slug])).status_code == 204

    assert list(AuditEvent.objects.for_scope(scored_contest).order_by("id")
                .values_list("action", flat=True))[-4:] == [
        "award.unassign", "award.assign", "awards.lock", "results.publish"
    ]


@pytest.mark.parametrize("fmt,content_type", [
    ("csv", "text/csv; charset=utf-8"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("pdf", "application/pdf"),
])
def test_export_endpoint_returns_file(api, scored_contest, fmt, content_type):
    response = api.get(reverse("api:export", args=[scored_contest.slug, "countries", fmt]),
                       HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    body = b"".join(response.streaming_content)
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(body.decode().lstrip("\ufeff"))))
        assert rows[-1] == ["5 entries from 5 countries"]
    else:
        assert body[:4] in (b"PK\x03\x04", b"%PDF")


def test_export_endpoint_for_entrant_is_forbidden(client, entrant, scored_contest):
    client.force_login(entrant)
    response = client.get(reverse("api:export", args=[scored_contest.slug, "results", "csv"]))

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
