"""Reads shared by pages and API: each selector does its joins once, whatever the row count."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import CharField, Count, F, Func, Prefetch, Q, QuerySet
from django.utils import translation
from django_countries import countries

from accounts.models import Organisation
from accounts.rules import organisations_with_role

from . import questions as question_rules
from .enums import EntryStatus, QuestionVisibility
from .models import Category, Contest, Entry, EntryMaterial, Question, Video
from .rules import CREATES_CONTESTS

# Entries that were received: submitted at some point and not taken back.
RECEIVED_STATUSES = (EntryStatus.SUBMITTED, EntryStatus.ELIGIBLE, EntryStatus.DISQUALIFIED)


def _with_details(queryset: QuerySet[Entry], *, duplicates: bool = False) -> QuerySet[Entry]:
    """Contest, category, credits and the current video (as ``current_videos``) in 3 queries.

    ``duplicates`` also loads the entry each video duplicates: organisers see that flag,
    entrants do not, and the two extra joined tables cost every entrant's request time.
    """
    videos = Video.objects.filter(is_current=True)
    if duplicates:
        videos = videos.select_related("duplicate_of__entry")
    return queryset.select_related("contest", "category").prefetch_related(
        "credits", Prefetch("videos", queryset=videos, to_attr="current_videos"),
    )


def entries_for_entrant(*, entrant, contest: Contest | None = None) -> QuerySet[Entry]:
    """An entrant's own entries, newest first."""
    queryset = Entry.objects.filter(entrant=entrant)
    if contest is not None:
        queryset = queryset.filter(contest=contest)
    return _with_details(queryset).order_by("-created_at", "-id")


def entries_for_contest(
    *,
    contest: Contest,
    status: str | None = None,
    category: Category | None = None,
    country: str | None = None,
) -> QuerySet[Entry]:
    """A contest's entries for organisers, with the entrant, optionally filtered."""
    queryset = Entry.objects.filter(contest=contest)
    if status:
        queryset = queryset.filter(status=status)
    if category is not None:
        queryset = queryset.filter(category=category)
    if country:
        queryset = queryset.filter(entrant__country=country)
    # Newest first by primary key: ids follow creation order, and the key's index spares the
    # database a sort of every entry of the contest to return one page.
    return _with_details(queryset.select_related("entrant"), duplicates=True).order_by("-id")


def organisations_creating_contests(*, user) -> QuerySet[Organisation]:
    """The organisations in which ``user`` may create a contest (owners and managers)."""
    return Organisation.objects.filter(pk__in=organisations_with_role(user, *CREATES_CONTESTS))


def open_contests() -> QuerySet[Contest]:
    return Contest.objects.prefetch_related("categories").order_by("-opens_at")


@dataclass(frozen=True)
class CountryCount:
    code: str
    name: str
    count: int


@dataclass(frozen=True)
class CategoryCount:
    category: Category
    count: int


@dataclass(frozen=True)
class ContestStats:
    """The organiser overview's numbers. ``total`` counts received entries."""

    total: int
    by_status: dict[str, int]
    by_country: list[CountryCount] = field(default_factory=list)
    by_category: list[CategoryCount] = field(default_factory=list)

    @property
    def countries(self) -> int:
        return len(self.by_country)

    @property
    def eligible(self) -> int:
        return self.by_status.get(EntryStatus.ELIGIBLE, 0)


def contest_stats(*, contest: Contest) -> ContestStats:
    """Counts by status (every status), and by country and category of received entries.

    Three queries whatever the number of entries: one per grouping.
    """
    entries = Entry.objects.filter(contest=contest)
    by_status = {status: 0 for status in EntryStatus.values}
    for row in entries.order_by().values("status").annotate(n=Count("id")):
        by_status[row["status"]] = row["n"]
    received = entries.filter(status__in=RECEIVED_STATUSES).order_by()
    country_rows = received.values_list("entrant__country").annotate(n=Count("id"))
    by_country = sorted(
        (
            CountryCount(code=code, name=str(countries.name(code)), count=n)
            for code, n in country_rows
            if code
        ),
        key=lambda item: (-item.count, item.name),
    )
    category_counts = dict(received.values_list("category").annotate(n=Count("id")))
    by_category = [
        CategoryCount(category=category, count=category_counts.get(category.pk, 0))
        for category in contest.categories.all()
    ]
    total = sum(by_status[status] for status in RECEIVED_STATUSES)
    return ContestStats(total=total, by_status=by_status, by_country=by_country,
                        by_category=by_category)


FLAGGED_LIMIT = 200


def duplicate_videos(*, contest: Contest, limit: int = FLAGGED_LIMIT) -> list[Video]:
    """Current videos flagged as exact or near copies of another entry's film (one query)."""
    return list(
        Video.objects.filter(entry__contest=contest, is_current=True, duplicate_of__isnull=False)
        .select_related("entry", "duplicate_of__entry").order_by("duplicate_kind", "-created_at")
        [:limit]
    )


def credentialed_videos(*, contest: Contest, limit: int = FLAGGED_LIMIT) -> list[Video]:
    """Current videos whose content credentials (C2PA) name a generator (one query)."""
    return list(
        Video.objects.filter(entry__contest=contest, is_current=True).exclude(c2pa_generator="")
        .select_related("entry").order_by("c2pa_generator", "entry_id")[:limit]
    )


def current_video_status(*, entry_id: int) -> Video | None:
    """The entry's current film with just what its status shows, in one small query."""
    return (
        Video.objects.filter(entry_id=entry_id, is_current=True)
        .only("status", "original_filename", "size_bytes", "reasons", "probe_checked_at",
              "decode_checked_at", "validated_at")
        .first()
    )


