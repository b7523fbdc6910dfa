"""Validation under faults, with real worker processes on private Redis and PostgreSQL.

Workers are killed with SIGKILL in the middle of validations, the broker is stopped while
entrants upload and submit, FFmpeg hangs. After each fault: every entry has exactly one
verdict, one audit record of it and one email; nothing is stuck and no file is left over.
Time limits and the broker's redelivery timeout are scaled down so that each fault plays out
in seconds, keeping the rule that the redelivery timeout stays above every hard limit.
"""

import base64
import os
import shutil
import signal
import subprocess
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from pathlib import Path

import pytest
import requests

from .servers import NetworkNamespaces, Stack, stop_process, wait_until

pytestmark = pytest.mark.slow

FILM_SECONDS = 2
FAST_LIMITS = {
    "MARQUEE_VALIDATION_PROBE_TIME_LIMIT": "8",
    "MARQUEE_VALIDATION_BASE_TIME_LIMIT": "6",
    "MARQUEE_VALIDATION_SECONDS_PER_SECOND": "1",
    "MARQUEE_VALIDATION_MAX_TIME_LIMIT": "9",
    "MARQUEE_BROKER_VISIBILITY_TIMEOUT": "10",
    "MARQUEE_BROKER_RESTORE_INTERVAL": "1",
}
FINAL = ("valid", "invalid")
# Each film costs a few seconds of FFmpeg on this 2-core machine: CI validates 40 films to
# stay in its time budget; MARQUEE_SCALE_ENTRIES=200 is the full run (see the README).
SCALE_ENTRIES = int(os.environ.get("MARQUEE_SCALE_ENTRIES", "40"))
FILM_COUNT = max(SCALE_ENTRIES, 20)


@pytest.fixture(scope="session")
def films(tmp_path_factory) -> list[Path]:
    """Distinct small films (320x180, 2 s, H.264 + AAC) cut from one FFmpeg run."""
    folder = tmp_path_factory.mktemp("films")
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i",
         f"testsrc2=size=320x180:rate=12:d={FILM_COUNT * FILM_SECONDS}", "-f", "lavfi", "-i",
         f"sine=frequency=330:duration={FILM_COUNT * FILM_SECONDS}", "-c:v", "libx264",
         "-preset", "ultrafast", "-g", str(12 * FILM_SECONDS), "-pix_fmt", "yuv420p",
         "-c:a", "aac", "-f", "segment", "-segment_time", str(FILM_SECONDS),
         "-reset_timestamps", "1", str(folder / "film-%03d.mp4")],
        check=True, timeout=300,
    )
    found = sorted(folder.glob("film-*.mp4"))
    assert len(found) >= FILM_COUNT
    return found[:FILM_COUNT]


CONTEST = """
from contest.enums import EntryStatus
from contest.models import Upload
from contest.services.uploads import finish_upload, partial_path
from django.db import transaction
from tests.factories import CategoryFactory, ContestFactory, EntryFactory, UserFactory
import os
import shutil
contest = ContestFactory(min_long_edge=320, min_short_edge=180, min_duration_s=1,
                         max_entries_per_entrant=5)
CategoryFactory(contest=contest)
"""


def seed_uploaded(stack, films: list[Path]) -> list[int]:
    """Submitted entries whose films are stored, each queued for validation on commit."""
    code = CONTEST + f"""
entries = []
for source in {[str(f) for f in films]!r}:
    entry = EntryFactory(contest=contest, entrant=UserFactory(country="FR"),
                         category=contest.categories.first(), status=EntryStatus.SUBMITTED)
    with transaction.atomic():
        upload = Upload.objects.create(entry=entry, uploader=entry.entrant,
                                       filename="film.mp4", length=os.path.getsize(source))
        partial = partial_path(upload)
        partial.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, partial)
        finish_upload(upload=upload, path=partial, by=entry.entrant)
    entries.append(entry.pk)
result = entries
"""
    return stack.django(code)


def videos(stack) -> dict[int, tuple]:
    rows = stack.sql("SELECT entry_id, status, attempts, validation_task_id FROM contest_video"
                     " WHERE is_current")
    return {row[0]: row[1:] for row in rows}


