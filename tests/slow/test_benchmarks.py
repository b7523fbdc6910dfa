"""Every benchmark under bench/ still runs, each at a toy size.

The figures in docs/ come from full-size runs on a quiet machine; this only makes sure a change
to the code does not leave a benchmark broken until the next person needs it. Each benchmark
builds and drops its own database on the local PostgreSQL server.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SERVER = "postgres://postgres@127.0.0.1:5432"
SMOKE_DATABASE = "marquee_bench_smoke"

# bench_validation.py is left out: it encodes a minute of 1080p video before it measures.
BENCHMARKS = {
    "bench_assignment.py": ["--entries", "120", "--jurors", "8", "--repeat", "1"],
    "bench_bulk_messages.py": ["--entrants", "120", "--small", "40"],
    "bench_calibration.py": ["--seeds", "1", "--screening-entries", "300"],
    "bench_dashboard.py": ["--entries", "120", "--jurors", "8", "--repeat", "2"],
    "bench_deactivation.py": ["--entries", "120", "--jurors", "8", "--repeat", "2"],
    "bench_duplicates.py": ["--films", "50", "--repeat", "1"],
    "bench_entries.py": ["--entries", "120", "--requests", "3",
                         "--database-url", f"{SERVER}/{SMOKE_DATABASE}"],
    "bench_exports.py": ["--entries", "120"],
    "bench_materials.py": ["--repeat", "1", "--megapixels", "2", "--pages", "10", "--minutes", "5",
                           "--database-url", f"{SERVER}/{SMOKE_DATABASE}"],
    "bench_questions.py": ["--entries", "40", "--repeat", "2"],
    "bench_results.py": ["--entries", "120", "--jurors", "8", "--repeat", "2", "--changes", "1"],
    "bench_upload.py": ["--size-mib", "8", "--chunk-mib", "2", "--repeat", "1",
                        "--database-url", f"{SERVER}/{SMOKE_DATABASE}"],
    "load_scoring.py": ["--jurors", "6", "--entries", "120", "--seconds", "5"],
    "load_deadline.py": ["--entrants", "6", "--jurors", "3", "--entries", "120",
                         "--seconds", "8"],
    "profile_requests.py": ["--runs", "3"],
}


def _drop_smoke_database() -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{SMOKE_DATABASE}" WITH (FORCE)')


@pytest.mark.parametrize(("script", "args"), BENCHMARKS.items(), ids=list(BENCHMARKS))
def test_benchmark_runs_and_prints_figures(script, args):
    # As from a shell: not inside this test run's settings and database.
    env = {key: value for key, value in os.environ.items()
           if key not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    try:
        run = subprocess.run([sys.executable, str(ROOT / "bench" / script), *args], cwd=ROOT,
                             env=env, capture_output=True, text=True, timeout=600)
    finally:
        _drop_smoke_database()
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-4000:]
    # Figures, not just a clean exit: at least one measured decimal number.
    assert re.search(r"\d\.\d", run.stdout), run.stdout[-2000:]
