"""Upload a large file through the tus protocol on loopback and measure the server.

Runs the app under gunicorn (gthread, as in production) in a subprocess against its own
PostgreSQL database, uploads the file with a minimal tus client (each PATCH sent with
sendfile(), so the client is not what is measured), and prints:
- the peak RSS (VmHWM) of the gunicorn worker and master processes (goal: under 150 MB);
- the upload throughput, and its ratio to a plain loopback copy of the same file (TCP over
  127.0.0.1 into a file on the same disk, fsynced), and to a local `cp`.

    python bench/bench_upload.py [--size-mib 1024] [--chunk-mib 64] [--repeat 3] [--database-url U]

Times are medians of --repeat runs (the disk of a shared machine is noisy).
"""

import argparse
import hashlib
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_file(path: Path, size: int) -> str:
    digest = hashlib.sha256()
    block = os.urandom(16 * MIB)
    with open(path, "wb") as handle:
        written = 0
        while written < size:
            piece = block[: min(len(block), size - written)]
            handle.write(piece)
            digest.update(piece)
            written += len(piece)
    return digest.hexdigest()


def loopback_copy(source: Path, target: Path) -> float:
    """Seconds to send ``source`` over a loopback TCP socket into ``target`` (fsynced)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)

    def receive():
        connection, _ = server.accept()
        with connection, open(target, "wb") as out:
            while data := connection.recv(256 * 1024):
                out.write(data)
            out.flush()
            os.fsync(out.fileno())

    receiver = threading.Thread(target=receive)
    receiver.start()
    started = time.perf_counter()
    with socket.create_connection(server.getsockname()) as client, open(source, "rb") as handle:
        client.sendfile(handle)
    receiver.join()
    elapsed = time.perf_counter() - started
    server.close()
    return elapsed


def cp_copy(source: Path, target: Path) -> float:
    started = time.perf_counter()
    subprocess.run(["cp", str(source), str(target)], check=True)
    subprocess.run(["sync", str(target)], check=True)
    return time.perf_counter() - started


def peak_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def prepare_database(env: dict) -> tuple[str, str, int]:
    """Migrate the bench database and create an entrant, an open contest and an entry."""
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
                   cwd=ROOT, env=env, check=True)
    script = (
        "from datetime import timedelta\n"
        "from django.utils import timezone\n"
        "from rest_framework.authtoken.models import Token\n"
        "from accounts.models import Organisation, User\n"
        "from contest.models import Category, Contest, Entry\n"
        "user, _ = User.objects.get_or_create(email='bench-uploader@example.org')\n"
        "now = timezone.now()\n"
        "organisation, _ = Organisation.objects.get_or_create(\n"
        "    slug='bench', defaults={'name': 'Bench'})\n"
        "contest, _ = Contest.objects.get_or_create(slug='bench-upload', defaults=dict(\n"
        "    organisation=organisation, name='Bench', opens_at=now - timedelta(days=1),\n"
        "    closes_at=now + timedelta(days=30)))\n"
        "category, _ = Category.objects.get_or_create(contest=contest, slug='main',"
        " defaults={'name': 'Main'})\n"
        "entry = Entry.objects.create(contest=contest, entrant=user, category=category,\n"
        "    title_original='Bench', title_english='Bench', original_language='en',\n"
        "    synopsis_original='-', synopsis_english='-', runtime_s=60)\n"
        "token, _ = Token.objects.get_or_create(user=user)\n"
        "print(token.key, entry.pk)\n"
    )
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT,
                            env=env, check=True, capture_output=True, text=True)
    token, entry_id = result.stdout.split()[-2:]
    return token, entry_id, 0


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        query = "SELECT 1 FROM pg_database WHERE datname = %s"
        exists = connection.execute(query, [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def wait_for(port: int, process: subprocess.Popen) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited during start-up")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def tus_create(base: str, token: str, entry_id: str, size: int) -> str:
    import base64

    import requests

    meta = ",".join(f"{key} {base64.b64encode(value.encode()).decode()}"
                    for key, value in (("filename", "bench.mp4"), ("entry", entry_id)))
    response = requests.post(base, timeout=30, headers={
        "Authorization": f"Token {token}", "Tus-Resumable": "1.0.0",
        "Upload-Length": str(size), "Upload-Metadata": meta})
    response.raise_for_status()
    return response.headers["Location"]


def tus_patch(location: str, token: str, path: Path, offset: int, count: int) -> int:
    """One PATCH sent with sendfile(), so the client costs next to nothing; returns the offset."""
    from urllib.parse import urlsplit

    parts = urlsplit(location)
    head = (f"PATCH {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nTus-Resumable: 1.0.0\r\n"
            f"Authorization: Token {token}\r\nUpload-Offset: {offset}\r\n"
            f"Content-Type: application/offset+octet-stream\r\nContent-Length: {count}\r\n"
            "Connection: close\r\n\r\n")
    with socket.create_connection((parts.hostname, parts.port)) as connection, \
            open(path, "rb") as handle:
        connection.sendall(head.encode())
        connection.sendfile(handle, offset, count)
        reply = b""
        while b"\r\n\r\n" not in reply:
            data = connection.recv(65536)
            if not data:
                break
            reply += data
    status = reply.split(b" ", 2)[1]
    if status != b"204":
        raise RuntimeError(reply.decode(errors="replace"))
    for line in reply.decode().split("\r\n"):
        if line.lower().startswith("upload-offset:"):
            return int(line.split(":", 1)[1])
    raise RuntimeError("no Upload-Offset in the reply")


def upload(base: str, token: str, entry_id: str, path: Path, chunk: int) -> tuple[float, float]:
    """Seconds for the whole upload, and for its last PATCH (which also finishes the upload)."""
    size = path.stat().st_size
    started = time.perf_counter()
    location = tus_create(base, token, entry_id, size)
    offset = last = 0
    while offset < size:
        last = time.perf_counter()
        offset = tus_patch(location, token, path, offset, min(chunk, size - offset))
    finished = time.perf_counter()
    return finished - started, finished - last


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--chunk-mib", type=int, default=64)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database-url", default=os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/marquee_bench_upload"))
    args = parser.parse_args()
    size = args.size_mib * MIB
    work = Path(tempfile.mkdtemp(prefix="marquee-bench-upload-"))
    gunicorn = None
    try:
        ensure_database(args.database_url)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local",
               "DJANGO_DEBUG": "False", "DATABASE_URL": args.database_url,
               "CELERY_BROKER_URL": "memory://", "CELERY_TASK_ALWAYS_EAGER": "False",
               "MARQUEE_VAR_DIR": str(work / "var"), "MARQUEE_MEDIA_ROOT": str(work / "media"),
               "MARQUEE_UPLOAD_DIR": str(work / "uploads"), "DJANGO_LOG_LEVEL": "WARNING"}
        token, entry_id, _ = prepare_database(env)
        source = work / "source.bin"
        print(f"Writing a {args.size_mib} MiB test file…", flush=True)
        expected = make_file(source, size)
        os.sync()  # start every measurement with the test file on disk, nothing to write back

        tcp_runs, cp_runs = [], []
        for _ in range(args.repeat):
            tcp_runs.append(loopback_copy(source, work / "tcp-copy.bin"))
            (work / "tcp-copy.bin").unlink()
            cp_runs.append(cp_copy(source, work / "cp-copy.bin"))
            (work / "cp-copy.bin").unlink()
            os.sync()
        tcp_s, cp_s = statistics.median(tcp_runs), statistics.median(cp_runs)

        port = free_port()
        env.update(GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS="1",
                   GUNICORN_THREADS="4", GUNICORN_ACCESS_LOG="/dev/null")
        gunicorn = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-c", "config/gunicorn.conf.py",
             "config.wsgi"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
        wait_for(port, gunicorn)
        # Django loads lazily: one request first, so the baseline includes the app itself.
        urllib.request.urlopen(urllib.request.Request(
            f"http://127.0.0.1:{port}/uploads/tus/", method="OPTIONS"), timeout=30).close()
        workers = children(gunicorn.pid)
        baseline = max(peak_rss_kib(pid) for pid in workers)
        runs = []
        for _ in range(args.repeat):
            runs.append(upload(f"http://127.0.0.1:{port}/uploads/tus/", token, entry_id, source,
                               args.chunk_mib * MIB))
            os.sync()
        upload_s = statistics.median(run[0] for run in runs)
        last_s = statistics.median(run[1] for run in runs)
        worker_peak = max(peak_rss_kib(pid) for pid in workers)
        master_peak = peak_rss_kib(gunicorn.pid)

        stored = list((work / "media" / "videos").rglob("*.bin"))
        matches = []
        for path in stored:
            with open(path, "rb") as handle:
                matches.append(hashlib.file_digest(handle, "sha256").hexdigest() == expected)

        mb = size / 1e6
        print(f"file: {args.size_mib} MiB, PATCH size {args.chunk_mib} MiB, gunicorn gthread, "
              "1 worker x 4 threads")
        print(f"stored files: {len(stored)}, SHA-256 all match: {all(matches)}; "
              f"medians of {args.repeat} runs")
        print(f"worker peak RSS: {worker_peak / 1024:.1f} MiB = {worker_peak * 1024 / 1e6:.0f} MB "
              f"(after a first request: {baseline / 1024:.1f} MiB, so the uploads added "
              f"{(worker_peak - baseline) / 1024:.1f} MiB); master: {master_peak / 1024:.1f} MiB")
        print(f"tus upload: {upload_s:.2f} s = {mb / upload_s:.0f} MB/s, of which the last "
              f"PATCH {last_s:.2f} s (its chunk, the SHA-256 pass and the move into storage)")
        print(f"loopback TCP copy to disk: {tcp_s:.2f} s = {mb / tcp_s:.0f} MB/s; "
              f"ratio tus/TCP copy: {tcp_s / upload_s:.2f}")
        print(f"cp on the same disk: {cp_s:.2f} s = {mb / cp_s:.0f} MB/s; "
              f"ratio tus/cp: {cp_s / upload_s:.2f}")
    finally:
        if gunicorn is not None:
            gunicorn.send_signal(signal.SIGTERM)
            gunicorn.wait(30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
