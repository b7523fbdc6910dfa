from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from accounts.enums import Role
from accounts.models import User
from core.errors import ContestError
from judging.enums import ConflictKind
from judging.models import Juror, JurorConflict, JurorInvitation
from judging.services.jurors import (
    accept_invitation,
    declare_conflict,
    invite_juror,
    update_juror_profile,
)
from tests.factories import UserFactory

from ..factories import JurorFactory

pytestmark = pytest.mark.django_db


def _invite(contest, organiser, email="new.juror@example.org", language="fr"):
    return invite_juror(contest=contest, email=email, language=language, by=organiser)


def test_invitation_email_is_sent_in_the_invitation_language(contest, organiser,
                                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(contest, organiser, language="fr")
    (message,) = mail.outbox
    assert message.to == ["new.juror@example.org"]
    with translation.override("fr"):
        french = date_format(invitation.expires_at, "DATETIME_FORMAT")
    with translation.override("en"):
        english = date_format(invitation.expires_at, "DATETIME_FORMAT")
    assert french != english
    assert french in message.body
    assert reverse("judging:invitation", kwargs={"token": invitation.token}) in message.body


def test_inviting_again_renews_the_pending_invitation(contest, organiser):
    first = _invite(contest, organiser)
    old_token = first.token
    second = _invite(contest, organiser, email="New.Juror@example.org")
    assert (second.pk, JurorInvitation.objects.count()) == (first.pk, 1)
    assert second.token != old_token


def test_inviting_a_sitting_juror_is_refused(contest, organiser):
    juror = JurorFactory(contest=contest)
    with pytest.raises(ContestError) as error:
        _invite(contest, organiser, email=juror.user.email)
    assert error.value.code == "already_juror"


def test_new_invitee_sets_name_and_password_and_becomes_juror(client, contest, organiser):
    invitation = _invite(contest, organiser)
    url = reverse("judging:invitation", kwargs={"token": invitation.token})
    assert client.get(url).context["form"] is not None
    response = client.post(url, {"name_native": "Ana Lúcia", "name_latin": "",
                                 "password1": "a long juror passphrase",
                                 "password2": "a long juror passphrase"})
    assert response.status_code == 302
    user = User.objects.get(email="new.juror@example.org")
    assert (user.name_native, user.language, user.has_role(Role.JUROR)) == ("Ana Lúcia", "fr", True)
    assert user.check_password("a long juror passphrase")
    assert Juror.objects.filter(contest=contest, user=user).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert client.get(reverse("judging:home")).status_code == 200


def test_existing_user_logs_in_then_accepts(client, contest, organiser):
    user = UserFactory(email="known@example.org")
    invitation = _invite(contest, organiser, email=user.email)
    url = reverse("judging:invitation", kwargs={"token": invitation.token})
    page = client.get(url)
    assert (page.context["has_account"], page.context["form"]) == (True, None)
    client.force_login(user)
    assert client.post(url).status_code == 302
    assert Juror.objects.get(contest=contest).user == user
    assert User.objects.get(pk=user.pk).has_role(Role.JUROR)


def test_invitation_cannot_be_used_twice_or_after_expiry(client, contest, organiser):
    invitation = _invite(contest, organiser)
    accept_invitation(token=invitation.token, user=UserFactory())
    with pytest.raises(ContestError) as error:
        accept_invitation(token=invitation.token, user=UserFactory())
    assert error.value.code == "invitation_used"
    expired = _invite(contest, organiser, email="late@example.org")
    JurorInvitation.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("judging:invitation", kwargs={"token": expired.token}))
    assert response.status_code == 410


def test_organiser_page_invites_and_lists(client, contest, organiser):
    juror = JurorFactory(contest=contest)
    client.force_login(organiser)
    url = reverse("judging:organiser_jurors", kwargs={"contest_slug": contest.slug})
    response = client.post(url, {"email": "x@example.org", "language": "ja"})
    assert response.status_code == 302
    page = client.get(url)
    assert list(page.context["jurors"]) == [juror]
    assert [i.email for i in page.context["invitations"]] == ["x@example.org"]


