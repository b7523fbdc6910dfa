
import pytest

from core.errors import ConflictError
from judging.models import AwardPlacement
from judging.services.awards import assign_award
from tests.concurrency import run_together


@pytest.mark.django_db(transaction=True)
def test_assign_same_place_concurrently_only_one_wins(award, organiser, make_entry):
    entries = [make_entry(), make_entry()]

    def attempt(entry):
        def call() -> str:
            try:
                assign_award(award=award, place=1, entry=entry, by=organiser)
            except ConflictError as exc:
                return exc.code
            return "won"
        return call

    outcomes = run_together(*(attempt(entry) for entry in entries))

    assert sorted(outcomes) == ["place_taken", "won"]
    assert AwardPlacement.objects.filter(award=award, place=1).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_organisers_giving_the_same_place_from_the_page_get_one_winner_and_a_message(
        award, organiser, make_entry):
    from django.contrib.messages import get_messages
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation
    from django.utils.translation import gettext

    from accounts.enums import OrgRole, Role
    from accounts.models import Membership
    from accounts.services import add_role
    from tests.factories import UserFactory

    second_organiser = UserFactory(language="ja")
    add_role(user=second_organiser, role=Role.ORGANISER)
    Membership.objects.create(organisation=award.contest.organisation, user=second_organiser,
                              role=OrgRole.MANAGER)
    entries = [make_entry(), make_entry()]
    url = reverse("judging:award_assign",
                  kwargs={"slug": award.contest.slug})
    answers: dict[int, tuple[str, list[str]]] = {}

    def give(user, entry):
        tab = Client(HTTP_ACCEPT_LANGUAGE="en")
        tab.force_login(user)

        def call() -> None:
            response = tab.post(url, {"award": award.pk, "place": 1, "entry_code": entry.code})
            answers[entry.pk] = (user.language,
                                 [str(m) for m in get_messages(response.wsgi_request)])
        return call

    run_together(*(give(user, entry)
                   for user, entry in zip([organiser, second_organiser], entries, strict=True)))

    (placement,) = AwardPlacement.objects.filter(award=award)
    loser = ({e.pk for e in entries} - {placement.entry_id}).pop()
    # Each organiser reads the outcome in their own language (the second one reads Japanese).
    language, said = answers[placement.entry_id]
    with translation.override(language):
        assert said == [gettext("Saved.")]
    language, said = answers[loser]
    with translation.override(language):
        assert said == [gettext("Place %(place)d is already given to %(code)s.")
                        % {"place": 1, "code": placement.entry.code}]


@pytest.mark.django_db(transaction=True)
def test_place_taken_by_a_writer_that_skipped_the_lock_is_a_clean_conflict(
        award, organiser, make_entry, monkeypatch):
    from judging.services import awards as services

    first, second = make_entry(), make_entry()
    assign_award(award=award, place=1, entry=first, by=organiser)
    # A writer that does not take the contest lock and does not look before writing: the
    # database's unique constraint is what stops it.
    monkeypatch.setattr(services, "_lock_contest", lambda contest_id: award.contest)
    monkeypatch.setattr(services.AwardPlacement.objects, "filter",
                        lambda *a, **k: services.AwardPlacement.objects.none())

    with pytest.raises(ConflictError) as refused:
        assign_award(award=award, place=1, entry=second, by=organiser)

    assert refused.value.code == "concurrent_change"
    assert list(AwardPlacement.objects.values_list("place", "entry")) == [(1, first.pk)]
