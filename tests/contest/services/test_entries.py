from datetime import timedelta

import pytest
from django.utils import timezone

from contest.enums import EditPolicy, EntryStatus
from contest.models import Entry
from contest.services import entries as services
from core.errors import ConflictError, ContestError, PermissionDeniedError
from core.models import AuditEvent
from tests.factories import EntryFactory, UserFactory

pytestmark = pytest.mark.django_db

ENTRY_DATA = {
    "category": "narrative",
    "title_original": "曹一哲の映画 🎬",
    "title_english": "A Film",
    "original_language": "zh-hans",
    "synopsis_original": "<b>不</b>",
    "synopsis_english": "Plain.",
    "runtime_s": 300,
    "ai_tools": ["kling", "sora"],
    "rights_declared": True,
    "rules_consent": True,
}
CREDITS = [{"name_native": "魏铮", "name_latin": "Wei Zheng", "role": "director", "country": "CN"}]


def test_create_entry_stores_draft_credits_consent_and_audit(open_contest, entrant):
    entry = services.create_entry(contest=open_contest, entrant=entrant, data=ENTRY_DATA,
                                  credits=CREDITS)
    entry.refresh_from_db()
    assert (entry.status, entry.title_original, entry.synopsis_original) == (
        "draft", "曹一哲の映画 🎬", "<b>不</b>")
    assert entry.rules_consent_version == "2.1"
    assert list(entry.credits.values_list("name_native", "name_latin", "country")) == [
        ("魏铮", "Wei Zheng", "CN")]
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["entry.create"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"category": "no-such-category"}, "category"),
        ({"original_language": "xx-unknown"}, "original_language"),
        ({"ai_tools": ["hal9000"]}, "ai_tools"),
        ({"title_original": "x" * 301}, "title_original"),
        ({"title_english": ""}, "title_english"),
        ({"runtime_s": 1}, "runtime_s"),
        ({"synopsis_english": "a\x00b"}, "synopsis_english"),
    ],
)
def test_create_entry_bad_field_is_refused_with_field_error(open_contest, entrant, change, field):
    with pytest.raises(ContestError) as caught:
        services.create_entry(contest=open_contest, entrant=entrant,
                              data={**ENTRY_DATA, **change}, credits=CREDITS)
    assert (caught.value.code, list(caught.value.fields)) == ("invalid", [field])
    assert Entry.objects.count() == 0


def test_create_entry_unknown_credit_country_is_refused(open_contest, entrant):
    with pytest.raises(ContestError) as caught:
        services.create_entry(contest=open_contest, entrant=entrant, data=ENTRY_DATA,
                              credits=[{**CREDITS[0], "country": "XX"}])
    assert list(caught.value.fields) == ["credits.0.country"]


def test_create_entry_category_of_other_contest_is_refused(open_contest, entrant):
    other = EntryFactory()
    with pytest.raises(ContestError) as caught:
        services.create_entry(contest=open_contest, entrant=entrant,
                              data={**ENTRY_DATA, "category": other.category}, credits=[])
    assert list(caught.value.fields) == ["category"]


def test_update_entry_stale_version_is_conflict(make_entry, entrant):
    entry = make_entry()
    services.update_entry(entry=entry, by=entrant, data={"title_english": "One"},
                          expected_version=1)
    with pytest.raises(ConflictError):
        services.update_entry(entry=entry, by=entrant, data={"title_english": "Two"},
                              expected_version=1)
    entry.refresh_from_db()
    assert (entry.title_english, entry.version) == ("One", 2)


def test_update_entry_replaces_credits_when_given(make_entry, entrant):
    entry = make_entry()
    services.update_entry(entry=entry, by=entrant, data={}, credits=CREDITS, expected_version=1)
    assert list(entry.credits.values_list("name_native", flat=True)) == ["魏铮"]


def test_update_entry_by_other_user_is_denied(make_entry, other_entrant):
    entry = make_entry()
    with pytest.raises(PermissionDeniedError):
        services.update_entry(entry=entry, by=other_entrant, data={}, expected_version=1)


