"""Asking for a data export, one at a time; building it once; expiring it."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError
from django.utils import timezone

from accounts.data_export import services
from accounts.data_export.services import (
    build_data_export,
    expire_data_exports,
    request_data_export,
)
from accounts.enums import DataExportStatus
from accounts.models import DataExport
from accounts.services import delete_account
from core.errors import ConflictError
from core.models import AuditEvent
from tests.concurrency import run_together

pytestmark = pytest.mark.django_db


def test_a_request_is_built_and_announced_once_committed(
    entrant, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        export = request_data_export(user=entrant)
        assert export.status == DataExportStatus.PENDING

    export.refresh_from_db()
    assert (export.status, export.attempts, len(mailoutbox)) == (DataExportStatus.READY, 1, 1)
    assert export.expires_at - export.ready_at == timedelta(hours=24)
    assert default_storage.size(export.file.name) == export.size_bytes > 0
    assert export.file.name.startswith(f"data-exports/{entrant.pk}/")
    assert list(AuditEvent.objects.filter(object_id=str(export.pk)).order_by("pk")
                .values_list("action", "actor_id")) == [
        ("data_export.requested", entrant.pk), ("data_export.ready", None)]


def test_a_second_request_while_one_is_under_way_is_refused(entrant):
    request_data_export(user=entrant)  # on-commit work is not run: it stays pending

    with pytest.raises(ConflictError) as refused:
        request_data_export(user=entrant)

    assert (refused.value.code, refused.value.status) == ("data_export_in_progress", 409)
    assert "already being prepared" in str(refused.value.message)
    assert DataExport.objects.filter(user=entrant).count() == 1


def test_a_request_within_the_cooldown_of_a_ready_export_is_refused(entrant, settings):
    settings.MARQUEE_DATA_EXPORT_COOLDOWN = timedelta(minutes=60)
    ready = DataExport.objects.create(user=entrant, status=DataExportStatus.READY)

    with pytest.raises(ConflictError) as refused:
        request_data_export(user=entrant)
    DataExport.objects.filter(pk=ready.pk).update(
        requested_at=timezone.now() - timedelta(minutes=61))
    later = request_data_export(user=entrant)

    assert refused.value.code == "data_export_too_soon"
    assert "less than 60 minutes ago" in str(refused.value.message)
    assert later.status == DataExportStatus.PENDING


def test_a_failed_export_does_not_hold_up_a_new_request(entrant):
    DataExport.objects.create(user=entrant, status=DataExportStatus.FAILED)

    assert request_data_export(user=entrant).status == DataExportStatus.PENDING


def test_the_database_keeps_one_export_in_progress_per_person(entrant, other_entrant):
    DataExport.objects.create(user=entrant, status=DataExportStatus.BUILDING)
    DataExport.objects.create(user=other_entrant)

    with pytest.raises(IntegrityError):
        DataExport.objects.create(user=entrant)


@pytest.mark.django_db(transaction=True)
def test_two_requests_at_the_same_instant_make_one_export(entrant):
    def ask():
        try:
            return request_data_export(user=entrant).pk
        except ConflictError as error:
            return error.code

    results = run_together(ask, ask, ask)

    assert sorted(r for r in results if isinstance(r, str)) == ["data_export_in_progress"] * 2
    assert DataExport.objects.filter(user=entrant).count() == 1


def test_building_twice_builds_once(entrant):
    export = DataExport.objects.create(user=entrant)

    first, again = build_data_export(export_id=export.pk), build_data_export(export_id=export.pk)

    export.refresh_from_db()
    assert (first, again, export.attempts) == (True, False, 1)


def test_a_run_superseded_by_a_newer_one_throws_its_file_away(entrant, monkeypatch):
    """A redelivered task claims the export while the first run is still writing: only the
    newer run's file is kept."""
    export = DataExport.objects.create(user=entrant)
    real_write = services.write_archive
    written = []

    def write_then_be_superseded(target, parts, *, about):
        summary = real_write(target, parts, about=about)
        written.append(DataExport.objects.get(pk=export.pk).file.name)
        monkeypatch.setattr(services, "write_archive", real_write)
        assert build_data_export(export_id=export.pk)
        return summary

    monkeypatch.setattr(services, "write_archive", write_then_be_superseded)

    assert build_data_export(export_id=export.pk) is False
    export.refresh_from_db()
    assert (export.status, export.attempts) == (DataExportStatus.READY, 2)
    assert export.file.name != written[0]
    assert default_storage.exists(export.file.name)


def test_a_build_that_fails_leaves_no_file_and_stops_after_the_attempt_limit(
    entrant, monkeypatch
):
    export = DataExport.objects.create(user=entrant)
    names = []

    def broken(target, parts, *, about):
        target.write(b"PK half")
        names.append(DataExport.objects.get(pk=export.pk).file.name)
        raise OSError("disk full")

    monkeypatch.setattr(services, "write_archive", broken)
    for _ in range(services.MAX_ATTEMPTS):
        with pytest.raises(OSError):
            build_data_export(export_id=export.pk)

    assert build_data_export(export_id=export.pk) is False
    export.refresh_from_db()
    assert (export.status, export.attempts, export.file.name) == (
        DataExportStatus.FAILED, services.MAX_ATTEMPTS, "")
    assert [default_storage.exists(name) for name in names] == [False] * services.MAX_ATTEMPTS


def test_expiry_deletes_the_file_and_keeps_the_row(entrant, other_entrant):
    now = timezone.now()
    name = default_storage.save("data-exports/x/old.zip", ContentFile(b"PK"))
    old = DataExport.objects.create(user=entrant, status=DataExportStatus.READY, file=name,
                                    expires_at=now - timedelta(seconds=1))
    current = DataExport.objects.create(user=other_entrant, status=DataExportStatus.READY,
                                        file=default_storage.save("data-exports/y/new.zip",
                                                                  ContentFile(b"PK")),
                                        expires_at=now + timedelta(hours=1))

    assert expire_data_exports(now=now) == {"expired": 1, "failed": 0}

    old.refresh_from_db()
    current.refresh_from_db()
    assert (old.status, old.file.name, default_storage.exists(name)) == (
        DataExportStatus.EXPIRED, "", False)
    assert (current.status, default_storage.exists(current.file.name)) == (
        DataExportStatus.READY, True)
    assert AuditEvent.objects.filter(action="data_export.expired").count() == 1


def test_a_build_that_never_finished_is_failed_so_the_person_can_ask_again(entrant):
    stuck = DataExport.objects.create(user=entrant, status=DataExportStatus.BUILDING)
    DataExport.objects.filter(pk=stuck.pk).update(
        requested_at=timezone.now() - services.STUCK_AFTER - timedelta(minutes=1))

    assert expire_data_exports() == {"expired": 0, "failed": 1}
    assert request_data_export(user=entrant).status == DataExportStatus.PENDING


def test_deleting_the_account_deletes_its_export_files(entrant, django_capture_on_commit_callbacks):
    export = DataExport.objects.create(user=entrant)
    build_data_export(export_id=export.pk)
    export.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        delete_account(user=entrant)

    assert not default_storage.exists(export.file.name)
