"""Benchmark of the automatic assignment: 4,600 entries x 3 jurors over 60 jurors, ~5% conflicts.

Run: python bench/bench_assignment.py [--repeat 5] [--entries 4600] [--jurors 60]
Prints the median seconds and the load spread of a first assignment, then of a re-run after
two jurors leave (with the pairs moved), after two jurors join and after one juror is
deactivated (the other jurors' pairs held, as the jurors page does, and a full rebalance for
comparison), then the same first assignment under the language rule: entries in 30
languages (a few common, many rare), jurors knowing 1-4 languages each (most the common one,
the rest drawn with the entries' frequencies), and every language known by at least
``per_entry`` + 2 jurors. No database is used (``bench_deactivation.py`` times the service).
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
from judging.languages import language_conflicts, shortfalls  # noqa: E402

LANGUAGES = 30


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

    deactivation_case(args, entries, jurors, conflicts, preferences, first)
    language_case(args, rng, entries, jurors, conflicts)


def deactivation_case(args, entries, jurors, conflicts, preferences, first) -> None:
    """One juror deactivated mid-round, as ``juror_seats.deactivate_juror`` assigns again:
    every other juror's pairs are held (locked), only the juror's places are filled. Compared
    with the full rebalance a plain re-run would do."""
    k, gone, rest = args.per_entry, jurors[0], jurors[1:]
    held = {e: [j for j in js if j != gone] for e, js in first.items()}
    seconds, kept = timed(args.repeat, lambda: assign(
        entries, rest, k, conflicts, existing=first, preferences=preferences, locked=held))
    quality = assignment_quality(kept, rest, existing=first, preferences=preferences)
    load = loads_of(first).get(gone, 0)
    print(f"one juror deactivated, others held: {seconds:.2f} s, moved {quality.moved} pairs "
          f"(the juror held {load}), loads {quality.min_load}-{quality.max_load} "
          f"(spread {quality.spread})")
    seconds, rebalanced = timed(args.repeat, lambda: assign(
        entries, rest, k, conflicts, existing=first, preferences=preferences))
    quality = assignment_quality(rebalanced, rest, existing=first, preferences=preferences)
    print(f"one juror deactivated, full rebalance: {seconds:.2f} s, moved {quality.moved} "
          f"pairs, loads {quality.min_load}-{quality.max_load} (spread {quality.spread})")


def language_case(args, rng, entries, jurors, conflicts) -> None:
    k = args.per_entry
    # At a toy size a few jurors cannot cover 30 languages with k + 2 readers each.
    count = min(LANGUAGES, len(jurors) * 4 // (k + 2))
    codes = [f"l{i:02d}" for i in range(count)]
    weights = [1 / (rank + 1) for rank in range(count)]  # Zipf: a few common, many rare
    entry_languages = {e: frozenset(rng.choices(codes, weights)) for e in entries}
    # Most jurors read the common language; the others are drawn with the entries' frequencies;
    # then every language gets k jurors and two spare (for conflicts), given to the polyglots
    # first, never beyond four languages.
    juror_languages = {j: {codes[0]} if rng.random() < 0.8 else set() for j in jurors}
    for j in jurors:
        wanted = rng.randint(1, 4)
        while len(juror_languages[j]) < wanted:
            juror_languages[j].add(rng.choices(codes, weights)[0])
    for code in codes:
        knowing = [j for j in jurors if code in juror_languages[j]]
        spare = sorted((j for j in jurors if code not in juror_languages[j]
                        and len(juror_languages[j]) < 4),
                       key=lambda j: (-len(juror_languages[j]), rng.random()))
        for j in spare[:max(0, k + 2 - len(knowing))]:
            juror_languages[j].add(code)
    avoid = language_conflicts(entry_languages, juror_languages)
    assert not shortfalls(entry_languages, juror_languages, k)
    # A rare language with five jurors, two of them conflicted, leaves an entry short: the
    # organiser would relax the rule for it; here its conflicts are dropped instead.
    able = {e: [j for j in jurors if (e, j) not in avoid and (e, j) not in conflicts]
            for e in entries}
    short = {e for e, js in able.items() if len(js) < k}
    conflicts = {(e, j) for e, j in conflicts if e not in short}
    print(f"language rule: {count} languages, jurors know "
          f"{min(map(len, juror_languages.values()))}-{max(map(len, juror_languages.values()))}"
          f", {len(avoid)} pairs a juror cannot follow "
          f"({len(avoid) / (len(entries) * len(jurors)):.0%}); conflicts dropped for "
          f"{len(short)} entries left short")
    seconds, result = timed(args.repeat, lambda: assign(entries, jurors, k, conflicts | avoid))
    quality = assignment_quality(result, jurors)
    assert all((e, j) not in avoid for e, js in result.items() for j in js)
    print(f"first assignment under the language rule: {seconds:.2f} s, loads "
          f"{quality.min_load}-{quality.max_load} (spread {quality.spread})")


if __name__ == "__main__":
    main()
