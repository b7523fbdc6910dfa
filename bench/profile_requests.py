"""Server CPU per request for the deadline-rush requests, in process, with a profile of each.

The load benchmark says how much CPU a request costs under load; this one says where it goes.
Each request type runs N times through the full middleware stack (Django's test client, the
production-like settings the load benchmark serves with) and prints the median CPU time and,
with ``--top``, the functions that cost the most cumulative time.

    python bench/profile_requests.py [--runs 200] [--top 25] [--only "POST score draft"]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rush_requests import entry_payload, tus_metadata  # noqa: E402

DATABASE = "marquee_bench_profile"
ENTRIES_PER_ENTRANT = 40


def _environment() -> None:
    work = Path(tempfile.mkdtemp(prefix="marquee-profile-"))
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.local", "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver", "DJANGO_LOG_LEVEL": "WARNING",
        "MARQUEE_MEDIA_ROOT": str(work / "media"), "MARQUEE_UPLOAD_DIR": str(work / "uploads"),
        "MARQUEE_VAR_DIR": str(work / "var"),
    })


class Rush:
    """The requests of one entrant's submission and one juror's scoring, as in the load test."""

    def __init__(self, plan: dict, chunk: int):
        from django.test import Client

        self.plan = plan
        self.chunk = chunk
        # Contests cap entries per entrant: spread the runs over several entrants.
        self.entrants = [Client(HTTP_AUTHORIZATION=f"Token {person['token']}")
                         for person in plan["entrants"]]
        self.entrant = self.entrants[0]
        self.juror = Client(HTTP_AUTHORIZATION=f"Token {plan['jurors'][0]['token']}")
        self.assignments = list(plan["jurors"][0]["assignments"])
        self.film = random.randbytes(chunk)

    def create_entry(self, run: int) -> int:
        self.entrant = self.entrants[run // ENTRIES_PER_ENTRANT]
        answer = self.entrant.post("/api/v1/entries/", content_type="application/json",
                                   data=entry_payload(self.plan))
        assert answer.status_code == 201, answer.content
        return answer.json()["id"]

    def create_upload(self, entry: int) -> str:
        answer = self.entrant.post("/uploads/tus/", headers={
            "Tus-Resumable": "1.0.0", "Upload-Length": str(2 * self.chunk),
            "Upload-Metadata": tus_metadata(filename="film.mp4", entry=entry),
        })
        assert answer.status_code == 201, answer.content
        return answer.headers["Location"]

    def send_chunk(self, location: str, offset: int = 0) -> None:
        answer = self.entrant.patch(location, data=self.film,
                                    content_type="application/offset+octet-stream",
                                    headers={"Tus-Resumable": "1.0.0",
                                             "Upload-Offset": str(offset)})
        assert answer.status_code == 204, answer.content

    def send_last_chunk(self, location: str) -> None:
        """The chunk that completes the film: the video is stored and validation queued."""
        self.send_chunk(location, self.chunk)

    def poll_status(self, entry: int) -> None:
        """What the entry page's status panel asks every few seconds."""
        answer = self.entrant.get(f"/api/v1/entries/{entry}/video/")
        assert answer.status_code == 200, answer.content

    def submit(self, entry: int) -> None:
        answer = self.entrant.post(f"/api/v1/entries/{entry}/submit/",
                                   content_type="application/json", data={"rules_consent": True})
        assert answer.status_code == 200, answer.content

    def draft(self, assignment: int, version: int) -> int:
        marks = {str(c): random.randint(1, 10) for c in self.plan["criteria"]}
        answer = self.juror.post(f"/api/v1/juror/assignments/{assignment}/draft/",
                                 content_type="application/json",
                                 data={"marks": marks, "version": version})
        assert answer.status_code == 200, answer.content
        return answer.json()["version"]

    def submit_score(self, assignment: int, version: int) -> None:
        answer = self.juror.post(f"/api/v1/juror/assignments/{assignment}/submit/",
                                 content_type="application/json", data={"version": version})
        assert answer.status_code == 200, answer.content


