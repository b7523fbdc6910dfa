"""Locust users for the deadline rush (run by bench/load_deadline.py, not on its own).

Entrants: create an entry, upload the film with the tus protocol in chunks, watch its status,
submit it. Jurors: watch the film, save draft marks as the scoring page autosaves them, then
submit. Every answer the server acknowledged is written to ``BENCH_ACK_FILE`` at the end, so
the driver can check that nothing acknowledged is missing from the database.

Two pacings (``BENCH_PACING``):

``human``
    People at the pace the product's own pages drive them. An entrant gives the form its last
    touches (5-20 s) before creating the entry; the uploader sends the next chunk as soon as
    the previous one is stored; the status panel polls the film's status 2 s after the upload and
    then every 1.5x longer (js/video-status.js); the entrant submits after the first poll,
    keeps the page open for two more polls, and starts their next film (the contest allows
    several) after 20-60 s. A juror watches the film's preview (20-60 s; films run minutes),
    then sets the marks: the scoring page autosaves 2 s after the last change
    (js/judging.js), three saves 4-7 s apart, then submits 2-5 s later.
``none``
    Everyone sends their next request as soon as the previous answer arrives (0.5-2 s between
    films, 1-3 s between juror saves): the server's capacity, not a crowd of people.
"""

import json
import os
import random
from collections import deque

from locust import HttpUser, between, events, task
from rush_requests import entry_payload, tus_metadata, unique_film

PLAN = json.loads(open(os.environ["BENCH_PLAN_FILE"]).read())  # noqa: SIM115
ENTRANTS = deque(PLAN["entrants"])
JURORS = deque(PLAN["jurors"])
FILM_BYTES = PLAN["film_bytes"]
CHUNK = PLAN["chunk_bytes"]
HUMAN = os.environ.get("BENCH_PACING", "human") == "human"
# With --validate, a real clip that every upload makes unique; else random bytes.
CLIP = open(PLAN["film_file"], "rb").read() if PLAN.get("film_file") else None  # noqa: SIM115
ACKNOWLEDGED = {"submitted": {}, "scores": {}}

# Seconds; from the pages' scripts where the product sets the pace (see the docstring).
STATUS_FIRST_POLL, STATUS_BACKOFF = 2.0, 1.5
AUTOSAVE_AFTER_CHANGE = 2.0


def _human_wait(user: HttpUser, low: float, high: float) -> None:
    if HUMAN:
        user.wait_for(random.uniform(low, high))


class RushUser(HttpUser):
    abstract = True

    def wait_for(self, seconds: float) -> None:
        # gevent's sleep: other simulated users run meanwhile.
        import gevent

        gevent.sleep(seconds)


class Entrant(RushUser):
    fixed_count = PLAN["entrant_count"]
    wait_time = between(20.0, 60.0) if HUMAN else between(0.5, 2.0)

    def on_start(self):
        person = ENTRANTS.popleft()
        self.token = person["token"]
        self.client.headers["Authorization"] = f"Token {self.token}"

    def poll_status(self, entry: int, delay: float) -> float:
        self.wait_for(delay)
        self.client.get(f"/api/v1/entries/{entry}/video/", name="GET film status")
        return delay * STATUS_BACKOFF

    @task
    def submit_a_film(self):
        _human_wait(self, 5.0, 20.0)
        created = self.client.post("/api/v1/entries/", json=entry_payload(PLAN),
                                   name="POST entries")
        if created.status_code != 201:
            return
        entry = created.json()["id"]
        tus = {"Tus-Resumable": "1.0.0"}
        start = self.client.post("/uploads/tus/", headers={
            **tus, "Upload-Length": str(FILM_BYTES),
            "Upload-Metadata": tus_metadata(filename="film.mp4", entry=entry),
        }, name="POST tus create")
        if start.status_code != 201:
            return
        location = start.headers["Location"]
        film = unique_film(CLIP) if CLIP else random.randbytes(FILM_BYTES)
        for offset in range(0, FILM_BYTES, CHUNK):
            sent = self.client.patch(location, data=film[offset:offset + CHUNK], headers={
                **tus, "Upload-Offset": str(offset),
                "Content-Type": "application/offset+octet-stream",
            }, name="PATCH tus chunk")
            if sent.status_code != 204:
                return
        delay = STATUS_FIRST_POLL
        if HUMAN:
            delay = self.poll_status(entry, delay)
        submitted = self.client.post(f"/api/v1/entries/{entry}/submit/",
                                     json={"rules_consent": True}, name="POST submit")
        if submitted.status_code == 200:
            ACKNOWLEDGED["submitted"][entry] = FILM_BYTES
        if HUMAN:
            for _ in range(2):
                delay = self.poll_status(entry, delay)


class Juror(RushUser):
    fixed_count = PLAN["juror_count"]
    wait_time = between(2.0, 5.0) if HUMAN else between(1.0, 3.0)

    def on_start(self):
        juror = JURORS.popleft()
        self.client.headers["Authorization"] = f"Token {juror['token']}"
        self.queue = deque(juror["assignments"])
        self.version = 0
        self.drafts = 0

    @task
    def score(self):
        if not self.queue:
            return
        assignment = self.queue[0]
        base = f"/api/v1/juror/assignments/{assignment}/"
        if self.drafts < 3:
            if self.drafts == 0:
                _human_wait(self, 20.0, 60.0)  # watching the preview before the first mark
            _human_wait(self, AUTOSAVE_AFTER_CHANGE, AUTOSAVE_AFTER_CHANGE)
            marks = {str(c): random.randint(1, 10) for c in PLAN["criteria"]}
            answer = self.client.post(base + "draft/", json={"marks": marks,
                                                             "version": self.version},
                                      name="POST score draft")
            if answer.status_code == 200:
                self.version, self.drafts = answer.json()["version"], self.drafts + 1
                ACKNOWLEDGED["scores"][assignment] = [self.version, marks, "draft"]
                return
        else:
            answer = self.client.post(base + "submit/", json={"version": self.version},
                                      name="POST score submit")
            if answer.status_code == 200:
                ACKNOWLEDGED["scores"][assignment][0] = answer.json()["version"]
                ACKNOWLEDGED["scores"][assignment][2] = "submitted"
        self.queue.popleft()
        self.version, self.drafts = 0, 0


@events.quitting.add_listener
def _write_acknowledged(environment, **_kwargs):
    with open(os.environ["BENCH_ACK_FILE"], "w") as out:
        json.dump(ACKNOWLEDGED, out)
