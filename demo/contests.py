"""The demo contests, modelled on the NEXTGEN Creative Contest.

The 2026 edition is open for entries (4,600 by default); the small 2025 edition is closed and
holds the three laureate films, which won there. This module builds the contest side; the
judging side (jurors, rounds, scores, awards, publication) is ``judging.demo``, and the
``load_demo`` command runs both in one transaction. Everything is written with bulk operations.
"""

import random
import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.enums import OrgRole, Role
from accounts.models import Membership, Organisation, User
from contest.enums import AITool, CreditRole, EntryStatus, VideoStatus
from contest.models import Category, Contest, Credit, Entry, Video
from contest.models.entry import CODE_ALPHABET, CODE_LENGTH
from core import texts

from .contest_data import (
    AI_TOOLS_OTHER,
    COUNTRIES,
    COUNTRY_SCRIPT,
    ENGLISH_ADJECTIVES,
    ENGLISH_NOUNS,
    ENGLISH_SYNOPSES,
    LATIN_LANGUAGE,
    SCRIPTS,
)

ORGANISATION_SLUG = "kling-ai"
ORGANISER_EMAIL = "organiser@marquee.test"
SLUG = "nextgen-2026"
PAST_SLUG = "nextgen-2025"
PAST_ENTRIES = 40
PASSWORD = "marquee-demo-2026"  # noqa: S105 -- printed for the demo logins
ENTRANT_EMAIL_DOMAIN = "entrants.marquee.test"
TIME_ZONE = "Asia/Tokyo"
CATEGORIES = [
    ("narrative", "Narrative"), ("experimental", "Experimental"), ("music-video", "Music Video"),
    ("documentary", "Documentary"), ("animation", "Animation"),
]
# The contest ran in Tokyo and is organised by a Chinese company: its texts are written in
# English (the default), Japanese and Simplified Chinese.
LANGUAGES = ["en", "ja", "zh-hans"]
CATEGORY_NAMES = {
    "narrative": {"ja": "ナラティブ", "zh-hans": "剧情"},
    "experimental": {"ja": "実験映像", "zh-hans": "实验"},
    "music-video": {"ja": "ミュージックビデオ", "zh-hans": "音乐视频"},
    "documentary": {"ja": "ドキュメンタリー", "zh-hans": "纪录片"},
    "animation": {"ja": "アニメーション", "zh-hans": "动画"},
}
CONTEST_NAMES = {"en": "NEXTGEN Creative Contest {year}",
                 "ja": "NEXTGEN クリエイティブコンテスト {year}",
                 "zh-hans": "NEXTGEN 创意大赛 {year}"}
RULES = {
    "en": (
        "1. One person may enter up to three films.\n"
        "2. Films run from 30 seconds to 10 minutes.\n"
        "3. You hold the rights to every image, voice and piece of music in your film.\n"
        "4. Name the AI tools you used."
    ),
    "ja": (
        "1. 応募は一人三作品までです。\n"
        "2. 作品の長さは30秒から10分までです。\n"
        "3. 作品中のすべての映像・音声・音楽の権利を有していること。\n"
        "4. 使用したAIツールを明記してください。"
    ),
}
# (email, role, name as written, Latin name, country)
ACCOUNTS = [
    (ORGANISER_EMAIL, Role.ORGANISER, "小林 花", "Hana Kobayashi", "JP"),
    ("juror1@marquee.test", Role.JUROR, "Amara Okafor", "Amara Okafor", "NG"),
    ("juror2@marquee.test", Role.JUROR, "李娜", "Li Na", "CN"),
    ("juror3@marquee.test", Role.JUROR, "Олег Ткаченко", "Oleg Tkachenko", "UA"),
    ("juror4@marquee.test", Role.JUROR, "ليلى حداد", "Layla Haddad", "LB"),
    ("juror5@marquee.test", Role.JUROR, "Lucía Fernández", "Lucia Fernandez", "ES"),
    ("entrant@marquee.test", Role.ENTRANT, "田中 芽衣", "Mei Tanaka", "JP"),
]
# The three laureates of the 2025 edition: title as released, English title, language,
# category, country, and credits (name as written, Latin name, role).
LAUREATES = [
    ("Alzheimer", "Alzheimer", "zh-hans", "narrative", "CN",
     [("曹一哲", "Cao Yizhe", CreditRole.DIRECTOR), ("魏铮", "Wei Zheng", CreditRole.CO_DIRECTOR)]),
    ("BOZULMA", "BOZULMA (The Distortion)", "tr", "experimental", "TR",
     [("Sefa Kocakalay", "Sefa Kocakalay", CreditRole.DIRECTOR)]),
    ("ゴースト・ラップ", "Ghost Lap", "ja", "animation", "JP",
     [("森田 遼", "Ryo Morita", CreditRole.DIRECTOR)]),
]
# Received entries by status; drafts and withdrawn entries come on top of the requested count.
STATUS_WEIGHTS = [(EntryStatus.ELIGIBLE, 80), (EntryStatus.SUBMITTED, 16),
                  (EntryStatus.DISQUALIFIED, 4)]