def wait_for_verdicts(stack, entries: list[int], *, timeout: float) -> dict[int, tuple]:
    def done():
        found = videos(stack)
        return found if all(found.get(e, ("",))[0] in FINAL for e in entries) else None

    return wait_until(done, timeout=timeout, interval=0.5, what="every verdict")


def assert_clean_end(stack, entries: list[int], *, verdict: str = "valid") -> None:
    """One verdict, one audit record, one email per entry; no file left over anywhere."""
    # result_emailed_at is set when the verdict's message is written; the outbox sends it.
    wait_until(lambda: stack.sql("SELECT count(*) FROM contest_video WHERE is_current"
                                 " AND result_emailed_at IS NULL")[0][0] == 0
               and stack.sql("SELECT count(*) FROM core_message"
                             " WHERE status IN ('pending', 'sending')")[0][0] == 0,
               timeout=60, interval=0.5, what="every email")
    found = videos(stack)
    reasons = stack.sql("SELECT id, attempts, reasons, last_error FROM contest_video"
                        " WHERE is_current AND status <> %s", verdict)
    assert reasons == []
    assert Counter(status for status, *_ in found.values()) == {verdict: len(entries)}
    audits = stack.sql("SELECT object_id, count(*) FROM core_auditevent"
                       " WHERE action = 'video.validated' GROUP BY object_id")
    assert sorted(count for _id, count in audits) == [1] * len(entries)
    time.sleep(1)  # an email sent twice would be written by now
    mail = stack.sent_mail()
    # Submissions also send receipts: one verdict per entry, and each message written once.
    sent = dict(stack.sql("SELECT kind, count(*) FROM core_message WHERE status = 'sent'"
                          " GROUP BY kind"))
    assert sent.get("contest.validation_verdict") == len(entries)
    assert len(mail) == sum(sent.values())
    if verdict == "valid":
        eligible = stack.sql("SELECT count(*) FROM contest_entry WHERE status = 'eligible'")
        assert eligible == [(len(entries),)]
        # Exactly a poster and a preview per film: no output of a killed run survives.
        derived = [p for p in (stack.media_root / "derived").rglob("*") if p.is_file()]
        assert len(derived) == 2 * len(entries)
    assert leftovers(stack.tmp_dir) == []
    assert sorted(p.name for p in stack.upload_dir.rglob("*") if p.is_file()) == []


