"""Locust users for the deadline rush (run by bench/load_deadline.py, not on its own).

Entrants: create an entry, upload the film with the tus protocol in chunks, submit it.
Jurors: save draft marks of their current assignment every few seconds, then submit it.
Every answer the server acknowledged is written to ``BENCH_ACK_FILE`` at the end, so the
driver can check that nothing acknowledged is missing from the database.
"""

import base64
import json
import os
import random
from collections import deque

from locust import HttpUser, between, events, task

PLAN = json.loads(open(os.environ["BENCH_PLAN_FILE"]).read())  # noqa: SIM115
ENTRANTS = deque(PLAN["entrants"])
JURORS = deque(PLAN["jurors"])
FILM_BYTES = PLAN["film_bytes"]
CHUNK = PLAN["chunk_bytes"]
ACKNOWLEDGED = {"submitted": {}, "scores": {}}


def _meta(**values) -> str:
    return ",".join(f"{k} {base64.b64encode(str(v).encode()).decode()}" for k, v in values.items())


class Entrant(HttpUser):
    fixed_count = PLAN["entrant_count"]
    wait_time = between(0.5, 2.0)

    def on_start(self):
        person = ENTRANTS.popleft()
        self.token = person["token"]
        self.client.headers["Authorization"] = f"Token {self.token}"
        self.film = random.randbytes(FILM_BYTES)

    @task
    def submit_a_film(self):
        created = self.client.post("/api/v1/entries/", json={
            "contest": PLAN["contest"], "category": PLAN["category"],
            "title_original": "締切の映画", "title_english": "Deadline film",
            "original_language": "ja", "synopsis_original": "あらすじ",
            "synopsis_english": "A synopsis.", "runtime_s": 180, "ai_tools": ["sora"],
            "rights_declared": True, "rules_consent": True,
            "credits": [{"name_native": "黒澤明", "name_latin": "Kurosawa Akira",
                         "role": "director", "country": "JP"}],
        }, name="POST entries")
        if created.status_code != 201:
            return
        entry = created.json()["id"]
        tus = {"Tus-Resumable": "1.0.0"}
        start = self.client.post("/uploads/tus/", headers={
            **tus, "Upload-Length": str(FILM_BYTES),
            "Upload-Metadata": _meta(filename="film.mp4", entry=entry),
        }, name="POST tus create")
        if start.status_code != 201:
            return
        location = start.headers["Location"]
        for offset in range(0, FILM_BYTES, CHUNK):
            sent = self.client.patch(location, data=self.film[offset:offset + CHUNK], headers={
                **tus, "Upload-Offset": str(offset),
                "Content-Type": "application/offset+octet-stream",
            }, name="PATCH tus chunk")
            if sent.status_code != 204:
                return
        submitted = self.client.post(f"/api/v1/entries/{entry}/submit/",
                                     json={"rules_consent": True}, name="POST submit")
        if submitted.status_code == 200:
            ACKNOWLEDGED["submitted"][entry] = FILM_BYTES


class Juror(HttpUser):
    fixed_count = PLAN["juror_count"]
    wait_time = between(1.0, 3.0)  # the scoring page autosaves every 2 s

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
