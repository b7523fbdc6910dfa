"""Benchmark of the automatic assignment: 4,600 entries x 3 jurors over 60 jurors, ~5% conflicts.

Run: python bench/bench_assignment.py [--repeat 5] [--entries 4600] [--jurors 60]
Prints the median seconds and the load spread of a first assignment, then of a re-run after
two jurors leave (with the pairs moved) and after two jurors join. No database is used.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from judging.assignment import assign, assignment_quality, loads_of  # noqa: E402


def timed(repeat: int, call):
    seconds, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=4600)
    parser.add_argument("--jurors", type=int, default=60)
    parser.add_argument("--per-entry", type=int, default=3)
    parser.add_argument("--conflict-rate", type=float, default=0.05)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    entries = list(range(args.entries))
    jurors = list(range(args.jurors))
    conflicts = {(e, j) for e in entries for j in jurors if rng.random() < args.conflict_rate}
    languages = ["en", "es", "fr", "ja", "zh", "pt"]
    entry_language = {e: rng.choice(languages) for e in entries}
    juror_languages = {j: set(rng.sample(languages, 2)) for j in jurors}
    preferences = {(e, j): 1.0 for e in entries for j in jurors
                   if entry_language[e] in juror_languages[j]}
    k = args.per_entry
    print(f"{args.entries} entries x {k} jurors over {args.jurors} jurors, "
          f"{len(conflicts)} conflicts ({len(conflicts) / (args.entries * args.jurors):.1%}), "
          f"{len(preferences)} language matches, median of {args.repeat} runs")

    seconds, first = timed(args.repeat, lambda: assign(entries, jurors, k, conflicts,
                                                      preferences=preferences))
    quality = assignment_quality(first, jurors, preferences=preferences)
    assert all((e, j) not in conflicts for e, js in first.items() for j in js)
    print(f"first assignment: {seconds:.2f} s, loads {quality.min_load}-{quality.max_load} "
          f"(spread {quality.spread}), language match {quality.preferred_pairs}"
          f"/{args.entries * k} pairs")

    fewer = jurors[2:]
    seconds, second = timed(args.repeat, lambda: assign(entries, fewer, k, conflicts,
                                                       existing=first, preferences=preferences))
    quality = assignment_quality(second, fewer, existing=first, preferences=preferences)
    leaving = sum(loads_of(first).get(j, 0) for j in jurors[:2])
    print(f"two jurors leave: {seconds:.2f} s, loads {quality.min_load}-{quality.max_load} "
          f"(spread {quality.spread}), moved {quality.moved} pairs "
          f"(the two jurors held {leaving})")

    more = [*jurors, args.jurors, args.jurors + 1]
    seconds, third = timed(args.repeat, lambda: assign(entries, more, k, conflicts,
                                                      existing=first, preferences=preferences))
    quality = assignment_quality(third, more, existing=first, preferences=preferences)
    print(f"two jurors join: {seconds:.2f} s, loads {quality.min_load}-{quality.max_load} "
          f"(spread {quality.spread}), moved {quality.moved} pairs "
          f"(the newcomers' even share: {2 * (args.entries * k // len(more))})")


if __name__ == "__main__":
    main()
