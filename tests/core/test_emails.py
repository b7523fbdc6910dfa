"""Email subjects are plain text: what a title says is what the subject says."""

import pytest
from django.core import mail

from accounts.enums import OrgRole
from accounts.teams import invite_member
from contest.enums import VideoStatus
from contest.services.validation_email import send_validation_result
from core.emails import render_subject
from judging.services.jurors import invite_juror
from tests.factories import EntryFactory, MembershipFactory, UserFactory, VideoFactory

TITLE = "Tom & Jerry's <Cut>"

pytestmark = pytest.mark.django_db


def test_render_subject_keeps_characters_and_one_line():
    subject = render_subject("judging/email/results_subject.txt",
                             {"contest": {"name": f"{TITLE}\n2026"}})

    assert subject == f"Results of {TITLE} 2026"


def test_verdict_subject_shows_the_title_as_written(django_capture_on_commit_callbacks):
    entry = EntryFactory(title_original=TITLE, entrant=UserFactory(language="en"))
    video = VideoFactory(entry=entry, status=VideoStatus.VALID)

    with django_capture_on_commit_callbacks(execute=True):
        send_validation_result(video_id=video.pk)

    assert mail.outbox[-1].subject == f"Your film “{TITLE}” passed the technical checks"


def test_invitation_subjects_show_names_as_written(contest, django_capture_on_commit_callbacks):
    contest.name = TITLE
    contest.save()
    owner = MembershipFactory(organisation=contest.organisation, role=OrgRole.OWNER).user
    contest.organisation.name = TITLE
    contest.organisation.save()

    with django_capture_on_commit_callbacks(execute=True):
        invite_juror(contest=contest, email="j@example.org", language="en", by=owner)
        invite_member(organisation=contest.organisation, email="t@example.org",
                      role=OrgRole.VIEWER, by=owner)

    assert [message.subject for message in mail.outbox] == [
        f"You are invited to the jury of {TITLE}", f"You are invited to the team of {TITLE}"]