# A closed edition has validated every entry.
PAST_STATUS_WEIGHTS = [(EntryStatus.ELIGIBLE, 92), (EntryStatus.DISQUALIFIED, 8)]
# Film schools some entrants belong to (their profile's organisation), so that jurors can
# declare a conflict with an organisation.
ORGANISATIONS = {
    "US": "CalArts", "CN": "Beijing Film Academy", "FR": "La Fémis", "ES": "ESCAC",
    "JP": "Tokyo University of the Arts", "KR": "Korea National University of Arts",
}
DISQUALIFY_REASONS = [
    "The film is longer than the 10-minute limit.",
    "The entry reuses copyrighted music without a licence.",
    "The same film was entered twice.",
]


@dataclass
class DemoResult:
    contest: Contest
    accounts: list[tuple[str, str]] = field(default_factory=list)  # (email, role)
    entries: int = 0
    countries: int = 0
    past_edition: Contest | None = None
    laureates: list[Entry] = field(default_factory=list)
    now: datetime | None = None


def demo_exists() -> bool:
    return Contest.objects.filter(slug=SLUG).exists()


def _tokyo_midnight(day: datetime) -> datetime:
    tz = zoneinfo.ZoneInfo(TIME_ZONE)
    return datetime.combine(day.astimezone(tz).date(), time(0), tzinfo=tz)


def build_organisation() -> Organisation:
    """Kling AI, which runs the NEXTGEN Creative Contest editions."""
    organisation, _created = Organisation.objects.update_or_create(
        slug=ORGANISATION_SLUG,
        defaults={"name": "Kling AI", "default_language": "en", "time_zone": TIME_ZONE},
    )
    return organisation


def _category(contest: Contest, slug: str, name: str, order: int) -> Category:
    category = Category(contest=contest, slug=slug, order=order)
    texts.store(category, "name", {"en": name, **CATEGORY_NAMES[slug]}, default_language="en")
    return category


def _new_contest(*, year: int, slug: str, opens_at: datetime, closes_at: datetime,
                 description: dict[str, str]) -> Contest:
    contest = Contest(
        organisation=build_organisation(), slug=slug, default_language="en",
        languages=LANGUAGES, rules_version=f"{year}.1", opens_at=opens_at,
        closes_at=closes_at, time_zone=TIME_ZONE, max_entries_per_entrant=3, min_runtime_s=30,
        max_runtime_s=600,
    )
    texts.store(contest, "name", {code: name.format(year=year)
                                  for code, name in CONTEST_NAMES.items()}, default_language="en")
    texts.store(contest, "description", description, default_language="en")
    texts.store(contest, "rules_text", RULES, default_language="en")
    contest.save()
    with texts.writing():
        Category.objects.bulk_create(
            _category(contest, slug, name, index) for index, (slug, name) in enumerate(CATEGORIES)
        )
    return contest


