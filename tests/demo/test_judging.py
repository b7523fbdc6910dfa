from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from contest.models import Contest, Entry
from core.models import AuditEvent
from demo import contests as demo
from judging.conflicts import conflict_pairs
from judging.enums import ConflictKind, RoundStatus, ScoreStatus
from judging.models import Assignment, AwardPlacement, Juror, JurorConflict, Round, Score
from judging.selectors.rounds import rounds_with_progress
from judging.services.scoring import weighted_score

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_demo():
    call_command("load_demo", "--entries", "60", "--without-films", stdout=StringIO())


def _screening(slug: str = demo.SLUG) -> Round:
    return Round.objects.select_related("contest").get(contest__slug=slug, order=1)


def test_demo_open_edition_stays_open_with_an_open_screening_round(small_demo):
    round_ = _screening()
    criteria = [(c.name, str(c.weight)) for c in round_.criteria.order_by("order")]
    assert (round_.contest.is_open(), round_.status, round_.jurors_per_entry) == (
        True, RoundStatus.OPEN, 3)
    assert criteria == [("Story", "30.00"), ("Visual craft", "25.00"),
                        ("Creative use of AI", "25.00"), ("Emotional impact", "20.00")]
    assert (round_.scale_min, round_.scale_max) == (1, 10)
    assert round_.deadline > round_.contest.closes_at


def test_demo_assignment_gives_every_eligible_entry_three_jurors_without_conflict(small_demo):
    round_ = _screening()
    eligible = set(Entry.objects.filter(contest=round_.contest, status="eligible")
                   .values_list("pk", flat=True))
    pairs = set(Assignment.objects.filter(round=round_).values_list("entry_id", "juror_id"))
    per_entry = Counter(entry for entry, _juror in pairs)
    loads = Counter(juror for _entry, juror in pairs).values()
    conflicts = conflict_pairs(entries=Entry.objects.filter(pk__in=eligible),
                               jurors=Juror.objects.filter(contest=round_.contest))
    assert (set(per_entry), set(per_entry.values())) == (eligible, {3})
    assert max(loads) - min(loads) <= 1
    assert conflicts and not pairs & conflicts


def test_demo_jurors_have_profiles_and_declared_conflicts(small_demo):
    seats = Juror.objects.filter(contest__slug=demo.SLUG).select_related("user")
    kinds = set(JurorConflict.objects.filter(juror__contest__slug=demo.SLUG)
                .values_list("kind", flat=True))
    assert sorted(s.user.email for s in seats) == [f"juror{n}@marquee.test" for n in range(1, 6)]
    assert all(s.country and s.languages and s.country == s.user.country for s in seats)
    assert {ConflictKind.COUNTRY, ConflictKind.ORGANISATION} <= kinds


def test_demo_scores_mix_submitted_and_drafts_with_the_service_weighting(small_demo):
    round_ = _screening()
    criteria = list(round_.criteria.all())
    scores = list(Score.objects.filter(assignment__round=round_))
    by_status = Counter(score.status for score in scores)
    submitted = [s for s in scores if s.status == ScoreStatus.SUBMITTED]
    assert by_status[ScoreStatus.SUBMITTED] > by_status[ScoreStatus.DRAFT] > 0
    assert Assignment.objects.filter(round=round_, score__isnull=True).exists()
    assert all(s.weighted == weighted_score(marks=s.marks, criteria=criteria) for s in submitted)
    assert all(1 <= mark <= 10 for s in scores for mark in s.marks.values())
    logged = AuditEvent.objects.for_scope(round_.contest).filter(action="score.submitted")
    assert logged.count() == len(submitted)


def test_demo_past_edition_is_closed_judged_and_published(small_demo):
    past = Contest.objects.get(slug=demo.PAST_SLUG)
    rounds = list(past.rounds.order_by("order").values_list("kind", "status"))
    winners = dict(AwardPlacement.objects.filter(award__contest=past)
                   .values_list("award__name", "entry__title_english"))
    assert (past.is_open(), past.awards_locked_at is not None,
            past.results_published_at is not None) == (False, True, True)
    assert rounds == [("screening", "closed"), ("final", "closed")]
    assert {k: winners[k] for k in ("Grand Prize", "Jury Prize", "Best Visual Effects")} == {
        "Grand Prize": "Alzheimer", "Jury Prize": "BOZULMA (The Distortion)",
        "Best Visual Effects": "Ghost Lap"}
    assert "Audience Award" in winners