def leftovers(folder: Path) -> list[str]:
    """Files under ``folder``, and folders other than the empty ones Celery's process pool
    makes for itself (``pymp-*``, which a killed pool cannot remove)."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.is_file() or not p.name.startswith("pymp-"))


def _validating(stack, *, since, stage: str) -> tuple[int, str] | None:
    """A video claimed after ``since`` on its first attempt of ``stage`` (so no film is
    refused for repeated crashes): "cheap", or "full" (decode, poster, preview)."""
    rows = stack.sql(
        "SELECT id, %s FROM contest_video WHERE status = 'validating'"
        " AND validation_task_id <> '' AND attempts = 1 AND validation_started_at > %s"
        " AND (probe_checked_at IS NOT NULL) = %s LIMIT 1", stage, since, stage == "full")
    return rows[0] if rows else None


def test_worker_killed_mid_validation_ten_times_every_entry_ends_once(stack, films):
    entries = seed_uploaded(stack, films[:10])
    killed = []
    for round_ in range(10):
        since = stack.sql("SELECT now()")[0][0]
        worker = stack.worker(name=f"doomed{round_}", **FAST_LIMITS)
        # The first kills hit quick checks, the others decodes writing posters and previews.
        stage = "cheap" if round_ < 3 else "full"
        killed.append(wait_until(
            lambda since=since, stage=stage: _validating(stack, since=since, stage=stage),
            timeout=90, interval=0.005, what=f"a {stage} validation under way"))
        stop_process(worker, signal.SIGKILL)
    stack.worker(name="survivor", beat=True, **FAST_LIMITS)

    wait_for_verdicts(stack, entries, timeout=120)

    assert Counter(stage for _id, stage in killed) == {"cheap": 3, "full": 7}
    assert_clean_end(stack, entries)
    attempts = stack.sql("SELECT DISTINCT attempts FROM contest_video ORDER BY 1")
    assert attempts in ([(1,)], [(1,), (2,)])
    # No FFmpeg of a killed worker lives on.
    assert subprocess.run(["pgrep", "-f", str(stack.media_root)], capture_output=True
                          ).stdout == b""


def _tus_upload(base: str, person: dict, film: Path) -> None:
    auth = {"Tus-Resumable": "1.0.0", "Authorization": f"Token {person['token']}"}
    metadata = ",".join(f"{key} {base64.b64encode(str(value).encode()).decode()}"
                        for key, value in {"filename": film.name, "entry": person["entry"]}.items())
    data = film.read_bytes()
    created = requests.post(base + "/uploads/tus/", timeout=30, headers={
        **auth, "Upload-Length": str(len(data)), "Upload-Metadata": metadata})
    assert created.status_code == 201, created.text
    url = created.headers["Location"]
    url = url if url.startswith("http") else base + url
    sent = requests.patch(url, data=data, timeout=60, headers={
        **auth, "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"})
    assert sent.status_code == 204, sent.text


def _enter(base: str, person: dict, film: Path, start_at: float) -> int:
    time.sleep(max(0.0, start_at - time.monotonic()))
    _tus_upload(base, person, film)
    submitted = requests.post(f"{base}/api/v1/entries/{person['entry']}/submit/",
                              json={"rules_consent": True}, timeout=30,
                              headers={"Authorization": f"Token {person['token']}"})
    return submitted.status_code


def test_broker_down_for_30_seconds_while_entrants_submit_loses_nothing(stack, films):
    small_films = {"min_long_edge": 320, "min_short_edge": 180, "min_duration_s": 1}
    people = stack.seed_entrants(12, **small_films)["people"]
    sweeper = {**FAST_LIMITS, "MARQUEE_VALIDATION_STUCK_MINUTES": "0.25",
               "MARQUEE_VALIDATION_SWEEP_SECONDS": "3"}
    _web, base = stack.web(workers=1, threads=8)
    stack.worker(name="through", beat=True, **sweeper)

    stack.redis.stop()
    down_at = time.monotonic()
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(_enter, [base] * 12, people, films[:12],
                                [down_at + 2.4 * i for i in range(12)]))
    wait_until(lambda: time.monotonic() - down_at >= 30, timeout=60, what="30 s outage")
    stack.redis.start()
    entries = [person["entry"] for person in people]

    assert answers == [200] * 12
    assert stack.sql("SELECT count(*) FROM contest_entry WHERE status IN"
                     " ('submitted', 'eligible')") == [(12,)]
    wait_for_verdicts(stack, entries, timeout=180)
    assert_clean_end(stack, entries)


@pytest.fixture
def spread_stack(postgres_template):
    """The private servers, reachable from two network namespaces (or loopback only)."""
    namespaces = NetworkNamespaces(2) if NetworkNamespaces.supported() else None
    with namespaces or nullcontext():
        private = Stack(template=postgres_template,
                        listen=namespaces.host_addresses if namespaces else ()).start()
        try:
            yield private, namespaces
        finally:
            private.close()


@pytest.mark.timeout(300 + 6 * SCALE_ENTRIES)
def test_two_workers_on_separate_network_stacks_validate_every_entry_exactly_once(
        spread_stack, films):
    stack, namespaces = spread_stack
    entries = seed_uploaded(stack, films[:SCALE_ENTRIES])
    started = time.monotonic()
    for index in range(2):
        if namespaces is None:
            stack.worker(name=f"machine{index}")
            continue
        host = namespaces.host_addresses[index]
        stack.worker(
            name=f"machine{index}", prefix=namespaces.prefix(index),
            DATABASE_URL=stack.database_url.replace("127.0.0.1", host),
            CELERY_BROKER_URL=stack.redis.url.replace("127.0.0.1", host),
            REDIS_URL=stack.redis.url.replace("127.0.0.1", host).replace("/0", "/1"),
        )

    wait_for_verdicts(stack, entries, timeout=60 + 6 * SCALE_ENTRIES)
    elapsed = time.monotonic() - started

    assert_clean_end(stack, entries)
    # Each stage of each film ran once: one claim each, no run skipped or discarded.
    assert stack.sql("SELECT DISTINCT attempts FROM contest_video") == [(1,)]
    done = Counter()
    for log in sorted(stack.dir.glob("machine*.log")):
        text = log.read_text(errors="replace")
        done[log.stem] = text.count("succeeded in") - text.count("'skipped'") - text.count(
            "'discarded'")
        assert "'skipped'" not in text and "'discarded'" not in text
    assert all(count > 0 for count in done.values())
    where = "separate network namespaces" if namespaces else "separate processes"
    print(f"\n{SCALE_ENTRIES} entries validated exactly once by 2 workers in {where} in "
          f"{elapsed:.0f} s; "
          f"tasks per worker {dict(done)}")


def _ffmpeg_stub(stack, name: str, body: str) -> dict[str, str]:
    """Environment for a worker whose ``ffmpeg`` is a script (ffprobe stays the real one)."""
    folder = stack.dir / name
    folder.mkdir()
    stub = folder / "ffmpeg"
    stub.write_text(f"#!/bin/sh\necho $$ >> {stack.dir / (name + '.pids')}\n{body}\n")
    stub.chmod(0o755)
    return {"PATH": f"{folder}:{stack.env()['PATH']}"}


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_hung_ffmpeg_is_killed_by_the_time_limit_and_the_film_gets_one_verdict(stack, films):
    entries = seed_uploaded(stack, films[:1])
    stack.worker(name="hung", beat=True, MARQUEE_VALIDATION_MAX_ATTEMPTS="1", **FAST_LIMITS,
                 **_ffmpeg_stub(stack, "hung", "exec sleep 600"))

    wait_for_verdicts(stack, entries, timeout=120)

    assert_clean_end(stack, entries, verdict="invalid")
    assert stack.sql("SELECT reasons FROM contest_video") == [
        ([{"code": "processing_failed", "params": {"attempts": 1}}],)]
    hung = [int(pid) for pid in (stack.dir / "hung.pids").read_text().split()]
    assert hung and [pid for pid in hung if _alive(pid)] == []


def test_film_replaced_or_entry_deleted_while_validating_ends_consistently(stack, films):
    replaced, deleted = seed_uploaded(stack, films[:2])
    # FFmpeg takes a few seconds longer than usual, so both changes land mid-validation (the
    # full stage is one FFmpeg run now: its delay is the whole stage's).
    roomy = {**FAST_LIMITS, "MARQUEE_VALIDATION_BASE_TIME_LIMIT": "40",
             "MARQUEE_VALIDATION_MAX_TIME_LIMIT": "45", "MARQUEE_BROKER_VISIBILITY_TIMEOUT": "60"}
    stack.worker(name="slow", beat=True, **roomy,
                 **_ffmpeg_stub(stack, "slow", f"sleep 10\nexec {shutil.which('ffmpeg')} \"$@\""))
    wait_until(lambda: stack.sql(
        "SELECT count(*) FROM contest_video WHERE status = 'validating'"
        " AND probe_checked_at IS NOT NULL")[0][0] >= 1, timeout=60, interval=0.05,
        what="a full validation under way")
    stack.django(f"""
from contest.models import Entry, Upload
from contest.services.uploads import finish_upload, partial_path
import shutil
entry = Entry.objects.get(pk={replaced})
upload = Upload.objects.create(entry=entry, uploader=entry.entrant, filename="v2.mp4",
                               length={films[2].stat().st_size})
partial = partial_path(upload)
partial.parent.mkdir(parents=True, exist_ok=True)
shutil.copyfile({str(films[2])!r}, partial)
finish_upload(upload=upload, path=partial, by=entry.entrant)
Entry.objects.filter(pk={deleted}).delete()
""")

    wait_for_verdicts(stack, [replaced], timeout=120)

    assert_clean_end(stack, [replaced])
    # The replaced film's run stopped without a verdict, an email or files, and let go of it.
    old = stack.sql("SELECT status, validation_token, validated_at, result_emailed_at, poster,"
                    " preview, last_error FROM contest_video WHERE NOT is_current")
    assert old == [("replaced", "", None, None, "", "",
                    "Validation stopped: replaced by a newer upload.")]
    assert stack.sql("SELECT count(*) FROM contest_video WHERE entry_id = %s", deleted) == [(0,)]
