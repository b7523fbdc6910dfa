from judging.selectors.awards import Flag, multiple_award_flags, tie_flags


class _Placement:
    def __init__(self, entry_id, award_id):
        self.entry_id = entry_id
        self.award_id = award_id


def test_tie_flags_marks_awarded_entry_level_with_unawarded_one():
    ranking = [(1, 9.0), (2, 8.5), (3, 8.5), (4, 7.0)]

    assert tie_flags(ranking, placed={1, 2}) == [Flag("tie", 2, [3])]


def test_tie_flags_ignores_ties_inside_the_awarded_group():
    ranking = [(1, 9.0), (2, 9.0), (3, 8.0)]

    assert tie_flags(ranking, placed={1, 2}) == []


def test_multiple_award_flags_lists_entries_with_two_awards():
    placements = [_Placement(5, 1), _Placement(5, 2), _Placement(6, 1)]

    assert multiple_award_flags(placements) == [Flag("multiple_awards", 5, [1, 2])]
