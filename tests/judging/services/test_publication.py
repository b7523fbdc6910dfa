import pytest
from django.core import mail
from django.urls import reverse

from contest.enums import EntryStatus
from core.errors import ConflictError
from core.models import AuditEvent
from judging.models import ResultNotice
from judging.services.awards import lock_awards
from judging.services.publication import publish_results, send_result_notice
from tests.factories import EntryFactory

pytestmark = pytest.mark.django_db


def _publish(contest, organiser, django_capture_on_commit_callbacks):
    lock_awards(contest=contest, by=organiser)
    with django_capture_on_commit_callbacks(execute=True):
        publish_results(contest=contest, by=organiser)
    contest.refresh_from_db()


def test_publish_results_before_lock_is_refused(scored_contest, organiser):
    with pytest.raises(ConflictError) as excinfo:
        publish_results(contest=scored_contest, by=organiser)
    assert excinfo.value.code == "awards_not_locked"


def test_publish_results_twice_is_refused(scored_contest, organiser,
                                          django_capture_on_commit_callbacks):
    _publish(scored_contest, organiser, django_capture_on_commit_callbacks)
    with pytest.raises(ConflictError) as excinfo:
        publish_results(contest=scored_contest, by=organiser)
    assert excinfo.value.code == "already_published"


def test_publish_results_records_audit(scored_contest, organiser,
                                       django_capture_on_commit_callbacks):
    _publish(scored_contest, organiser, django_capture_on_commit_callbacks)

    event = AuditEvent.objects.get(action="results.publish")
    assert event.actor == organiser
    assert event.after["results_published_at"] == scored_contest.results_published_at.isoformat()


def test_publish_results_emails_each_entrant_once_in_their_language(
    scored_contest, organiser, django_capture_on_commit_callbacks
):
    first = scored_contest.entries_by_script[0]
    # A second entry by the same entrant, and a draft by someone else: still one email each,
    # and none for the draft's author.
    EntryFactory(contest=scored_contest, entrant=first.entrant, status=EntryStatus.SUBMITTED)
    EntryFactory(contest=scored_contest, status=EntryStatus.DRAFT)
    _publish(scored_contest, organiser, django_capture_on_commit_callbacks)

    recipients = sorted(message.to[0] for message in mail.outbox)
    expected = sorted(entry.entrant.email for entry in scored_contest.entries_by_script)
    assert recipients == expected
    assert ResultNotice.objects.filter(sent_at__isnull=False).count() == 5
    languages = dict(ResultNotice.objects.values_list("entrant__email", "language"))
    assert languages[first.entrant.email] == "zh-hans"
    grand = next(m for m in mail.outbox if m.to == [first.entrant.email])
    assert "Grand Prize" in grand.body
    assert reverse("winners", args=[scored_contest.slug]) in grand.body


def test_send_result_notice_again_sends_nothing(scored_contest, organiser,
                                                django_capture_on_commit_callbacks):
    _publish(scored_contest, organiser, django_capture_on_commit_callbacks)
    entrant = scored_contest.entries_by_script[1].entrant

    assert send_result_notice(contest=scored_contest, entrant=entrant) is False
    assert len(mail.outbox) == 5


def test_send_result_notice_before_publication_sends_nothing(scored_contest):
    entrant = scored_contest.entries_by_script[0].entrant

    assert send_result_notice(contest=scored_contest, entrant=entrant) is False
    assert mail.outbox == []


def test_result_email_is_rendered_in_entrant_language(scored_contest, organiser,
                                                      django_capture_on_commit_callbacks):
    _publish(scored_contest, organiser, django_capture_on_commit_callbacks)

    languages = {m.to[0]: m.extra_headers["Content-Language"] for m in mail.outbox}
    expected = {e.entrant.email: e.entrant.language for e in scored_contest.entries_by_script}
    assert languages == expected


def test_result_email_names_contest_and_award_in_the_recipients_language_or_the_contests(
        scored_contest, organiser, django_capture_on_commit_callbacks):
    from judging.models import Award
    from tests.factories import with_texts

    scored_contest.languages = ["ko", "zh-hans", "en"]
    with_texts(scored_contest, default_language="ko",
               name={"ko": "단편", "zh-hans": "短片", "en": "Shorts"})
    names = {"Grand Prize": {"ko": "대상", "zh-hans": "大奖", "en": "Grand Prize"},
             "Jury Prize": {"ko": "심사위원상", "en": "Jury Prize"}}
    for award in Award.objects.filter(contest=scored_contest):
        with_texts(award, default_language="ko", name=names[award.name])

    _publish(scored_contest, organiser, django_capture_on_commit_callbacks)

    by_language = {m.extra_headers["Content-Language"]: m for m in mail.outbox}
    assert {language: m.subject for language, m in by_language.items()} == {
        "zh-hans": "短片评选结果", "ar": "نتائج 단편", "ru": "Результаты конкурса «단편»",
        "tr": "단편 sonuçları", "ko": "단편 결과"}
    assert "大奖" in by_language["zh-hans"].body
    assert "심사위원상" in by_language["ar"].body
    assert "Jury Prize" not in by_language["ar"].body