def test_demo_juror_queue_shows_assigned_entries_blind(small_demo, client):
    juror = User.objects.get(email="juror1@marquee.test")
    round_ = _screening()
    client.force_login(juror)
    home = client.get(reverse("judging:home"))
    queue = client.get(reverse("judging:queue", kwargs={"round_id": round_.pk}))
    codes = Assignment.objects.filter(round=round_, juror__user=juror).values_list(
        "entry__code", flat=True)
    entrants = Entry.objects.filter(assignments__round=round_,
                                    assignments__juror__user=juror).values_list(
        "entrant__email", flat=True)
    body = queue.content.decode()
    assert (home.status_code, queue.status_code) == (200, 200)
    assert "Screening" in home.content.decode()
    assert [code for code in codes if code in body]
    assert not [email for email in entrants if email in body]


def test_demo_organiser_results_rank_entries_and_flag_jurors(small_demo, client):
    client.force_login(User.objects.get(email="organiser@marquee.test"))
    round_ = _screening()
    page = client.get(reverse("judging:organiser_results", kwargs={
        "contest_slug": demo.SLUG, "round_id": round_.pk}))
    body = page.content.decode()
    ranked = Score.objects.filter(assignment__round=round_, status=ScoreStatus.SUBMITTED).values(
        "assignment__entry__code").first()["assignment__entry__code"]
    assert page.status_code == 200
    assert ranked in body
    assert "李娜" in body and "Олег Ткаченко" in body
    # The demo jurors mark with a bias: the calibration table has something to flag.
    assert "flag-lenient" in body and "flag-harsh" in body


def test_demo_winners_page_shows_the_laureates_publicly(small_demo, client):
    page = client.get(reverse("winners", args=[demo.PAST_SLUG]))
    body = page.content.decode()
    assert page.status_code == 200
    for text in ("Alzheimer", "曹一哲", "Cao Yizhe", "BOZULMA (The Distortion)", "Jury Prize",
                 "Sefa Kocakalay", "Ghost Lap", "Grand Prize"):
        assert text in body
    assert client.get(reverse("winners", args=[demo.SLUG])).status_code == 404


def test_demo_replace_rebuilds_judging(small_demo):
    call_command("load_demo", "--replace", "--entries", "20", "--without-films", stdout=StringIO())
    assert Contest.objects.filter(slug__in=[demo.SLUG, demo.PAST_SLUG]).count() == 2
    assert AwardPlacement.objects.filter(award__contest__slug=demo.PAST_SLUG).count() == 4
    assert Round.objects.filter(contest__slug=demo.SLUG).count() == 1


def test_demo_round_progress_counts_match_the_rows(small_demo):
    round_ = rounds_with_progress(contest=Contest.objects.get(slug=demo.SLUG)).get()
    expected = (
        round_.round_entries.count(), Assignment.objects.filter(round=round_).count(),
        Score.objects.filter(assignment__round=round_, status=ScoreStatus.SUBMITTED).count(),
    )
    assert (round_.entry_count, round_.assigned, round_.scored) == expected
    assert expected[1] == 3 * expected[0] > expected[2] > 0


def test_demo_awards_and_criteria_are_named_in_japanese_and_chinese(small_demo):
    from django.utils import translation

    from judging.models import Award, Criterion

    contest = Contest.objects.get(slug="nextgen-2025")
    awards = list(Award.objects.filter(contest=contest).order_by("order"))
    criterion = Criterion.objects.filter(round__contest=contest).order_by("order").first()
    with translation.override("ja"):
        japanese = ([award.name for award in awards], criterion.name)
    with translation.override("zh-hans"):
        chinese = awards[0].name

    assert japanese == (["グランプリ", "審査員賞", "最優秀視覚効果賞", "観客賞"], "物語")
    assert chinese == "大奖"