def test_update_submitted_entry_allowed_until_close(make_entry, entrant):
    entry = make_entry(status=EntryStatus.SUBMITTED)
    services.update_entry(entry=entry, by=entrant, data={"title_english": "New"},
                          expected_version=1)
    assert Entry.objects.get().title_english == "New"


def test_update_submitted_entry_refused_when_locked(make_entry, entrant, open_contest):
    open_contest.edit_policy = EditPolicy.LOCKED
    open_contest.save()
    entry = make_entry(status=EntryStatus.ELIGIBLE)
    with pytest.raises(ContestError) as caught:
        services.update_entry(entry=entry, by=entrant, data={"title_english": "New"},
                              expected_version=1)
    assert caught.value.code == "not_editable"


def test_update_submitted_entry_refused_after_close(make_entry, entrant, open_contest):
    entry = make_entry(status=EntryStatus.SUBMITTED)
    open_contest.closes_at = timezone.now() - timedelta(seconds=1)
    open_contest.opens_at = open_contest.closes_at - timedelta(days=1)
    open_contest.save()
    with pytest.raises(ContestError) as caught:
        services.update_entry(entry=entry, by=entrant, data={"title_english": "x"},
                              expected_version=1)
    assert caught.value.code == "not_editable"


def test_submit_entry_with_valid_video_becomes_eligible(make_entry, entrant):
    entry = make_entry()
    services.submit_entry(entry=entry, by=entrant)
    entry.refresh_from_db()
    assert (entry.status, entry.version) == ("eligible", 2)
    assert entry.submitted_at is not None
    assert list(AuditEvent.objects.values_list("action", "before", "after")) == [
        ("entry.submit", {"status": "draft", "version": 1}, {"status": "eligible", "version": 2})]


def test_submit_entry_with_video_in_validation_stays_submitted(make_entry, entrant):
    entry = make_entry(video_status="validating")
    services.submit_entry(entry=entry, by=entrant)
    assert Entry.objects.get().status == "submitted"


@pytest.mark.parametrize(("video_status", "code"), [(None, "video_missing"),
                                                    ("invalid", "video_invalid")])
def test_submit_entry_without_usable_video_is_refused(make_entry, entrant, video_status, code):
    entry = make_entry(video_status=video_status)
    with pytest.raises(ContestError) as caught:
        services.submit_entry(entry=entry, by=entrant)
    assert caught.value.code == code
    assert Entry.objects.get().status == "draft"


def test_submit_entry_at_opening_second_is_accepted(make_entry, entrant, open_contest):
    entry = make_entry()
    services.submit_entry(entry=entry, by=entrant, at=open_contest.opens_at)
    assert Entry.objects.get().status == "eligible"


def test_submit_entry_at_closing_second_is_refused(make_entry, entrant, open_contest):
    entry = make_entry()
    with pytest.raises(ContestError) as caught:
        services.submit_entry(entry=entry, by=entrant, at=open_contest.closes_at)
    assert caught.value.code == "contest_closed"


def test_submit_entry_one_microsecond_before_close_is_accepted(make_entry, entrant, open_contest):
    entry = make_entry()
    services.submit_entry(entry=entry, by=entrant,
                          at=open_contest.closes_at - timedelta(microseconds=1))
    assert Entry.objects.get().status == "eligible"


def test_submit_entry_before_opening_is_refused(make_entry, entrant, open_contest):
    entry = make_entry()
    with pytest.raises(ContestError) as caught:
        services.submit_entry(entry=entry, by=entrant,
                              at=open_contest.opens_at - timedelta(microseconds=1))
    assert caught.value.code == "contest_closed"


def test_submit_entry_from_excluded_country_gets_clear_message(make_entry, entrant, open_contest):
    open_contest.excluded_countries = ["JP", "KP"]
    open_contest.save()
    entry = make_entry()
    with pytest.raises(ContestError) as caught:
        services.submit_entry(entry=entry, by=entrant)
    assert (caught.value.code, str(caught.value.message)) == (
        "country_not_eligible", "Entrants from Japan cannot take part in this contest.")


def test_submit_entry_without_consent_is_refused_with_fields(make_entry, entrant):
    entry = make_entry(rights_declared=False, rules_consent_version="1.0")
    with pytest.raises(ContestError) as caught:
        services.submit_entry(entry=entry, by=entrant)
    assert (caught.value.code, sorted(caught.value.fields)) == (
        "consent_missing", ["rights_declared", "rules_consent"])


