"""Figures for the organiser dashboard, each from one aggregate query, counted once per
state of the contest's entries (intake) or per results version of a round (progress)."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, FilteredRelation, Q

from contest.enums import EntryStatus, VideoStatus
from contest.models import Contest, Entry, Video

from ..enums import ScoreStatus
from ..exports.rows import country_name, entry_counts, statistics
from ..models import Assignment, Juror, Round
from ..selectors.results_cache import entries_fingerprint, remembered, remembered_for_entries

CHART_WIDTH = 640
LABEL_WIDTH = 190
BAR_HEIGHT = 16
BAR_GAP = 4
TOP_COUNTRIES = 30


@dataclass
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    text_x: float
    text_y: float


@dataclass
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    label_width: int


def bar_chart(items: list[tuple[str, int]]) -> BarChart:
    """Lay out a horizontal bar chart for server-rendered SVG (pure function)."""
    top = max((value for _label, value in items), default=0) or 1
    span = CHART_WIDTH - LABEL_WIDTH - 50
    bars = []
    for index, (label, value) in enumerate(items):
        y = index * (BAR_HEIGHT + BAR_GAP)
        width = span * value / top
        bars.append(Bar(label, value, LABEL_WIDTH, y, round(width, 1),
                        round(LABEL_WIDTH + width + 4, 1), y + BAR_HEIGHT - 4))
    return BarChart(bars, CHART_WIDTH, max(len(items) * (BAR_HEIGHT + BAR_GAP), BAR_HEIGHT),
                    LABEL_WIDTH)


def intake_funnel(*, contest: Contest) -> dict[str, int]:
    """Drafts, submitted, valid, invalid, disqualified, eligible (one query).

    The current video is joined as a filtered relation: an entry has at most one (a unique
    constraint), so plain counts suffice where COUNT(DISTINCT) made the query five times
    slower.
    """
    submitted = Q(status__in=(EntryStatus.SUBMITTED, EntryStatus.ELIGIBLE,
                              EntryStatus.DISQUALIFIED))
    return Entry.objects.filter(contest=contest).annotate(
        current=FilteredRelation("videos", condition=Q(videos__is_current=True)),
    ).aggregate(
        drafts=Count("id", filter=Q(status=EntryStatus.DRAFT)),
        submitted=Count("id", filter=submitted),
        valid=Count("id", filter=submitted & Q(current__status=VideoStatus.VALID)),
        invalid=Count("id", filter=submitted & Q(current__status=VideoStatus.INVALID)),
        disqualified=Count("id", filter=Q(status=EntryStatus.DISQUALIFIED)),
        eligible=Count("id", filter=Q(status=EntryStatus.ELIGIBLE)),
    )


def failures_by_reason(*, contest: Contest) -> list[tuple[str, int]]:
    """How often each validation reason code appears on current invalid videos (one query)."""
    counter: Counter[str] = Counter()
    reasons = Video.objects.filter(
        entry__contest=contest, is_current=True, status=VideoStatus.INVALID
    ).values_list("reasons", flat=True)
    for reason_list in reasons:
        codes = {r.get("code", "") for r in reason_list or [] if isinstance(r, dict)}
        counter.update(code for code in codes if code)
    return counter.most_common()


@dataclass
class JurorProgress:
    name: str
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def _round_progress(round_: Round) -> dict[int, tuple[int, int]]:
    """``{juror id: (submitted, assigned)}`` in one round, counted once per results version
    (a submission or an assignment change moves it on)."""
    def count() -> dict[int, tuple[int, int]]:
        rows = (Assignment.objects.filter(round=round_).order_by().values("juror_id")
                .annotate(total=Count("id"),
                          done=Count("id", filter=Q(score__status=ScoreStatus.SUBMITTED))))
        return {row["juror_id"]: (row["done"], row["total"]) for row in rows}

    return remembered(round_id=round_.pk, version=round_.results_version, name="progress",
                      compute=count)


def juror_progress(*, contest: Contest) -> list[tuple[Round, list[JurorProgress], int, int]]:
    """Per round, each juror's submitted / assigned scores (two queries, the rounds and the
    jurors' names, once each round's counts are known for its results version)."""
    rounds = list(Round.objects.filter(contest=contest).order_by("order"))
    counts = {round_.pk: _round_progress(round_) for round_ in rounds}
    jurors = {juror_id for by_juror in counts.values() for juror_id in by_juror}
    names = (Juror.objects.filter(pk__in=jurors).order_by("user__name_latin", "pk")
             .values_list("pk", "user__name_native", "user__name_latin", "former_number")
             ) if jurors else []
    result = []
    for round_ in rounds:
        by_juror = counts[round_.pk]
        progress = [JurorProgress(native or latin or Juror(former_number=former).former_name,
                                  *by_juror[pk])
                    for pk, native, latin, former in names if pk in by_juror]
        result.append((round_, progress, sum(j.done for j in progress),
                       sum(j.total for j in progress)))
    return result


def _entry_figures(contest: Contest, fingerprint: str) -> tuple:
    """The funnel, the counts by country and category and the validation failures: counted
    once per state of the contest's entries (four queries on a miss, none after)."""
    return remembered_for_entries(
        contest_id=contest.pk, fingerprint=fingerprint, name="dashboard",
        compute=lambda: (intake_funnel(contest=contest), entry_counts(contest=contest),
                         failures_by_reason(contest=contest)),
    )


def dashboard_figures(*, contest: Contest, fingerprint: str | None = None) -> dict:
    """Every figure of the dashboard; ``fingerprint``: the request's ``entries_fingerprint``."""
    fingerprint = entries_fingerprint(contest=contest) if fingerprint is None else fingerprint
    funnel, counts, failures = _entry_figures(contest, fingerprint)
    stats = statistics(contest=contest, counts=counts)
    countries = [(country_name(code) or "—", count) for code, count in stats["by_country"]]
    return {
        "funnel": funnel,
        "stats": stats,
        "country_chart": bar_chart(countries[:TOP_COUNTRIES]),
        "countries": countries,
        "category_chart": bar_chart(stats["by_category"]),
        "failures": failures,
        "progress": juror_progress(contest=contest),
    }