def build_contest(*, now: datetime) -> Contest:
    return _new_contest(
        year=2026, slug=SLUG,
        description={
            "en": "An international contest for short films made with generative AI: "
                  "narrative, experimental, music video, documentary and animation. Open to "
                  "creators in every country; the jury watches every eligible film blind.",
            "ja": "生成AIで制作された短編映画の国際コンテストです。ナラティブ、実験映像、"
                  "ミュージックビデオ、ドキュメンタリー、アニメーションの5部門。世界中の"
                  "クリエイターが応募でき、審査員は応募者名を伏せてすべての作品を審査します。",
            "zh-hans": "面向生成式AI短片的国际大赛：剧情、实验、音乐视频、纪录片和动画。"
                       "向所有国家的创作者开放；评委以匿名方式观看每一部合格作品。",
        },
        opens_at=_tokyo_midnight(now - timedelta(days=45)),
        # Entries close at the end of the day, Tokyo time, about four weeks from now.
        closes_at=_tokyo_midnight(now + timedelta(days=29)),
    )


def build_past_edition(*, rng: random.Random, now: datetime,
                       entries: int = PAST_ENTRIES) -> tuple[Contest, list[Entry]]:
    """The closed 2025 edition: the three laureates among ``entries`` validated entries."""
    contest = _new_contest(
        year=2025, slug=PAST_SLUG,
        description={
            "en": "The 2025 edition of the international contest for short films made with "
                  "generative AI. The jury's winners were screened in Tokyo.",
            "ja": "生成AIで制作された短編映画の国際コンテスト、2025年大会。"
                  "受賞作品は東京で上映されました。",
            "zh-hans": "生成式AI短片国际大赛2025年度赛事。评委选出的获奖作品已在东京放映。",
        },
        opens_at=_tokyo_midnight(now - timedelta(days=420)),
        closes_at=_tokyo_midnight(now - timedelta(days=330)),
    )
    ended = contest.closes_at - timedelta(days=1)
    laureates = build_laureates(contest=contest, now=ended, year=2025)
    build_entries(rng=rng, contest=contest, entries=max(entries - len(laureates), 1), now=ended,
                  prefix="entrant2025-", status_weights=PAST_STATUS_WEIGHTS, extras=False)
    return contest, laureates


def _groups() -> dict[str, Group]:
    return {role.value: Group.objects.get_or_create(name=role.value)[0] for role in Role}


def build_accounts(*, password_hash: str) -> list[tuple[str, str]]:
    """The organiser, five jurors and one entrant, verified, all with the demo password."""
    groups = _groups()
    accounts = []
    for email, role, native, latin, country in ACCOUNTS:
        user, _created = User.objects.update_or_create(
            email=email,
            defaults={"name_native": native, "name_latin": latin, "country": country,
                      "password": password_hash, "is_active": True},
        )
        user.groups.add(groups[role.value])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        accounts.append((email, str(role.label)))
    return accounts


def _name(rng: random.Random, script: str) -> tuple[str, str]:
    pool = SCRIPTS[script]
    family, given = rng.choice(pool["family"]), rng.choice(pool["given"])
    order = pool["order"]
    if order == "family_first_joined":
        return family[0] + given[0], f"{family[1]} {given[1]}"
    if order == "family_first_spaced":
        return f"{family[0]} {given[0]}", f"{given[1]} {family[1]}"
    return f"{given[0]} {family[0]}", f"{given[1]} {family[1]}"


def _script_and_language(country: str) -> tuple[str, str]:
    if country in COUNTRY_SCRIPT:
        return COUNTRY_SCRIPT[country]
    return "latin", LATIN_LANGUAGE.get(country, "en")


def _country_plan(rng: random.Random, count: int) -> list[str]:
    """Every country once, then the rest weighted toward the first (largest) countries."""
    weights = [1 / (rank + 4) for rank in range(len(COUNTRIES))]
    rest = rng.choices(COUNTRIES, weights=weights, k=max(count - len(COUNTRIES), 0))
    return (COUNTRIES + rest)[:count]


def _entries_per_entrant(rng: random.Random, total: int) -> list[int]:
    sizes = []
    while sum(sizes) < total:
        sizes.append(min(rng.choices([1, 2, 3], weights=[60, 25, 15])[0], total - sum(sizes)))
    return sizes


