"""The accounts tasks: a data export build retried on transient errors, ended on any other."""

import pytest

from accounts.data_export import services
from accounts.enums import DataExportStatus
from accounts.models import DataExport
from accounts.tasks import build_data_export, expire_data_exports
from config.celery_app import app as celery_app

pytestmark = pytest.mark.django_db


def _broken(error: BaseException):
    def write_archive(target, parts, *, about):
        raise error

    return write_archive


def test_a_build_that_keeps_losing_its_storage_is_retried_then_failed(entrant, monkeypatch):
    export = DataExport.objects.create(user=entrant)
    monkeypatch.setattr(services, "write_archive", _broken(OSError("storage unreachable")))

    # Eager retries run at once when errors are not thrown back to the caller; the run after
    # the last attempt gives up.
    propagates = celery_app.conf.task_eager_propagates
    celery_app.conf.task_eager_propagates = False
    try:
        result = build_data_export.delay(export_id=export.pk)
    finally:
        celery_app.conf.task_eager_propagates = propagates

    export.refresh_from_db()
    assert (export.status, export.attempts) == (DataExportStatus.FAILED, services.MAX_ATTEMPTS)
    assert result.get() is False


def test_a_build_that_fails_for_good_frees_the_next_request_at_once(entrant, monkeypatch):
    export = DataExport.objects.create(user=entrant)
    monkeypatch.setattr(services, "write_archive", _broken(ValueError("a bug")))

    with pytest.raises(ValueError):
        build_data_export.delay(export_id=export.pk)

    export.refresh_from_db()
    assert (export.status, export.attempts, export.file.name) == (DataExportStatus.FAILED, 1, "")
    assert services.request_data_export(user=entrant).status == DataExportStatus.PENDING


def test_the_expiry_task_runs_the_service():
    assert expire_data_exports.delay().get() == {"expired": 0, "failed": 0}
