"""A real Celery worker re-checks real FFmpeg-made films after the technical rules tighten.

Two entrants upload a 720p and a 1080p film to a contest that accepts 720p; both are accepted
by the full pipeline. The organisers then require 1080p and ask for a re-check: the worker
refuses the 720p film from what its first check stored, and only its entrant is emailed.
"""

import pytest

from contest.enums import EntryStatus, VideoStatus
from contest.models import Entry
from contest.services.setup import update_contest
from tests.factories import ContestFactory, EntryFactory
from tests.slow.servers import wait_until

from .conftest import upload_file
from .live import current_video, verdict_sent, worker_factory

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def make_worker(tmp_path):
    with worker_factory(tmp_path) as make:
        yield make


def _mail_to(worker, email: str) -> list[str]:
    return [message for message in worker.sent_mail() if f"To: {email}" in message]


def test_tightened_rules_refuse_the_720p_film_and_email_only_its_entrant(
        make_worker, media_sample, organiser):
    worker = make_worker().start()
    contest = ContestFactory(min_long_edge=1280, min_short_edge=720)
    hd, full_hd = (EntryFactory(contest=contest, status=EntryStatus.SUBMITTED)
                   for _ in range(2))
    upload_file(entry=hd, source=media_sample("low_720p"))
    upload_file(entry=full_hd, source=media_sample("valid_1080p"))
    for entry in (hd, full_hd):
        wait_until(lambda e=entry: verdict_sent(e), timeout=180,
                   interval=0.2, what="first verdict's email")
    assert [current_video(e).status for e in (hd, full_hd)] == [VideoStatus.VALID] * 2

    update_contest(contest=contest, by=organiser,
                   changes={"min_long_edge": 1920, "min_short_edge": 1080}, recheck=True)
    wait_until(lambda: current_video(hd).status == VideoStatus.INVALID and verdict_sent(hd),
               timeout=60, interval=0.1, what="re-checked verdict's email")
    wait_until(lambda: current_video(full_hd).rules_checked_at, timeout=60, interval=0.1,
               what="re-check of the 1080p film")

    refused, kept = current_video(hd), current_video(full_hd)
    assert [reason["code"] for reason in refused.reasons] == ["resolution_too_low"]
    assert kept.status == VideoStatus.VALID
    assert Entry.objects.get(pk=hd.pk).status == EntryStatus.SUBMITTED
    assert Entry.objects.get(pk=full_hd.pk).status == EntryStatus.ELIGIBLE
    assert len(_mail_to(worker, hd.entrant.email)) == 2  # accepted, then refused
    assert "resolution_too_low" in _mail_to(worker, hd.entrant.email)[-1]
    assert len(_mail_to(worker, full_hd.entrant.email)) == 1  # its first verdict only
