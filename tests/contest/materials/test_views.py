"""The entry page's materials, the upload and delete forms, and the entrant's API."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contest.models import EntryMaterial
from tests import material_samples as samples


@pytest.fixture
def signed_in(client, draft):
    client.force_login(draft.entrant)
    return client


def _upload_url(entry, kind):
    return reverse("contest:material_upload", kwargs={"pk": entry.pk, "kind": kind})


def test_material_upload_page_stores_and_checks(signed_in, draft,
                                                django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(_upload_url(draft, "subtitle"), {
            "language": "en", "file": SimpleUploadedFile("film.srt", samples.srt(4))})
    assert response.status_code == 302
    assert response["Location"].endswith("#materials")
    assert list(draft.materials.values_list("kind", "language", "status")) == [
        ("subtitle", "en", "valid")]


def test_material_upload_page_declared_size_refused_before_reading(signed_in, draft, settings):
    settings.MARQUEE_MATERIAL_MAX_BYTES = {**settings.MARQUEE_MATERIAL_MAX_BYTES, "poster": 10}

    class Unreadable:
        def read(self, *args):
            raise AssertionError("the body was read")

        readline = read

    response = signed_in.generic(
        "POST", _upload_url(draft, "poster"), b"",
        content_type="multipart/form-data; boundary=x",
        **{"CONTENT_LENGTH": "10000000", "wsgi.input": Unreadable()})
    assert response.status_code == 302
    assert EntryMaterial.objects.count() == 0


def test_material_upload_page_unknown_kind_not_found(signed_in, draft):
    response = signed_in.post(_upload_url(draft, "trailer"), {})
    assert response.status_code == 404


def test_material_upload_page_other_entrant_not_found(client, draft, other_entrant):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(other_entrant)
    response = client.post(_upload_url(draft, "poster"), {
        "file": SimpleUploadedFile("p.png", samples.image("PNG"))})
    assert response.status_code == 404
    assert EntryMaterial.objects.count() == 0


def test_material_delete_page_removes_material(signed_in, draft, add_material):
    material = add_material(draft, "still", samples.image())
    response = signed_in.post(reverse("contest:material_delete", kwargs={
        "pk": draft.pk, "material_id": material.pk}))
    assert response.status_code == 302
    assert draft.materials.count() == 0


def test_entry_page_lists_materials_with_reasons_and_missing(signed_in, draft, add_material):
    draft.contest.require_poster = True
    draft.contest.save()
    add_material(draft, "poster", samples.SVG, "poster.png")
    add_material(draft, "subtitle", samples.srt(3), "film.fr.srt", language="fr")
    page = signed_in.get(reverse("contest:entry_detail", kwargs={"pk": draft.pk}))
    html = page.content.decode()
    assert page.status_code == 200
    assert "The file is not a JPEG, PNG or WebP picture." in html
    assert "A poster is required." in html
    assert "film.fr.srt" in html


def _entry_page_queries(client, entry) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("contest:entry_detail", kwargs={"pk": entry.pk})
                          ).status_code == 200
    return len(queries)


def test_entry_page_query_count_constant_in_materials(signed_in, draft, add_material):
    add_material(draft, "poster", samples.image())
    one = _entry_page_queries(signed_in, draft)
    for _ in range(5):
        add_material(draft, "still", samples.image())
    for language in ("en", "fr", "de", "es"):
        add_material(draft, "subtitle", samples.srt(2), language=language)
    assert draft.materials.count() == 10
    ten = _entry_page_queries(signed_in, draft)
    # Session, user, the entry with its contest, then one query per relation prefetched
    # (category, entrant, credits, videos, materials), the upload-grace check and the
    # contest's entry form questions: materials are one prefetch whatever their number.
    assert (one, ten) == (11, 11)


def test_api_materials_list_and_missing(client, draft, add_material):
    draft.contest.min_stills = 1
    draft.contest.save()
    material = add_material(draft, "poster", samples.image())
    client.force_login(draft.entrant)
    response = client.get(reverse("api:entry-materials", kwargs={"pk": draft.pk}))
    assert response.status_code == 200
    body = response.json()
    assert [(m["id"], m["kind"], m["status"]) for m in body["materials"]] == [
        (material.pk, "poster", "valid")]
    assert body["materials"][0]["file_url"].endswith(f"/media/materials/{material.pk}/file")
    assert body["missing"] == [{"code": "stills_missing",
                                "message": "1 more still is required."}]


def test_api_materials_list_query_count_constant(client, draft, add_material,
                                                 django_assert_num_queries):
    add_material(draft, "poster", samples.image())
    for _ in range(5):
        add_material(draft, "still", samples.image())
    for language in ("en", "fr", "de", "es"):
        add_material(draft, "subtitle", samples.srt(2), language=language)
    client.force_login(draft.entrant)
    # Session and user, the entry with its contest, its materials: the same for 1 or 100.
    with django_assert_num_queries(4):
        client.get(reverse("api:entry-materials", kwargs={"pk": draft.pk}))


def test_api_material_upload_and_delete(client, draft, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(draft.entrant)
    url = reverse("api:entry-material-upload", kwargs={"pk": draft.pk, "kind": "document"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": SimpleUploadedFile("kit.pdf", samples.plain_pdf())})
    assert response.status_code == 201
    material_id = response.json()["id"]
    detail = reverse("api:entry-material", kwargs={"pk": draft.pk, "material_id": material_id})
    assert client.get(detail).json()["status"] == "valid"
    assert client.delete(detail).status_code == 204
    assert draft.materials.count() == 0


def test_api_material_upload_declared_size_refused_with_413(client, draft, settings):
    settings.MARQUEE_MATERIAL_MAX_BYTES = {**settings.MARQUEE_MATERIAL_MAX_BYTES,
                                           "subtitle": 10}
    client.force_login(draft.entrant)

    class Unreadable:
        def read(self, *args):
            raise AssertionError("the body was read")

        readline = read

    url = reverse("api:entry-material-upload", kwargs={"pk": draft.pk, "kind": "subtitle"})
    response = client.generic("POST", url, b"", content_type="multipart/form-data; boundary=x",
                              **{"CONTENT_LENGTH": "5000000", "wsgi.input": Unreadable()})
    assert (response.status_code, response.json()["code"]) == (413, "file_too_large")


def test_api_material_upload_subtitle_without_language_refused(client, draft):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(draft.entrant)
    url = reverse("api:entry-material-upload", kwargs={"pk": draft.pk, "kind": "subtitle"})
    response = client.post(url, {"file": SimpleUploadedFile("a.srt", samples.srt(2))})
    assert (response.status_code, list(response.json()["fields"])) == (400, ["language"])
