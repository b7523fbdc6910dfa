"""Final vote pages and API: the ballot page, secrecy, the organisers' count."""

import pytest
from django.urls import reverse

from judging.enums import VoteMethod
from judging.services.votes import cast_ballot, create_vote

from ..factories import JurorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def vote(contest, organiser, make_entry):
    shortlist = [make_entry() for _ in range(3)]
    jury = [JurorFactory(contest=contest) for _ in range(2)]
    vote = create_vote(contest=contest, by=organiser, title="Final", method=VoteMethod.SCHULZE,
                       entries=shortlist, jurors=jury)
    vote.shortlist, vote.jury = shortlist, jury
    return vote


def test_a_juror_ranks_the_shortlist_on_the_ballot_page(client, vote):
    first, second, third = vote.shortlist
    client.force_login(vote.jury[0].user)
    url = reverse("judging:ballot", args=[vote.pk])
    page = client.get(url).content.decode()
    assert f'name="rank-{first.pk}"' in page and 'type="number"' in page

    client.post(url, {f"rank-{first.pk}": "2", f"rank-{second.pk}": "1", f"rank-{third.pk}": ""})

    assert vote.ballots.get().choices == {str(first.pk): 2, str(second.pk): 1}
    assert "You have voted." in client.get(url).content.decode()


def test_ballots_are_secret_from_other_jurors_and_organisers(client, vote, organiser,
                                                             juror_user):
    first = vote.shortlist[0]
    cast_ballot(vote=vote, by=vote.jury[0].user, choices={str(first.pk): 1})
    api = reverse("api:ballot", args=[vote.pk])

    client.force_login(vote.jury[1].user)  # on the jury, has not voted: sees no ballot
    assert client.get(api).status_code == 404
    client.force_login(juror_user)  # not on the jury
    assert client.get(api).status_code == 403
    assert client.get(reverse("judging:ballot", args=[vote.pk])).status_code == 403
    client.force_login(organiser)
    assert client.get(api).status_code == 403
    client.force_login(vote.jury[0].user)
    assert client.get(api).json()["choices"] == {str(first.pk): 1}


def test_ballot_api_casts_once(client, vote):
    first = vote.shortlist[0]
    client.force_login(vote.jury[0].user)
    api = reverse("api:ballot", args=[vote.pk])
    assert client.post(api, {"choices": {str(first.pk): 1}},
                       content_type="application/json").status_code == 201
    again = client.post(api, {"choices": {str(first.pk): 1}}, content_type="application/json")
    assert (again.status_code, again.json()["code"]) == (409, "already_voted")


def test_organisers_see_the_count_matrix_and_turnout(client, vote, organiser):
    first, second, _third = vote.shortlist
    cast_ballot(vote=vote, by=vote.jury[0].user, choices={str(first.pk): 1, str(second.pk): 2})
    client.force_login(organiser)

    page = client.get(reverse("judging:vote", args=[vote.contest.slug, vote.pk]))
    body = client.get(reverse("api:vote-outcome", args=[vote.contest.slug, vote.pk])).json()

    assert page.status_code == 200
    assert "Pairwise preferences and strongest paths" in page.content.decode()
    assert body["tiers"][0] == [first.pk]
    assert body["pairwise"][str(first.pk)][str(second.pk)] == 1
    assert sorted(j["voted"] for j in body["turnout"]) == [False, True]
    assert "choices" not in str(body)


def test_organisers_open_a_vote_from_codes_and_give_places(client, organiser, contest,
                                                           make_entry, award):
    entries = [make_entry() for _ in range(2)]
    JurorFactory(contest=contest)
    client.force_login(organiser)
    response = client.post(reverse("judging:votes", args=[contest.slug]), {
        "title": "Jury prize", "method": "approval",
        "codes": "\n".join(e.code for e in entries), "award": award.pk})
    vote = contest.final_votes.get()
    assert response.status_code == 302 and vote.entries.count() == 2
    cast_ballot(vote=vote, by=vote.jurors.get().user, choices={str(entries[1].pk): 1})
    client.post(reverse("judging:vote_close", args=[contest.slug, vote.pk]))
    client.post(reverse("judging:vote_places", args=[contest.slug, vote.pk]),
                {"award": award.pk})
    assert list(award.placements.order_by("place").values_list("entry_id", "place")) == [
        (entries[1].pk, 1), (entries[0].pk, 2)]


def test_the_juror_home_lists_open_votes(client, vote):
    from accounts.enums import Role
    from accounts.services import add_role

    add_role(user=vote.jury[0].user, role=Role.JUROR)
    client.force_login(vote.jury[0].user)
    page = client.get(reverse("judging:home")).content.decode()
    assert reverse("judging:ballot", args=[vote.pk]) in page