def _title(rng: random.Random, script: str, language: str) -> tuple[str, str]:
    english = f"{rng.choice(ENGLISH_ADJECTIVES)} {rng.choice(ENGLISH_NOUNS)}"
    titles = SCRIPTS[script]["titles"]
    if titles and rng.random() < 0.8:
        return rng.choice(titles)
    return english, english


# Generated entrants never log in; one unusable value spares thousands of hash calls.
UNUSABLE = UNUSABLE_PASSWORD_PREFIX + "demo-entrant"


def build_entrants(*, rng: random.Random, count: int, prefix: str = "entrant") -> list[User]:
    """``count`` entrants who cannot log in (no usable password), one country each."""
    users = []
    for index, country in enumerate(_country_plan(rng, count)):
        native, latin = _name(rng, _script_and_language(country)[0])
        school = ORGANISATIONS.get(country, "") if rng.random() < 0.1 else ""
        users.append(User(
            email=f"{prefix}{index:05d}@{ENTRANT_EMAIL_DOMAIN}", name_native=native,
            name_latin=latin, country=country, password=UNUSABLE, organisation=school,
        ))
    users = User.objects.bulk_create(users, batch_size=1000)
    entrant_group = _groups()[Role.ENTRANT.value]
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=user.pk, group_id=entrant_group.pk) for user in users],
        batch_size=2000,
    )
    return users


def _entry(rng, *, contest, categories, entrant, status, now) -> Entry:
    script, language = _script_and_language(entrant.country.code)
    title_original, title_english = _title(rng, script, language)
    synopsis_english = rng.choice(ENGLISH_SYNOPSES)
    tools = rng.sample([t for t in AITool.values if t != AITool.OTHER], k=rng.randint(1, 3))
    submitted = status != EntryStatus.DRAFT
    return Entry(
        contest=contest, entrant=entrant, category=rng.choice(categories),
        title_original=title_original, title_english=title_english,
        original_language=language,
        synopsis_original=SCRIPTS[script]["synopsis"] or synopsis_english,
        synopsis_english=synopsis_english, runtime_s=rng.randint(30, 600), ai_tools=tools,
        ai_tools_other=rng.choice(AI_TOOLS_OTHER) if rng.random() < 0.1 else "",
        rights_declared=submitted, rules_consent_version=contest.rules_version if submitted else "",
        rules_consented_at=now if submitted else None, status=status,
        status_reason=rng.choice(DISQUALIFY_REASONS) if status == EntryStatus.DISQUALIFIED else "",
        submitted_at=(contest.opens_at + (now - contest.opens_at) * rng.random())
        if submitted else None,
    )


def _credits_for(rng: random.Random, entry: Entry) -> list[Credit]:
    entrant = entry.entrant
    credits = [Credit(entry=entry, name_native=entrant.name_native, name_latin=entrant.name_latin,
                      role=CreditRole.DIRECTOR, country=entrant.country, user=entrant, order=0)]
    script = _script_and_language(entrant.country.code)[0]
    roles = [CreditRole.WRITER, CreditRole.COMPOSER, CreditRole.AI_ARTIST, CreditRole.EDITOR,
             CreditRole.PRODUCER, CreditRole.SOUND]
    for order in range(1, rng.choice([1, 1, 2, 2, 3])):
        native, latin = _name(rng, script)
        credits.append(Credit(entry=entry, name_native=native, name_latin=latin,
                              role=rng.choice(roles), country=entrant.country,
                              is_author=order == 1, order=order))
    return credits


def _unique_codes(rng: random.Random, count: int) -> list[str]:
    """Entry codes drawn from the demo's seeded generator: the same demo every time, so its
    queues, scores and flags do not change from one load to the next."""
    taken = set(Entry.objects.values_list("code", flat=True))
    codes: list[str] = []
    while len(codes) < count:
        code = "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in taken:
            taken.add(code)
            codes.append(code)
    return codes


