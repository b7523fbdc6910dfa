"""The final vote's counting, on textbook examples."""

from judging.voting import approval_tiers, pairwise, schulze


def ballots_from(groups):
    """``[(count, "ACBED")]`` to ranked ballots {candidate: rank}."""
    return [{c: rank for rank, c in enumerate(order, start=1)}
            for count, order in groups for _ in range(count)]


# The example of the Wikipedia article "Schulze method": 45 voters, five candidates.
WIKIPEDIA = [(5, "ACBED"), (5, "ADECB"), (8, "BEDAC"), (3, "CABED"), (7, "CAEBD"),
             (2, "CBADE"), (7, "DCEBA"), (8, "EBADC")]


def test_schulze_wikipedia_example_elects_e_then_a_c_b_d():
    result = schulze(list("ABCDE"), ballots_from(WIKIPEDIA))
    assert result.tiers == [["E"], ["A"], ["C"], ["B"], ["D"]]


def test_schulze_wikipedia_pairwise_and_strongest_paths():
    result = schulze(list("ABCDE"), ballots_from(WIKIPEDIA))
    assert [result.d["A"][x] for x in "BCDE"] == [20, 26, 30, 22]
    assert [result.d["E"][x] for x in "ABCD"] == [23, 27, 21, 31]
    # The article's table of strongest paths.
    assert [result.p["A"][x] for x in "BCDE"] == [28, 28, 30, 24]
    assert [result.p["E"][x] for x in "ABCD"] == [25, 28, 28, 31]
    assert [result.p["D"][x] for x in "ABCE"] == [25, 28, 28, 24]


def test_schulze_condorcet_cycle_of_equal_strength_is_a_tie():
    # A > B > C > A, each by 2 to 1: nothing separates them.
    result = schulze(list("ABC"), ballots_from([(1, "ABC"), (1, "BCA"), (1, "CAB")]))
    assert result.tiers == [["A", "B", "C"]]


def test_schulze_condorcet_winner_wins_and_unranked_candidates_come_last():
    result = schulze(list("ABC"), [{"B": 1}, {"B": 1, "A": 2}, {"A": 1, "B": 2}])
    assert result.tiers == [["B"], ["A"], ["C"]]
    assert pairwise(list("ABC"), [{"B": 1}])["B"] == {"A": 1, "C": 1}


def test_schulze_equal_ranks_on_a_ballot_prefer_neither():
    d = pairwise(list("AB"), [{"A": 1, "B": 1}])
    assert d == {"A": {"B": 0}, "B": {"A": 0}}


def test_approval_counts_and_ties():
    tiers, counts = approval_tiers(list("ABCD"), [{"A", "B"}, {"A"}, {"B", "C"}, {"A"}])
    assert counts == {"A": 3, "B": 2, "C": 1, "D": 0}
    assert tiers == [["A"], ["B"], ["C"], ["D"]]
    tied, _counts = approval_tiers(list("AB"), [{"A"}, {"B"}])
    assert tied == [["A", "B"]]