def test_submit_entry_consent_at_submission_records_rules_version(make_entry, entrant):
    entry = make_entry(rules_consent_version="")
    at = timezone.now()
    services.submit_entry(entry=entry, by=entrant, at=at, rules_consent=True)
    entry.refresh_from_db()
    assert (entry.rules_consent_version, entry.rules_consented_at) == ("2.1", at)


def test_submit_entry_over_limit_is_refused(make_entry, entrant):
    make_entry(status=EntryStatus.ELIGIBLE)
    make_entry(status=EntryStatus.DISQUALIFIED)
    entry = make_entry()
    with pytest.raises(ContestError) as caught:
        services.submit_entry(entry=entry, by=entrant)
    assert caught.value.code == "entry_limit"


def test_submit_entry_limit_ignores_drafts_and_withdrawn(make_entry, entrant):
    make_entry(status=EntryStatus.WITHDRAWN)
    make_entry()
    make_entry(status=EntryStatus.ELIGIBLE)
    entry = make_entry()
    services.submit_entry(entry=entry, by=entrant)
    assert Entry.objects.get(pk=entry.pk).status == "eligible"


def test_submit_entry_by_other_user_is_denied(make_entry, other_entrant):
    with pytest.raises(PermissionDeniedError):
        services.submit_entry(entry=make_entry(), by=other_entrant)


def test_submit_entry_twice_is_invalid_transition(make_entry, entrant):
    entry = make_entry()
    services.submit_entry(entry=entry, by=entrant)
    with pytest.raises(ContestError) as caught:
        services.submit_entry(entry=entry, by=entrant)
    assert caught.value.code == "invalid_transition"


def test_withdraw_then_resubmit_entry(make_entry, entrant):
    entry = make_entry()
    services.submit_entry(entry=entry, by=entrant)
    services.withdraw_entry(entry=entry, by=entrant)
    assert entry.status == "withdrawn"
    services.submit_entry(entry=entry, by=entrant)
    assert Entry.objects.get().status == "eligible"


def test_withdraw_draft_is_invalid_transition(make_entry, entrant):
    with pytest.raises(ContestError) as caught:
        services.withdraw_entry(entry=make_entry(), by=entrant)
    assert caught.value.code == "invalid_transition"


def test_disqualify_entry_stores_reason_and_audit(make_entry, organiser):
    entry = make_entry(status=EntryStatus.ELIGIBLE)
    services.disqualify_entry(entry=entry, by=organiser, reason="Contains a <logo> 🚫")
    entry.refresh_from_db()
    assert (entry.status, entry.status_reason) == ("disqualified", "Contains a <logo> 🚫")
    assert AuditEvent.objects.get().after["reason"] == "Contains a <logo> 🚫"


def test_disqualify_entry_by_entrant_is_denied(make_entry, entrant):
    with pytest.raises(PermissionDeniedError):
        services.disqualify_entry(entry=make_entry(status=EntryStatus.ELIGIBLE), by=entrant,
                                  reason="no")


def test_disqualify_entry_without_reason_is_refused(make_entry, organiser):
    with pytest.raises(ContestError) as caught:
        services.disqualify_entry(entry=make_entry(status=EntryStatus.ELIGIBLE), by=organiser,
                                  reason="  ")
    assert list(caught.value.fields) == ["reason"]


@pytest.mark.parametrize(("video_status", "expected"), [("valid", "eligible"),
                                                        ("validating", "submitted")])
def test_reinstate_entry_returns_to_review(make_entry, organiser, video_status, expected):
    entry = make_entry(status=EntryStatus.DISQUALIFIED, status_reason="x",
                       video_status=video_status)
    services.reinstate_entry(entry=entry, by=organiser)
    entry.refresh_from_db()
    assert (entry.status, entry.status_reason) == (expected, "")


def test_submit_entry_without_country_is_refused(make_entry):
    user = UserFactory(country="")
    with pytest.raises(ContestError) as caught:
        services.submit_entry(entry=make_entry(user=user), by=user)
    assert caught.value.code == "country_missing"