def test_organiser_page_is_for_organisers_only(client, contest, juror_user, entrant):
    url = reverse("judging:organiser_jurors", kwargs={"contest_slug": contest.slug})
    for user in (juror_user, entrant):
        client.force_login(user)
        assert client.get(url).status_code == 403


@pytest.mark.parametrize("count", [1, 4])
def test_organiser_page_query_count_is_constant(client, contest, organiser, count,
                                                django_assert_num_queries):
    for _ in range(count):
        JurorFactory(contest=contest)
        _invite(contest, organiser, email=f"p{_}-{count}@example.org")
    client.force_login(organiser)
    url = reverse("judging:organiser_jurors", kwargs={"contest_slug": contest.slug})
    # session, user, contest, team memberships (permission and menu), site roles (menu),
    # jurors with counts, pending invitations.
    with django_assert_num_queries(7):
        client.get(url)


def test_juror_profile_saves_country_languages_and_conflicts(client, juror_user, seat, contest):
    entrant = UserFactory(email="cousin@example.org")
    client.force_login(juror_user)
    url = reverse("judging:profile", kwargs={"contest_slug": contest.slug})
    client.post(url, {"form": "profile", "country": "KR", "languages": ["ko", "en"]})
    seat.refresh_from_db()
    assert (seat.country.code, seat.languages) == ("KR", ["en", "ko"])
    client.post(url, {"form": "conflict", "kind": "entrant", "entrant": "Cousin@example.org"})
    client.post(url, {"form": "conflict", "kind": "country", "country": "KR"})
    client.post(url, {"form": "conflict", "kind": "organisation", "organisation": "Film School"})
    conflicts = {(c.kind, c.entrant, str(c.country), c.organisation)
                 for c in JurorConflict.objects.filter(juror=seat)}
    assert conflicts == {
        (ConflictKind.ENTRANT, entrant, "", ""),
        (ConflictKind.COUNTRY, None, "KR", ""),
        (ConflictKind.ORGANISATION, None, "", "Film School"),
    }


def test_juror_profile_refuses_a_language_outside_the_list(seat, juror_user):
    with pytest.raises(ContestError) as caught:
        update_juror_profile(juror=seat, by=juror_user, country="KR", languages=["ko", "elvish"])

    assert caught.value.fields == {"languages": ["Unknown language: elvish."]}
    seat.refresh_from_db()
    assert (seat.country.code, seat.languages) == ("FR", ["en", "fr"])


def test_declared_entrant_without_account_is_kept_for_the_organisers(seat, juror_user):
    conflict = declare_conflict(juror=seat, by=juror_user, kind=ConflictKind.ENTRANT,
                                entrant="Nobody Known")
    assert (conflict.entrant, conflict.reason) == (None, "Nobody Known")


def test_juror_profile_of_another_contest_is_404(client, juror_user, seat):
    other = JurorFactory()
    client.force_login(juror_user)
    url = reverse("judging:profile", kwargs={"contest_slug": other.contest.slug})
    assert client.get(url).status_code == 404


def test_conflict_form_answers_the_same_whether_or_not_a_person_has_an_account(
        client, juror_user, seat, contest):
    UserFactory(email="known@example.org")
    client.force_login(juror_user)
    url = reverse("judging:profile", kwargs={"contest_slug": contest.slug})
    pages = []
    for email in ("known@example.org", "stranger@example.org"):
        response = client.post(url, {"form": "conflict", "kind": "entrant", "entrant": email},
                               follow=True)
        html = response.content.decode()
        pages.append(html.replace("known@example.org", "EMAIL").replace("stranger@example.org",
                                                                         "EMAIL"))

    # The two conflict lists differ only by the typed address: nothing says which one matched.
    tables = [page.split("Conflicts of interest", 1)[1].split("</table>", 1)[0]
              for page in pages]
    assert tables[0].count("EMAIL") == 1
    assert tables[1].count("EMAIL") == 2
    assert all("account" not in table for table in tables)