QUERIES: dict[str, int] = {}
SQL: dict[str, list[str]] = {}


def _timed(profile: cProfile.Profile | None, call, *args):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # The log keeps 9,000 queries at most; once full, the capture would count none.
    connection.queries_log.clear()
    # The profiler roughly doubles the cost of a call: it only runs when its output is wanted.
    with CaptureQueriesContext(connection) as queries:
        start = time.process_time()
        if profile:
            profile.enable()
        try:
            result = call(*args)
        finally:
            if profile:
                profile.disable()
        spent = time.process_time() - start
    QUERIES[call.__name__] = len(queries)
    SQL[call.__name__] = [query["sql"] for query in queries]
    return result, spent


METHODS = ["create_entry", "create_upload", "send_chunk", "send_last_chunk", "poll_status",
           "submit", "draft", "submit_score"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--chunk-kib", type=int, default=256)
    parser.add_argument("--top", type=int, default=0, help="print the N costliest functions")
    parser.add_argument("--only", default="", help="profile output for this request type only")
    parser.add_argument("--sort", default="cumulative", help="pstats order: cumulative, tottime")
    parser.add_argument("--sql", action="store_true", help="print each request type's queries")
    args = parser.parse_args()

    _environment()
    from _judging_data import drop_database, use_database
    from load_deadline import seed_entrants, seed_jurors

    use_database(DATABASE)
    plan = {**seed_entrants(args.runs // ENTRIES_PER_ENTRANT + 1), **seed_jurors(10)}
    rush = Rush(plan, args.chunk_kib * 1024)
    names = ["POST entries", "POST tus create", "PATCH tus chunk", "PATCH tus last",
             "GET film status", "POST submit", "POST score draft", "POST score submit"]
    profiles = {name: cProfile.Profile() if args.top else None for name in names}
    times: dict[str, list[float]] = {name: [] for name in names}
    try:
        for run in range(args.runs):
            entry, cpu = _timed(profiles[names[0]], rush.create_entry, run)
            times[names[0]].append(cpu)
            location, cpu = _timed(profiles[names[1]], rush.create_upload, entry)
            times[names[1]].append(cpu)
            times[names[2]].append(_timed(profiles[names[2]], rush.send_chunk, location)[1])
            times[names[3]].append(_timed(profiles[names[3]], rush.send_last_chunk, location)[1])
            times[names[4]].append(_timed(profiles[names[4]], rush.poll_status, entry)[1])
            times[names[5]].append(_timed(profiles[names[5]], rush.submit, entry)[1])
            assignment = rush.assignments[run % len(rush.assignments)]
            if run >= len(rush.assignments):
                break
            version, cpu = _timed(profiles[names[6]], rush.draft, assignment, 0)
            times[names[6]].append(cpu)
            times[names[7]].append(_timed(profiles[names[7]], rush.submit_score, assignment,
                                          version)[1])
    finally:
        drop_database(DATABASE)
    # The first calls pay for imports and caches; the rush runs on warm processes.
    print(f"{'request':<20}{'runs':>6}{'median CPU ms':>15}{'p90 CPU ms':>12}{'queries':>9}")
    for name, method in zip(names, METHODS, strict=True):
        warm = sorted(times[name][5:]) or times[name]
        print(f"{name:<20}{len(warm):>6}{1000 * statistics.median(warm):>15.2f}"
              f"{1000 * warm[int(0.9 * (len(warm) - 1))]:>12.2f}{QUERIES[method]:>9}")
    if args.sql:
        for name, method in zip(names, METHODS, strict=True):
            if not args.only or name == args.only:
                print(f"\n== {name}")
                print("\n".join(f"  {sql[:160]}" for sql in SQL[method]))
    if args.top:
        for name in names:
            if args.only and name != args.only:
                continue
            print(f"\n== {name}")
            pstats.Stats(profiles[name]).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
