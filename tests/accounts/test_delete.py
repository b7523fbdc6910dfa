import pytest
from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from accounts.models import User
from contest.models import Credit, Entry, Upload, Video
from contest.services.uploads import partial_path
from core.models import AuditEvent
from judging.models import Award, AwardPlacement
from tests.factories import CreditFactory, EntryFactory

PASSWORD = "correct horse battery staple"


def _entry_with_video(entrant):
    entry = EntryFactory(entrant=entrant)
    CreditFactory(entry=entry)
    video = Video(entry=entry, original_filename="film.mp4", size_bytes=4)
    video.file.save("film.mp4", ContentFile(b"\x00\x00\x00\x18"), save=False)
    video.poster.save("poster.jpg", ContentFile(b"\xff\xd8"), save=False)
    video.save()
    return entry, video


@pytest.mark.django_db
def test_delete_account_removes_entries_files_and_credits(
    client, entrant, other_entrant, django_capture_on_commit_callbacks
):
    entry, video = _entry_with_video(entrant)
    names = [video.file.name, video.poster.name]
    upload = Upload.objects.create(entry=entry, uploader=entrant, filename="next.mp4", length=9)
    partial = partial_path(upload)
    partial.parent.mkdir(parents=True, exist_ok=True)
    partial.write_bytes(b"half")
    kept_entry, kept_video = _entry_with_video(other_entrant)
    linked_credit = CreditFactory(entry=kept_entry, user=entrant)
    client.force_login(entrant)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"}
        )

    assert response.status_code == 302
    assert not User.objects.filter(pk=entrant.pk).exists()
    assert not EmailAddress.objects.filter(email=entrant.email).exists()
    assert not Entry.objects.filter(pk=entry.pk).exists()
    assert not Credit.objects.filter(entry_id=entry.pk).exists()
    assert [default_storage.exists(name) for name in names] == [False, False]
    assert not partial.exists()
    assert default_storage.exists(kept_video.file.name)
    linked_credit.refresh_from_db()
    assert (linked_credit.user_id, linked_credit.entry_id) == (None, kept_entry.pk)
    audit = AuditEvent.objects.filter(action="account.deleted", object_id=str(entrant.pk))
    assert audit.count() == 1
    # The session ended with the account.
    assert client.get(reverse("contest:dashboard")).status_code == 302


@pytest.mark.django_db
def test_delete_account_wrong_password_keeps_everything(client, entrant):
    entry = EntryFactory(entrant=entrant)
    client.force_login(entrant)

    response = client.post(reverse("accounts:delete"), {"password": "nope", "confirm": "on"})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["password"]
    assert Entry.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_delete_account_without_confirmation_keeps_account(client, entrant):
    client.force_login(entrant)

    response = client.post(reverse("accounts:delete"), {"password": PASSWORD})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["confirm"]
    assert User.objects.filter(pk=entrant.pk).exists()


@pytest.mark.django_db
def test_delete_account_page_requires_login(client):
    response = client.get(reverse("accounts:delete"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_delete_account_with_awarded_film_is_refused(client, entrant):
    entry = EntryFactory(entrant=entrant)
    award = Award.objects.create(contest=entry.contest, name="Grand Prix")
    AwardPlacement.objects.create(award=award, entry=entry)
    client.force_login(entrant)

    response = client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"},
                           follow=True)

    assert User.objects.filter(pk=entrant.pk).exists()
    assert [str(m) for m in response.context["messages"]] == [
        "One of your films has received an award. Please contact the organisers to delete "
        "your account."]
