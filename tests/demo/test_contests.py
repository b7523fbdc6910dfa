import random
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django_countries import countries

from accounts.enums import Role
from accounts.models import User
from contest.models import Contest, Credit, Entry
from contest.selectors import contest_stats
from demo import contests as demo
from demo.contest_data import COUNTRIES
from tests.factories import EntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_demo():
    out = StringIO()
    call_command("load_demo", "--entries", "60", "--without-films", stdout=out)
    return out.getvalue()


def test_load_demo_builds_contest_with_requested_received_entries(small_demo):
    contest = Contest.objects.get(slug="nextgen-2026")
    stats = contest_stats(contest=contest)
    assert (contest.time_zone, contest.is_open()) == ("Asia/Tokyo", True)
    assert [c.name for c in contest.categories.all()] == [
        "Narrative", "Experimental", "Music Video", "Documentary", "Animation"]
    assert stats.total == 60
    assert stats.by_status["eligible"] > stats.by_status["submitted"] > 0
    assert stats.by_status["draft"] + stats.by_status["withdrawn"] >= 1
    assert "60 entries from" in small_demo


def test_load_demo_includes_the_three_laureates(small_demo):
    # They won in the closed 2025 edition; the open 2026 edition has other films.
    rows = {
        entry.title_english: (entry.entrant.country.code, entry.status,
                              [(c.name_native, c.name_latin) for c in entry.credits.all()])
        for entry in Entry.objects.filter(
            title_english__in=["Alzheimer", "BOZULMA (The Distortion)", "Ghost Lap"],
            contest__slug=demo.PAST_SLUG,
        ).select_related("entrant")
    }
    assert rows["Alzheimer"] == ("CN", "eligible",
                                 [("曹一哲", "Cao Yizhe"), ("魏铮", "Wei Zheng")])
    assert rows["BOZULMA (The Distortion)"] == ("TR", "eligible",
                                                [("Sefa Kocakalay", "Sefa Kocakalay")])
    assert rows["Ghost Lap"][:2] == ("JP", "eligible")


def test_load_demo_named_accounts_are_verified_with_printed_password(small_demo):
    for email, role, *_rest in demo.ACCOUNTS:
        user = User.objects.get(email=email)
        assert (user.check_password(demo.PASSWORD), user.has_role(role)) == (True, True)
        assert EmailAddress.objects.get(user=user).verified is True
        assert email in small_demo
    assert demo.PASSWORD in small_demo
    assert User.objects.get(email="organiser@marquee.test").has_role(Role.ORGANISER)


def test_load_demo_names_use_many_scripts(small_demo):
    names = "".join(Credit.objects.values_list("name_native", flat=True))
    scripts = {
        "han": any("\u4e00" <= ch <= "\u9fff" for ch in names),
        "latin": any("a" <= ch <= "z" for ch in names),
        "cyrillic": any("\u0400" <= ch <= "\u04ff" for ch in names),
        "arabic": any("\u0600" <= ch <= "\u06ff" for ch in names),
    }
    assert scripts == {"han": True, "latin": True, "cyrillic": True, "arabic": True}
    assert not Credit.objects.filter(name_latin="").exists()


def test_load_demo_entrants_respect_entry_limit(small_demo):
    contest = Contest.objects.get(slug="nextgen-2026")
    counted = (Entry.objects.filter(contest=contest, status__in=["submitted", "eligible",
                                                                   "disqualified"])
               .values("entrant").order_by().distinct())
    worst = max(
        Entry.objects.filter(contest=contest, entrant=row["entrant"],
                             status__in=["submitted", "eligible", "disqualified"]).count()
        for row in counted
    )
    assert worst <= contest.max_entries_per_entrant


def test_load_demo_if_empty_skips_existing_demo(small_demo):
    before = Entry.objects.count()
    out = StringIO()
    call_command("load_demo", "--if-empty", "--entries", "10", stdout=out)
    assert (Entry.objects.count(), "nothing to do" in out.getvalue()) == (before, True)


def test_load_demo_replace_rebuilds(small_demo):
    call_command("load_demo", "--replace", "--entries", "20", "--without-films", stdout=StringIO())
    assert contest_stats(contest=Contest.objects.get(slug="nextgen-2026")).total == 20


def test_demo_country_plan_covers_122_countries():
    plan = demo._country_plan(random.Random(1), 4600)
    assert (len(set(plan)), len(plan)) == (122, 4600)
    assert all(code in countries for code in COUNTRIES)


def test_load_demo_films_have_final_verdicts_matching_their_entries(small_demo):
    from contest.models import Video

    videos = Video.objects.filter(entry__contest__slug="nextgen-2026").select_related("entry")
    by_entry_status = {}
    for video in videos:
        by_entry_status.setdefault(video.entry.status, set()).add(video.status)
        assert video.is_current and video.result_emailed_at is not None
        assert bool(video.reasons) == (video.status == "invalid")
    assert by_entry_status["eligible"] == {"valid"}
    assert "invalid" in by_entry_status["submitted"]
    assert not Entry.objects.filter(contest__slug="nextgen-2026", status="eligible",
                                    videos__isnull=True).exists()
    mine = Entry.objects.get(entrant__email="entrant@marquee.test", status="draft")
    assert not mine.videos.exists()


def test_demo_codes_come_from_its_seed_and_avoid_codes_in_use():
    first = demo._unique_codes(random.Random(7), 50)
    assert first == demo._unique_codes(random.Random(7), 50)
    assert len(set(first)) == 50

    EntryFactory(code=first[0])

    again = demo._unique_codes(random.Random(7), 50)
    assert first[0] not in again and again[:49] == first[1:]


def test_load_demo_writes_the_contest_in_english_japanese_and_chinese(small_demo):
    from django.utils import translation

    contest = Contest.objects.get(slug="nextgen-2026")
    read = {}
    for language in ("ja", "zh-hans", "ko"):
        with translation.override(language):
            read[language] = (contest.name, contest.categories.first().name,
                              bool(contest.description), bool(contest.rules_text))

    assert (contest.default_language, contest.languages) == ("en", ["en", "ja", "zh-hans"])
    assert read == {
        "ja": ("NEXTGEN クリエイティブコンテスト 2026", "ナラティブ", True, True),
        "zh-hans": ("NEXTGEN 创意大赛 2026", "剧情", True, True),
        # No Korean texts: the contest's default language.
        "ko": ("NEXTGEN Creative Contest 2026", "Narrative", True, True),
    }
