"""Uploads cut at random offsets resume to the same bytes; a full disk fails cleanly."""

import base64
import hashlib
import io
import os
import random
import socket
import subprocess
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from tusclient import client as tus_client

pytestmark = pytest.mark.slow

CHUNK = 256 * 1024


def _headers(token: str) -> dict[str, str]:
    return {"Tus-Resumable": "1.0.0", "Authorization": f"Token {token}"}


def _create(base: str, person: dict, length: int, filename: str = "film.mp4") -> requests.Response:
    metadata = ",".join(
        f"{key} {base64.b64encode(str(value).encode()).decode()}"
        for key, value in {"filename": filename, "entry": person["entry"]}.items()
    )
    return requests.post(
        base + "/uploads/tus/",
        headers={**_headers(person["token"]), "Upload-Length": str(length),
                 "Upload-Metadata": metadata},
        timeout=30,
    )


def _send_then_drop(url: str, token: str, *, offset: int, body: bytes, declared: int) -> None:
    """A PATCH that announces ``declared`` bytes, sends ``body``, and hangs up."""
    parts = urlsplit(url)
    head = (
        f"PATCH {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nTus-Resumable: 1.0.0\r\n"
        f"Authorization: Token {token}\r\nUpload-Offset: {offset}\r\n"
        f"Content-Type: application/offset+octet-stream\r\nContent-Length: {declared}\r\n\r\n"
    )
    with socket.create_connection((parts.hostname, parts.port)) as connection:
        connection.sendall(head.encode() + body)
        connection.shutdown(socket.SHUT_RDWR)


def _offset(url: str, token: str) -> int:
    return int(requests.head(url, headers=_headers(token), timeout=30).headers["Upload-Offset"])


def _interrupt_and_resume(base: str, person: dict, data: bytes, seed: int) -> str:
    rng = random.Random(seed)
    url = _create(base, person, len(data)).headers["Location"]
    url = url if url.startswith("http") else base + url
    cut = rng.randrange(1, len(data) - 1)
    _send_then_drop(url, person["token"], offset=0, body=data[:cut], declared=len(data))
    # The server keeps what arrived before the hang-up; the client resumes from its offset.
    client = tus_client.TusClient(base + "/uploads/tus/", headers=_headers(person["token"]))
    uploader = client.uploader(file_stream=io.BytesIO(data), url=url, chunk_size=CHUNK,
                               upload_checksum=True, retries=10, retry_delay=0.5)
    uploader.upload()
    return url


def test_twenty_uploads_cut_at_random_offsets_resume_with_matching_sha256(stack):
    people = stack.seed_entrants(20)["people"]
    _web, base = stack.web(workers=2, threads=8)
    films = [os.urandom(random.randrange(600_000, 2_500_000)) for _ in people]

    with ThreadPoolExecutor(max_workers=5) as pool:
        list(pool.map(_interrupt_and_resume, [base] * 20, people, films, range(20)))

    stored = stack.django("""
from contest.models import Upload, Video
result = [
    {"entry": v.entry_id, "sha": v.sha256, "size": v.size_bytes,
     "file": v.file.path, "uploads": Upload.objects.filter(entry_id=v.entry_id).count()}
    for v in Video.objects.filter(is_current=True).order_by("entry_id")
]
""")
    expected = {
        person["entry"]: hashlib.sha256(film).hexdigest()
        for person, film in zip(people, films, strict=True)
    }
    assert {row["entry"]: row["sha"] for row in stored} == expected
    for row in stored:
        assert hashlib.sha256(Path(row["file"]).read_bytes()).hexdigest() == row["sha"]
        assert row["uploads"] == 1
    # Every partial file became a video: nothing is left behind in the upload folder.
    assert sorted(p.name for p in stack.upload_dir.rglob("*") if p.is_file()) == []


@contextmanager
def _small_disk(path: Path, size: str):
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], check=True)
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small tmpfs needs root")
def test_full_upload_disk_gives_a_clear_error_and_keeps_saved_bytes(stack):
    people = stack.seed_entrants(2)["people"]
    with _small_disk(stack.dir / "small-uploads", "3m") as upload_dir:
        _web, base = stack.web(workers=1, threads=4, MARQUEE_UPLOAD_DIR=str(upload_dir))
        person = people[0]
        data = os.urandom(5 * 1024 * 1024)
        url = _create(base, person, len(data)).headers["Location"]
        url = url if url.startswith("http") else base + url

        first = requests.patch(
            url, data=data[: 2 * 1024 * 1024], timeout=60,
            headers={**_headers(person["token"]), "Upload-Offset": "0",
                     "Content-Type": "application/offset+octet-stream"},
        )
        full = requests.patch(
            url, data=data[2 * 1024 * 1024:], timeout=60,
            headers={**_headers(person["token"]), "Upload-Offset": "2097152",
                     "Content-Type": "application/offset+octet-stream",
                     "Accept-Language": "fr"},
        )
        offset_after = _offset(url, person["token"])
        partial = next(upload_dir.glob("*.part"))
        kept = partial.read_bytes()

    assert first.status_code == 204
    assert full.status_code == 507
    assert full.json()["code"] == "storage_full"
    assert "Traceback" not in full.text
    # The offset never moved past the bytes on disk, and those bytes are the right ones.
    assert offset_after == 2 * 1024 * 1024
    assert kept == data[:offset_after]
