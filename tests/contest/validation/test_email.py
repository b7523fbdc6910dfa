"""One email per verdict, in the entrant's language, whatever the retries."""

from django.core import mail
from django.utils import translation

from contest.models import Video
from contest.services.validation_email import send_validation_result
from contest.verdicts import describe
from tests.factories import EntryFactory, UserFactory


def test_verdict_email_is_in_the_entrant_language(upload, media_sample, contest):
    entrant = UserFactory(language="fr")
    entry = EntryFactory(contest=contest, entrant=entrant, status="submitted")
    video = upload(entry, media_sample("low_720p"))

    [message] = mail.outbox
    assert message.to == [entrant.email]
    assert message.extra_headers["Content-Language"] == "fr"
    # The size is formatted by Django's own French catalogue ("Mio", not "MB").
    assert "Mio)" in message.body
    with translation.override("fr"):
        what_to_do = translation.gettext("What to do:")
    assert what_to_do != "What to do:"
    assert what_to_do in message.body
    assert entry.title_original in message.subject
    assert f"/entries/{entry.pk}/" in message.body
    assert video.result_emailed_at is not None


def test_invalid_verdict_email_lists_each_reason_with_what_to_do(upload, media_sample, contest):
    entrant = UserFactory(language="ja")
    entry = EntryFactory(contest=contest, entrant=entrant)
    video = upload(entry, media_sample("low_720p"))

    [message] = mail.outbox
    assert message.extra_headers["Content-Language"] == "ja"
    with translation.override("ja"):
        reasons = describe(video.reasons)
    for reason in reasons:
        assert reason["message"] in message.body
        assert reason["what_to_do"] in message.body
        assert f"[{reason['code']}]" in message.body


def test_email_is_sent_once_however_often_it_is_asked(upload, media_sample, contest_entry):
    video = upload(contest_entry, media_sample("low_720p"))

    assert send_validation_result(video_id=video.pk) is False
    # Even with the video's own mark lost, the outbox holds this verdict's message as sent.
    Video.objects.filter(pk=video.pk).update(result_emailed_at=None)
    assert send_validation_result(video_id=video.pk) is False
    assert send_validation_result(video_id=video.pk) is False
    assert len(mail.outbox) == 1


def test_no_email_before_a_verdict_or_for_a_replaced_file(upload, media_sample, contest_entry):
    pending = upload(contest_entry, media_sample("valid_1080p"), validate=False)
    assert send_validation_result(video_id=pending.pk) is False
    Video.objects.filter(pk=pending.pk).update(status="invalid", is_current=False)
    assert send_validation_result(video_id=pending.pk) is False
    assert mail.outbox == []
