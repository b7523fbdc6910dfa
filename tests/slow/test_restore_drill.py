"""The restore drill: a backup is only as good as a restore that has been done.

Demo data (a small NEXTGEN contest with its 2025 winners, juries, rounds and scores) gets real
films made by FFmpeg and real posters; ``scripts/backup.sh`` backs it up; the database and the
media folder are wiped; ``scripts/restore.sh`` restores into a fresh database of another name
and an empty folder. Every table must hold the rows it held, every stored file the bytes it
held, and the restored schema must be the code's. A damaged backup and a non-empty target
are refused. The durations are printed (``-s``) for docs/operations.md.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from contest.models import Video

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True),
              pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parents[2]
FILMS = ("valid_1080p", "other_1080p", "low_720p", "webm_vp9", "hevc_mp4")
ROW_COUNTS = """
SELECT format('%I.%I', n.nspname, c.relname),
       (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I',
                                                   n.nspname, c.relname), false, true, '')))[1]
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg_toast%'
"""


def _url(database: str) -> str:
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    return (f"postgres://{quote(db['USER'], safe='')}{password}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{database}")


def _row_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        return {table: int(count) for table, count in conn.execute(ROW_COUNTS)}


def _file_sums(root: Path) -> dict[str, str]:
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*")) if path.is_file()}


def _run(script: str, *args: str, env: dict[str, str], check: bool = True):
    done = subprocess.run([str(ROOT / "scripts" / script), *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert not check or done.returncode == 0, f"{script} failed:\n{done.stderr[-3000:]}"
    return done


def _with_films(media_sample, tmp_path: Path) -> int:
    """Real bytes behind every demo video: films cycled from FFmpeg samples, and a poster
    frame for every third."""
    films = [media_sample(name) for name in FILMS]
    poster = tmp_path / "poster.jpg"
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-ss", "1", "-i", str(films[0]),
                    "-frames:v", "1", "-vf", "scale=480:-2", str(poster)], check=True)
    videos = list(Video.objects.order_by("pk"))
    for index, video in enumerate(videos):
        with open(films[index % len(films)], "rb") as film:
            default_storage.save(video.file.name, File(film))
        if index % 3 == 0:
            video.poster.save("poster.jpg", ContentFile(poster.read_bytes()))
    return len(videos)


@pytest.fixture
def restored_database():
    name = f"{connection.settings_dict['NAME']}_restored"
    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_every_row_and_every_file(settings, tmp_path, media_sample,
                                                    restored_database):
    started = time.perf_counter()
    call_command("load_demo", "--without-films", entries=60)  # the drill attaches its own
    films = _with_films(media_sample, tmp_path)
    loaded = time.perf_counter()
    media = Path(settings.MEDIA_ROOT)
    source_url = _url(connection.settings_dict["NAME"])
    rows, sums = _row_counts(source_url), _file_sums(media)
    env = {**os.environ, "PYTHON": sys.executable,
           "DJANGO_SETTINGS_MODULE": "config.settings.local",
           "DATABASE_URL": source_url, "MARQUEE_MEDIA_ROOT": str(media)}
    for name in [key for key in env if key.startswith("MARQUEE_S3_")]:
        del env[name]

    backup = Path(_run("backup.sh", str(tmp_path / "backups"), env=env).stdout.splitlines()[-1])
    backed_up = time.perf_counter()
    call_command("flush", interactive=False)
    shutil.rmtree(media)
    restored_media = tmp_path / "restored-media"
    target = {**env, "DATABASE_URL": _url(restored_database),
              "MARQUEE_MEDIA_ROOT": str(restored_media)}
    restore = _run("restore.sh", str(backup), env=target)
    finished = time.perf_counter()

    assert films > 40 and len(sums) == films + (films + 2) // 3
    assert rows["public.contest_entry"] > 60 and rows["public.judging_score"] > 0
    assert _row_counts(_url(restored_database)) == rows
    assert _file_sums(restored_media) == sums
    assert "match their checksums" in restore.stderr
    # The restored schema is the code's: no migration left to apply.
    migrations = subprocess.run([sys.executable, "manage.py", "migrate", "--check"], cwd=ROOT,
                                env=target, capture_output=True, text=True, timeout=300)
    assert migrations.returncode == 0, migrations.stdout + migrations.stderr

    again = _run("restore.sh", str(backup), env=target, check=False)
    assert again.returncode != 0 and "restore into a fresh one" in again.stderr
    damaged = tmp_path / "damaged"
    shutil.copytree(backup, damaged)
    with open(damaged / "media.tar", "r+b") as tar:
        tar.seek(4096)
        byte = tar.read(1)
        tar.seek(4096)
        tar.write(bytes([byte[0] ^ 0xFF]))
    refused = _run("restore.sh", str(damaged), env=target, check=False)
    assert refused.returncode != 0 and "do not match SHA256SUMS" in refused.stderr

    size = sum(path.stat().st_size for path in backup.iterdir())
    print(f"\nrestore drill: {len(rows)} tables, {sum(rows.values())} rows, {len(sums)} files,"
          f" backup folder {size / 1e6:.1f} MB; load {loaded - started:.1f} s, backup "
          f"{backed_up - loaded:.1f} s, wipe and restore with checks "
          f"{finished - backed_up:.1f} s, drill {finished - started:.1f} s")
