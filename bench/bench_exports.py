"""Exports at full size: seconds and peak memory for CSV, XLSX and PDF of 4,600 results.

Builds a contest of 4,600 scored entries (names and titles in Latin, CJK, Hangul, Arabic,
Cyrillic and Turkish) in a database of its own, then exports the full results once per
format, each in a fresh process so its peak memory is its own: wall seconds, the peak of
Python allocations (tracemalloc) and the growth of the resident set (ru_maxrss).

    python bench/bench_exports.py [--entries 4600] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _judging_data import build, drop_database, use_database  # noqa: E402

DATABASE = "marquee_bench_exports"
FORMATS = ("csv", "xlsx", "pdf")
NAMES = [
    ("曹一哲", "Cao Yizhe", "月光的回声"),
    ("محمد الأحمد", "Mohammed Al-Ahmad", "ظل القمر"),
    ("Анна Петрова", "Anna Petrova", "Тихий город"),
    ("Çağrı Işık", "Cagri Isik", "Güneşin İzi"),
    ("김민준", "Kim Minjun", "바다의 노래"),
    ("さくら 山田", "Sakura Yamada", "春の夢"),
]


def localise(contest_id: int) -> None:
    """Give entrants and titles names in many scripts, a credit each, and three awards."""
    from accounts.models import User
    from contest.enums import CreditRole
    from contest.models import Credit, Entry
    from judging.models import Award, AwardPlacement

    entries = list(Entry.objects.filter(contest_id=contest_id).select_related("entrant"))
    users = []
    for index, entry in enumerate(entries):
        native, latin, title = NAMES[index % len(NAMES)]
        entry.title_original = f"{title} {index}"
        entry.entrant.name_native = f"{native} {index}"
        entry.entrant.name_latin = f"{latin} {index}"
        users.append(entry.entrant)
    Entry.objects.bulk_update(entries, ["title_original"], batch_size=2000)
    User.objects.bulk_update(users, ["name_native", "name_latin"], batch_size=2000)
    Credit.objects.bulk_create(
        Credit(entry=entry, name_native=entry.entrant.name_native,
               name_latin=entry.entrant.name_latin, role=CreditRole.DIRECTOR,
               country=entry.entrant.country)
        for entry in entries
    )
    awards = [Award.objects.create(contest_id=contest_id, name=name, places=places, order=i)
              for i, (name, places) in enumerate([("Grand Prize", 1), ("Jury Prize", 3),
                                                  ("Best Visual Effects", 5)])]
    placements, index = [], 0
    for award in awards:
        for place in range(1, award.places + 1):
            placements.append(AwardPlacement(award=award, place=place, entry=entries[index]))
            index += 1
    AwardPlacement.objects.bulk_create(placements)


def child(fmt: str, what: str, trace: bool) -> None:
    """Run one export into a null sink and print its figures as JSON."""
    import django

    django.setup()
    from contest.models import Contest
    from judging.exports import build_export
    from judging.exports.fonts import load_fonts

    contest = Contest.objects.get(slug="bench")
    if fmt == "pdf":
        load_fonts()  # font files are parsed once per process; count the export, not that
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if trace:
        tracemalloc.start()
    started, started_cpu = time.perf_counter(), time.process_time()
    size = 0
    for chunk in build_export(contest=contest, what=what, fmt=fmt).chunks:
        size += len(chunk)
    seconds, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mib": peak / 2**20,
                      "rss_growth_mib": (rss_after - rss_before) / 1024,
                      "bytes": size}))


def run_child(fmt: str, what: str, *, trace: bool) -> dict:
    """One export in a fresh process; tracing allocations slows it, so time an untraced run."""
    command = [sys.executable, __file__, "--child", fmt, "--what", what]
    if trace:
        command.append("--trace")
    result = subprocess.run(command, capture_output=True, text=True, check=True, env=os.environ)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=4600)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--child", choices=FORMATS, help=argparse.SUPPRESS)
    parser.add_argument("--what", default="results", help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.what, args.trace)
        return

    use_database(DATABASE)
    try:
        ids = build(entries=args.entries, jurors=60, scored_share=1.0)
        localise(ids["contest"])
        from django.db import connections

        connections.close_all()
        print(f"{args.entries} entries, {ids['scores']} scores; full results export per format")
        print(f"{'format':<7}{'wall s':>8}{'CPU s':>8}{'py peak MiB':>13}{'RSS +MiB':>10}"
              f"{'size KiB':>10}")
        for fmt in FORMATS:
            timed = run_child(fmt, "results", trace=False)
            traced = run_child(fmt, "results", trace=True)
            print(f"{fmt:<7}{timed['seconds']:>8.2f}{timed['cpu']:>8.2f}"
                  f"{traced['peak_mib']:>13.1f}{timed['rss_growth_mib']:>10.1f}"
                  f"{timed['bytes'] / 1024:>10.0f}")
    finally:
        if not args.keep:
            drop_database(DATABASE)


if __name__ == "__main__":
    main()
