"""Entrants never see a score: walk every page and endpoint of the site as the entrant."""

import itertools
import re

import pytest

from accounts.enums import Role
from accounts.services import add_role
from judging.enums import ScoreStatus
from judging.models import Assignment, Score
from tests.security.urlwalk import iter_routes

from .factories import JurorFactory

pytestmark = pytest.mark.django_db

SKIP_PREFIXES = ("admin/", "__error_pages__", "accounts/logout", "i18n/", "static/")
PARAM = re.compile(r"<(?:(\w+):)?(\w+)>|\(\?P<(\w+)>[^)]*\)")
# The comment, and the weighted score as stored or rounded for display. A number must not
# follow another digit or a colon: timestamps such as 11:57:07.351 are not scores.
MARKERS = re.compile(r"organiser-eyes-only|(?<![\d:])7[.,](?:3456|35)")


def _kind(converter: str, name: str) -> str:
    if converter == "slug" or "slug" in name:
        return "slug"
    if converter == "int" or name in ("pk", "id") or name.endswith("_id"):
        return "int"
    return "skip"  # tokens, uuids, paths: nothing an entrant can guess


def _paths(int_ids: list[int], slugs: list[str]) -> list[str]:
    """Every GET-able route, each parameter filled with each id or slug we know."""
    paths = set()
    values = {"int": int_ids, "slug": slugs}
    for route in iter_routes():
        raw = route.route
        if raw.startswith(SKIP_PREFIXES) or "format" in route.params:
            continue
        kinds = [_kind(conv, name or group) for conv, name, group in PARAM.findall(raw)]
        if "skip" in kinds:
            continue
        for combo in itertools.product(*(values[kind] for kind in kinds)):
            filled = iter(combo)
            path = PARAM.sub(lambda _m, filled=filled: str(next(filled)), raw)
            path = path.replace("^", "").replace("$", "")
            if not any(ch in path for ch in "()[]*+?\\"):
                paths.add("/" + path)
    return sorted(paths)


def test_entrants_never_see_scores_anywhere(client, entrant, contest, open_round):
    from tests.factories import EntryFactory

    entry = EntryFactory(contest=contest, entrant=entrant)
    first = Assignment.objects.create(round=open_round, entry=entry,
                                      juror=JurorFactory(contest=contest))
    second = Assignment.objects.create(round=open_round, entry=entry,
                                       juror=JurorFactory(contest=contest))
    marks = {str(c.pk): 7 for c in open_round.criteria.all()}
    Score.objects.create(assignment=first, marks=marks, weighted=7.3456,
                         status=ScoreStatus.SUBMITTED,
                         comment="organiser-eyes-only remark")
    Score.objects.create(assignment=second, marks=marks, comment="organiser-eyes-only draft")
    client.force_login(entrant)
    ids = sorted({entry.pk, first.pk, open_round.pk, contest.pk})
    paths = _paths(ids, [contest.slug])
    assert "/judging/" in paths and f"/api/v1/juror/assignments/{first.pk}/" in paths
    leaks = []
    for path in paths:
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode(errors="replace")
        leaks += [(path, marker) for marker in MARKERS.findall(text)]
    assert leaks == []
    # The walk would see a leak: the juror who scored reads their own score at one of the paths.
    add_role(user=first.juror.user, role=Role.JUROR)
    client.force_login(first.juror.user)
    assert "7.3456" in client.get(f"/api/v1/juror/assignments/{first.pk}/").content.decode()