def build_entries(*, rng: random.Random, contest: Contest, entries: int, now: datetime,
                  prefix: str = "entrant", status_weights=STATUS_WEIGHTS,
                  extras: bool = True) -> int:
    """``entries`` received entries, plus (``extras``) a few drafts and withdrawn ones on top."""
    categories = list(contest.categories.all())
    sizes = _entries_per_entrant(rng, entries)
    entrants = build_entrants(rng=rng, count=len(sizes), prefix=prefix)
    statuses, weights = zip(*status_weights, strict=True)
    rows = []
    for entrant, size in zip(entrants, sizes, strict=True):
        for _ in range(size):
            status = rng.choices(statuses, weights=weights)[0]
            rows.append(_entry(rng, contest=contest, categories=categories, entrant=entrant,
                               status=status, now=now))
    for index in range(max(entries // 50, 1) if extras else 0):
        status = EntryStatus.DRAFT if index % 2 else EntryStatus.WITHDRAWN
        rows.append(_entry(rng, contest=contest, categories=categories,
                           entrant=entrants[index % len(entrants)], status=status, now=now))
    for entry, code in zip(rows, _unique_codes(rng, len(rows)), strict=True):
        entry.code = code
    Entry.objects.bulk_create(rows, batch_size=1000)
    Credit.objects.bulk_create(
        [credit for entry in rows for credit in _credits_for(rng, entry)], batch_size=2000
    )
    return entries


def build_laureates(*, contest: Contest, now: datetime, year: int) -> list[Entry]:
    """The three laureate films, each entered by its first-credited author, ``now``."""
    categories = {category.slug: category for category in contest.categories.all()}
    group = _groups()[Role.ENTRANT.value]
    made = []
    for title, title_english, language, category, country, people in LAUREATES:
        native, latin, _role = people[0]
        email = f"{latin.lower().replace(' ', '.')}@{ENTRANT_EMAIL_DOMAIN}"
        entrant = User.objects.create(email=email, name_native=native, name_latin=latin,
                                      country=country, password=make_password(None))
        entrant.groups.add(group)
        entry = Entry.objects.create(
            contest=contest, entrant=entrant, category=categories[category],
            title_original=title, title_english=title_english, original_language=language,
            synopsis_original=SCRIPTS[_script_and_language(country)[0]]["synopsis"],
            synopsis_english=f"{title_english}: a laureate of the {year} edition.",
            runtime_s=480, ai_tools=[AITool.KLING, AITool.RUNWAY], rights_declared=True,
            rules_consent_version=contest.rules_version, rules_consented_at=now,
            status=EntryStatus.ELIGIBLE, submitted_at=now - timedelta(days=20),
        )
        Credit.objects.bulk_create(
            Credit(entry=entry, name_native=n, name_latin=lat, role=role, country=country,
                   user=entrant if index == 0 else None, order=index)
            for index, (n, lat, role) in enumerate(people)
        )
        made.append(entry)
    return made


def build_entrant_account_entries(*, contest: Contest, now: datetime) -> None:
    """Give the demo entrant one eligible entry and one draft to work on."""
    entrant = User.objects.get(email="entrant@marquee.test")
    rng = random.Random(7)  # noqa: S311 -- demo data, not secrets
    categories = list(contest.categories.all())
    for status in (EntryStatus.ELIGIBLE, EntryStatus.DRAFT):
        entry = _entry(rng, contest=contest, categories=categories, entrant=entrant,
                       status=status, now=now)
        entry.save()
        Credit.objects.bulk_create(_credits_for(rng, entry))


# Invalid films of the demo and why (the codes and parameters validation stores).
DEMO_REFUSALS = [
    [{"code": "resolution_too_low",
      "params": {"width": 1280, "height": 720, "min_long": 1920, "min_short": 1080}}],
    [{"code": "too_long", "params": {"duration": 1034.0, "max": 900.0}}],
    [{"code": "video_codec_not_allowed",
      "params": {"codec": "mpeg4", "allowed": ["h264", "hevc", "vp9", "av1", "prores"]}}],
    [{"code": "decode_error", "params": {}}],
    [{"code": "truncated", "params": {"decoded": 41.2, "declared": 182.0}}],
]


def _demo_video(rng: random.Random, entry_id: int, runtime_s: int, valid: bool,
                now: datetime) -> Video:
    """A video row with a plausible verdict (no bytes: the demo does not encode 4,600 films)."""
    width, height = rng.choice([(1920, 1080), (1920, 1080), (3840, 2160), (1080, 1920)])
    metadata = {
        "container": "mp4", "video_codec": rng.choice(["h264", "h264", "hevc"]),
        "width": width, "height": height, "display_width": width, "display_height": height,
        "rotation": 0, "duration_s": float(runtime_s), "fps": rng.choice([24.0, 25.0, 30.0]),
        "has_audio": True, "audio_codec": "aac",
    }
    checked = now - timedelta(days=rng.randint(1, 20))
    return Video(
        entry_id=entry_id, is_current=True, file=f"demo/{entry_id}.mp4",
        original_filename=rng.choice(["final.mp4", "master_v3.mov", "film.mp4", "export.webm"]),
        size_bytes=runtime_s * rng.randint(1_000_000, 2_500_000),
        status=VideoStatus.VALID if valid else VideoStatus.INVALID,
        reasons=[] if valid else rng.choice(DEMO_REFUSALS), metadata=metadata,
        probe_checked_at=checked, decode_checked_at=checked, validated_at=checked,
        result_emailed_at=checked, attempts=1,
    )


def build_videos(*, rng: random.Random, contest: Contest, now: datetime) -> int:
    """One current video per entry with a final verdict matching the entry's status.

    Eligible entries have a valid film, submitted ones mostly an invalid film, and half the
    drafts no film yet (the demo entrant's draft among them, to try an upload). No demo film
    is left pending: the sweeper would queue films whose bytes do not exist.
    """
    rows = []
    entries = Entry.objects.filter(contest=contest).order_by("pk")
    for pk, status, runtime, email in entries.values_list(
        "pk", "status", "runtime_s", "entrant__email"
    ):
        if status == EntryStatus.DRAFT and (email == "entrant@marquee.test" or rng.random() < 0.5):
            continue
        valid = status != EntryStatus.SUBMITTED or rng.random() < 0.25
        rows.append(_demo_video(rng, pk, runtime, valid, now))
    Video.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


@transaction.atomic
def load_demo(*, entries: int = 4600, seed: int = 2026) -> DemoResult:
    """Build the contest side of the demo in one transaction.

    ``entries`` received entries in the open 2026 edition (the demo entrant's included), and
    the closed 2025 edition with the three laureates.
    """
    now = timezone.now()
    rng = random.Random(seed)  # noqa: S311 -- demo data, not secrets
    contest = build_contest(now=now)
    accounts = build_accounts(password_hash=make_password(PASSWORD))
    Membership.objects.update_or_create(
        organisation=contest.organisation, user=User.objects.get(email=ORGANISER_EMAIL),
        defaults={"role": OrgRole.OWNER},
    )
    build_entries(rng=rng, contest=contest, entries=max(entries - 1, 1), now=now)
    build_entrant_account_entries(contest=contest, now=now)
    past, laureates = build_past_edition(rng=rng, now=now)
    for edition in (contest, past):
        build_videos(rng=rng, contest=edition, now=now)
    from contest.selectors import contest_stats

    stats = contest_stats(contest=contest)
    return DemoResult(contest=contest, accounts=accounts, entries=stats.total,
                      countries=stats.countries, past_edition=past, laureates=laureates, now=now)


@transaction.atomic
def remove_demo() -> None:
    """Delete the demo contests and their generated entrants (the named accounts stay).

    Remove the judging side first (``judging.demo.remove_judging``): awards protect entries.
    """
    # Entries first: categories are protected while entries point at them.
    Entry.objects.filter(contest__slug__in=[SLUG, PAST_SLUG]).delete()
    Contest.objects.filter(slug__in=[SLUG, PAST_SLUG]).delete()
    Organisation.objects.filter(slug=ORGANISATION_SLUG, contests__isnull=True).delete()
    User.objects.filter(email__endswith=f"@{ENTRANT_EMAIL_DOMAIN}").delete()
