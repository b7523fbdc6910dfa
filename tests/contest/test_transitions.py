import pytest

from contest import transitions
from contest.enums import EntryStatus
from contest.models import Entry
from core.errors import ContestError

EXPECTED = {
    ("draft", "submit"): "submitted",
    ("withdrawn", "submit"): "submitted",
    ("submitted", "withdraw"): "withdrawn",
    ("eligible", "withdraw"): "withdrawn",
    ("submitted", "disqualify"): "disqualified",
    ("eligible", "disqualify"): "disqualified",
    ("disqualified", "reinstate"): "submitted",
    ("submitted", "video_valid"): "eligible",
    ("draft", "video_valid"): "draft",
    ("withdrawn", "video_valid"): "withdrawn",
    ("eligible", "video_valid"): "eligible",
    ("eligible", "video_replaced"): "submitted",
    ("submitted", "video_replaced"): "submitted",
    ("draft", "video_replaced"): "draft",
    ("withdrawn", "video_replaced"): "withdrawn",
    ("eligible", "video_refused"): "submitted",
    ("submitted", "video_refused"): "submitted",
    ("draft", "video_refused"): "draft",
    ("withdrawn", "video_refused"): "withdrawn",
}

ALL_PAIRS = [(status, event) for status in EntryStatus.values for event in transitions.EVENTS]


@pytest.mark.parametrize(("status", "event"), ALL_PAIRS)
def test_apply_follows_table_for_every_status_and_event(status, event):
    entry = Entry(status=status)
    expected = EXPECTED.get((status, event))
    if expected is None:
        with pytest.raises(ContestError) as caught:
            transitions.apply(entry, event)
        assert caught.value.code == "invalid_transition"
        assert entry.status == status
    else:
        transitions.apply(entry, event)
        assert entry.status == expected


def test_transitions_table_equals_documented_lifecycle():
    assert {key: str(value) for key, value in transitions.TRANSITIONS.items()} == EXPECTED


def test_apply_unknown_event_is_invalid_transition():
    with pytest.raises(ContestError) as caught:
        transitions.apply(Entry(status="draft"), "publish")
    assert caught.value.code == "invalid_transition"


def test_disqualified_entry_cannot_become_eligible_by_video():
    entry = Entry(status=EntryStatus.DISQUALIFIED)
    assert transitions.can_apply(entry, "video_valid") is False
