"""Cost of checking entry materials, and the query counts of the pages that show them.

1. Validation of three typical large materials, each in its capped child process, as the
   worker runs it: a 90-minute feature's SRT (1,800 two-line cues), a 40-megapixel still
   (7,744 × 5,164 JPEG with camera noise) and a 200-page PDF (a line of text per page). Prints
   the median wall-clock time and the child's peak resident memory over ``--repeat`` runs.
2. Query counts of the entrant's entry page and the juror's score page with 1 and with 10
   materials (poster, 5 stills, 4 subtitle files), on a database of its own.

    python bench/bench_materials.py [--repeat 5] [--database-url URL]
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MIB = 1024 * 1024


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--megapixels", type=float, default=40.0)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--minutes", type=int, default=90)
    parser.add_argument("--database-url", default=os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/marquee_bench_materials"))
    return parser.parse_args()


def _still(megapixels: float) -> bytes:
    from PIL import Image

    width = int((megapixels * 1e6 * 1.5) ** 0.5)
    height = int(megapixels * 1e6 / width)
    # Noise makes the encoder and decoder work as on a real photograph (a flat picture
    # compresses to nothing and decodes in no time).
    picture = Image.effect_noise((width, height), 40).convert("RGB")
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=92)
    return out.getvalue()


def _document(pages: int) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.setAuthor("Bench Author")
    for page in range(pages):
        pdf.drawString(72, 770, f"INT. STATION - NIGHT. Page {page + 1}.")
        pdf.drawString(72, 750, "She waits by the window. The last train does not come.")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def _measure(kind: str, data: bytes, repeat: int, **options) -> tuple[float, float, int]:
    from contest.media.materials import check_material

    times, peaks = [], []
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.bin"
        source.write_bytes(data)
        for _ in range(repeat):
            out = Path(tempfile.mkdtemp(dir=folder))
            result = check_material(kind, source, out, max_bytes=len(data) + 1, **options)
            assert result.ok, result.refusals
            times.append(result.elapsed_s)
            peaks.append(result.peak_bytes)
    return statistics.median(times), statistics.median(peaks) / MIB, len(data)


def validation(args: argparse.Namespace) -> None:
    from tests import material_samples as samples

    cases = [
        (f"{args.minutes}-minute SRT", "subtitle", samples.feature_srt(args.minutes),
         {"language": "en", "duration_s": args.minutes * 60.0 + 60}),
        (f"{args.megapixels:g}-megapixel JPEG still", "image", _still(args.megapixels), {}),
        (f"{args.pages}-page PDF", "document", _document(args.pages), {}),
    ]
    print(f"Checks in the capped child, medians of {args.repeat} runs:")
    print(f"{'material':32} {'size':>10} {'wall s':>8} {'peak RSS MiB':>13}")
    for label, kind, data, options in cases:
        seconds, peak, size = _measure(kind, data, args.repeat, **options)
        print(f"{label:32} {size / MIB:9.2f}M {seconds:8.3f} {peak:13.1f}")


def _ensure_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _count(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(queries)


def query_counts(args: argparse.Namespace) -> None:
    from django.core.management import call_command
    from django.test import Client, override_settings
    from django.urls import reverse

    from config.celery_app import app

    call_command("migrate", verbosity=0)
    # The checks run in this process, as the test suite runs them, not on a worker.
    app.conf.task_always_eager = True
    with override_settings(ALLOWED_HOSTS=["*"], MEDIA_ROOT=tempfile.mkdtemp()):
        entrant, juror, entry, assignment = _world()
        pages = {"entry page (entrant)": (entrant, reverse(
                     "contest:entry_detail", kwargs={"pk": entry.pk})),
                 "score page (juror)": (juror, reverse(
                     "judging:score", kwargs={"assignment_id": assignment.pk}))}
        counts = {name: [] for name in pages}
        for step in ("1", "10"):
            _add_materials(entry, 1 if step == "1" else 9)
            for name, (user, url) in pages.items():
                client = Client()
                client.force_login(user)
                counts[name].append(statistics.median(_count(client, url) for _ in range(3)))
    print("\nQueries per page view (median of 3), with 1 and with 10 materials:")
    for name, (one, ten) in counts.items():
        print(f"{name:24} 1: {one:4.1f}   10: {ten:4.1f}")


def _world():
    import uuid

    from django.utils import timezone

    from accounts.enums import Role
    from accounts.services import add_role
    from judging.models import Assignment
    from tests.factories import ContestFactory, EntryFactory, UserFactory
    from tests.judging.factories import JurorFactory, RoundFactory, add_rubric

    contest = ContestFactory(slug=f"bench-materials-{uuid.uuid4().hex[:8]}",
                             opens_at=timezone.now() - timezone.timedelta(days=1))
    entrant, juror = UserFactory(), UserFactory()
    add_role(user=entrant, role=Role.ENTRANT)
    add_role(user=juror, role=Role.JUROR)
    entry = EntryFactory(contest=contest, entrant=entrant)
    round_ = RoundFactory(contest=contest)
    add_rubric(round_)
    assignment = Assignment.objects.create(round=round_, entry=entry,
                                           juror=JurorFactory(contest=contest, user=juror))
    return entrant, juror, entry, assignment


def _add_materials(entry, count: int) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction

    from contest.services.materials import upload_material
    from tests import material_samples as samples

    plan = ([("poster", "", samples.image())] if count == 1 else
            [("still", "", samples.image())] * 5
            + [("subtitle", lang, samples.srt(5)) for lang in ("en", "fr", "de", "es")])
    for kind, language, data in plan:
        with transaction.atomic():
            upload_material(entry=entry, by=entry.entrant, kind=kind, language=language,
                            upload=SimpleUploadedFile(f"m.{kind}", data))


def main() -> None:
    args = _parse()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    _ensure_database(args.database_url)
    import django

    django.setup()
    validation(args)
    query_counts(args)


if __name__ == "__main__":
    main()