def replaced_videos(*, entry: Entry) -> list[Video]:
    """The entry's earlier films, newest first, each with ``kept_until``: when the daily purge
    deletes its files (``None`` once they are gone)."""
    videos = list(
        entry.videos.filter(is_current=False)
        .only("entry_id", "file", "original_filename", "size_bytes", "sha256", "status",
              "replaced_at", "created_at")
        .order_by("-replaced_at", "-pk")
    )
    for video in videos:
        video.kept_until = (video.replaced_at + settings.MARQUEE_REPLACED_FILM_RETENTION
                            if video.file and video.replaced_at else None)
    return videos


def entry_by_code(*, contest: Contest, code: str) -> Entry | None:
    """The contest's entry with this anonymous code, or None.

    Codes are stored upper-case; people type them from a screen or a sheet, so surrounding
    spaces and lower case are forgiven here, in the one place every form and endpoint asks.
    """
    normalised = (code or "").strip().upper()
    if not normalised:
        return None
    return Entry.objects.filter(contest=contest, code=normalised).first()


def questions_of_contest(*, contest: Contest | int) -> list[Question]:
    """Every question of a contest, archived ones too (their answers are still shown), in
    form order: one query."""
    contest_id = getattr(contest, "pk", contest)
    return list(Question.objects.filter(contest_id=contest_id).order_by(
        F("archived_at").asc(nulls_first=True), "order", "pk"))


def answer_counts(*, contest: Contest | int) -> dict[str, int]:
    """How many entries answered each question key of a contest, in one query."""
    keys = Func(F("answers"), function="jsonb_object_keys", output_field=CharField())
    rows = (Entry.objects.filter(contest_id=getattr(contest, "pk", contest))
            .annotate(key=keys).values("key").annotate(count=Count("id")).order_by())
    return {row["key"]: row["count"] for row in rows}


def question_list(*, contest: Contest) -> list[Question]:
    """The organiser's list: every question with its categories and how many entries answered
    it (``answer_count``), in three queries whatever their number."""
    questions = list(Question.objects.filter(contest=contest).prefetch_related("categories")
                     .order_by(F("archived_at").asc(nulls_first=True), "order", "pk"))
    counts = answer_counts(contest=contest)
    for question in questions:
        question.answer_count = counts.get(question.key, 0)
    return questions


# Who reads which answers: jurors judge blind, so only the questions marked for them.
JUROR_LEVELS = (QuestionVisibility.JURORS, QuestionVisibility.PUBLIC)
PUBLIC_LEVELS = (QuestionVisibility.PUBLIC,)


@dataclass(frozen=True)
class ShownAnswer:
    key: str
    label: str
    text: str
    archived: bool


def questions_with_categories(*, contest: Contest | int) -> list[Question]:
    """Every question of a contest with its categories (two queries), for showing answers."""
    contest_id = getattr(contest, "pk", contest)
    return list(Question.objects.filter(contest_id=contest_id).prefetch_related("categories")
                .order_by(F("archived_at").asc(nulls_first=True), "order", "pk"))


def shown_answers(questions: Iterable[Question], answers: Mapping[str, Any], *,
                  contest: Contest, levels: Iterable[str] | None = None,
                  category_id: int | None = None) -> list[ShownAnswer]:
    """The answers as a reader sees them, in question order and the reader's language.

    ``levels`` keeps only the questions of those visibilities (None: all, for organisers and
    the entrant); with ``category_id`` (categories prefetched), only the questions asked in
    that category: an answer left from another category is not shown to jurors or the public.
    """
    wanted = None if levels is None else set(levels)
    language = translation.get_language() or contest.default_language
    shown = []
    for question in questions:
        if wanted is not None and question.visibility not in wanted:
            continue
        if category_id is not None:
            ids = [category.pk for category in question.categories.all()]
            if ids and category_id not in ids:
                continue
        if question_rules.is_empty(answers.get(question.key)):
            continue
        shown.append(ShownAnswer(
            key=question.key, label=question.label, archived=question.archived_at is not None,
            text=question_rules.display_answer(question, answers[question.key],
                                               language=language,
                                               default_language=contest.default_language)))
    return shown


def juror_answers(*, entry: Entry, contest: Contest) -> list[ShownAnswer]:
    """What a juror reads of an entry's answers: the juror-visible questions of its category
    only, never an organisers-only one (two queries)."""
    return shown_answers(questions_with_categories(contest=contest), entry.answers,
                         contest=contest, levels=JUROR_LEVELS, category_id=entry.category_id)


def file_names_in_use(names, *, excluding_video: int | None = None) -> set[str]:
    """Those of ``names`` that a video row (but ``excluding_video``) names as its film, poster
    or preview, or an entry material row as one of its files.

    Deleting a stored file is safe only once no row names it: the demo's thousands of video
    rows share a few stored films (and their subtitles), and forgetting one demo entrant must
    not take the others'. Asked after the deleting transaction committed, so the rows that
    went are no longer counted.
    """
    names = {name for name in names if name}
    if not names:
        return set()
    rows = Video.objects.filter(Q(file__in=names) | Q(poster__in=names) | Q(preview__in=names))
    if excluding_video is not None:
        rows = rows.exclude(pk=excluding_video)
    in_use = {name for row in rows.values_list("file", "poster", "preview") for name in row}
    materials = EntryMaterial.objects.filter(
        Q(upload__in=names) | Q(file__in=names) | Q(thumbnail__in=names))
    in_use.update(name for row in materials.values_list("upload", "file", "thumbnail")
                  for name in row)
    return names & in_use
