"""The judging side of the demo: juries, rounds, scores, awards and published winners.

The 2026 edition gets a jury of the five demo jurors (profiles, declared conflicts), an open
screening round assigned by the min-cost-flow assignment and part-scored, and its award
categories. The closed 2025 edition is judged to the end (screening, final, awards locked,
results published) so its public winners page shows the three laureates.

Everything goes through the project's services except the marks themselves: thousands of
``save_draft`` / ``submit_score`` calls would take minutes, so the scores are written in
bulk with the weighted score and the audit row that ``submit_score`` would have written.
Each juror marks with a bias, a sensitivity to the film's quality and some noise, so the
calibrated ranking and the juror statistics on the results page have something to show.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from accounts.enums import Role
from accounts.models import User
from contest.models import Contest, Entry
from core.models import AuditEvent, scope_of
from demo import contests as contest_demo
from judging.enums import ConflictKind, RoundKind, ScoreStatus
from judging.models import (
    Assignment,
    Award,
    AwardPlacement,
    Criterion,
    Juror,
    JurorInvitation,
    Round,
    Score,
)
from judging.selectors.ranking import ranking
from judging.services import awards as award_services
from judging.services import jurors as juror_services
from judging.services import publication
from judging.services import rounds as round_services
from judging.services import texts as text_services
from judging.services.scoring import weighted_score

RUBRIC = [
    ("Story", "30", "Structure, clarity and originality of what the film tells."),
    ("Visual craft", "25", "Composition, consistency and finish of the images."),
    ("Creative use of AI", "25", "How the generative tools serve the film rather than show off."),
    ("Emotional impact", "20", "What stays with you after the last frame."),
]
# The award and criterion names in the contest's other languages (Japanese, Chinese).
AWARD_NAMES = {
    "Grand Prize": {"name_ja": "グランプリ", "name_zh_hans": "大奖"},
    "Jury Prize": {"name_ja": "審査員賞", "name_zh_hans": "评审团奖"},
    "Best Visual Effects": {"name_ja": "最優秀視覚効果賞", "name_zh_hans": "最佳视觉效果奖"},
    "Audience Award": {"name_ja": "観客賞", "name_zh_hans": "观众奖"},
}
CRITERION_NAMES = {
    "Story": {"name_ja": "物語", "name_zh_hans": "故事"},
    "Visual craft": {"name_ja": "映像表現", "name_zh_hans": "视觉工艺"},
    "Creative use of AI": {"name_ja": "AIの創造的な活用", "name_zh_hans": "AI的创造性运用"},
    "Emotional impact": {"name_ja": "感情への訴求", "name_zh_hans": "情感冲击"},
}
# (name, description), one place each, in the order shown.
AWARDS = [
    ("Grand Prize", "The jury's best film of the edition."),
    ("Jury Prize", "A film the jury wants to single out for its vision."),
    ("Best Visual Effects", "The most accomplished imagery."),
    ("Audience Award", "Chosen by the audience of the Tokyo screening."),
]
# The 2025 winners of the first three awards (English title, deliberation notes); the
# audience's pick is the best-ranked other finalist.
PAST_WINNERS = [
    ("Alzheimer", "First in the final ranking."),
    ("BOZULMA (The Distortion)", "The jury's unanimous choice for its form."),
    ("Ghost Lap", ""),
]
PAST_FINALISTS = 8


@dataclass(frozen=True)
class JurorStyle:
    """How a demo juror marks and how far through the 2026 queue they are."""

    email: str
    languages: tuple[str, ...]
    categories: tuple[str, ...]
    bias: float  # added to every mark: harsh below zero, lenient above
    sensitivity: float  # how closely the marks follow the film's quality
    noise: float
    submitted: float  # share of the queue submitted
    drafts: float  # share of the queue saved as drafts


JURORS = [
    JurorStyle("juror1@marquee.test", ("en", "fr"), ("documentary",),
               bias=0.0, sensitivity=1.0, noise=0.6, submitted=0.8, drafts=0.04),
    JurorStyle("juror2@marquee.test", ("zh-hans", "en", "ja"), ("animation",),
               bias=1.5, sensitivity=0.6, noise=0.5, submitted=0.65, drafts=0.05),
    JurorStyle("juror3@marquee.test", ("uk", "ru", "en"), ("experimental",),
               bias=-1.8, sensitivity=1.2, noise=0.7, submitted=0.5, drafts=0.06),
    # Erratic: her marks barely follow the panel, so the results page flags her.
    JurorStyle("juror4@marquee.test", ("ar", "fr", "en"), ("narrative",),
               bias=0.4, sensitivity=0.15, noise=2.2, submitted=0.4, drafts=0.05),
    JurorStyle("juror5@marquee.test", ("es", "pt", "en"), ("music-video",),
               bias=-0.5, sensitivity=1.0, noise=0.6, submitted=0.15, drafts=0.08),
]


@dataclass
class Jury:
    organiser: User
    seats: dict[int, Juror]  # juror id -> seat
    styles: dict[int, JurorStyle]  # juror id -> style


def _organiser() -> User:
    email = next(email for email, role, *_rest in contest_demo.ACCOUNTS
                 if role == Role.ORGANISER)
    return User.objects.get(email=email)


def seat_jury(*, contest: Contest, organiser: User, now: datetime) -> Jury:
    """Seat the demo jurors as if they had accepted an emailed invitation.

    The invitations are written directly (no email is sent); accepting them, the profiles
    and the preferred categories go through the juror services.
    """
    users = {u.email: u for u in User.objects.filter(email__in=[s.email for s in JURORS])}
    invitations = JurorInvitation.objects.bulk_create(
        JurorInvitation(contest=contest, email=style.email, invited_by=organiser,
                        expires_at=now + juror_services.INVITATION_VALIDITY)
        for style in JURORS
    )
    categories = {c.slug: c for c in contest.categories.all()}
    seats, styles = {}, {}
    for style, invitation in zip(JURORS, invitations, strict=True):
        user = users[style.email]
        juror = juror_services.accept_invitation(token=invitation.token, user=user)
        juror = juror_services.update_juror_profile(
            juror=juror, by=user, country=str(user.country), languages=list(style.languages))
        juror.preferred_categories.set([categories[slug] for slug in style.categories])
        seats[juror.pk], styles[juror.pk] = juror, style
    return Jury(organiser=organiser, seats=seats, styles=styles)


def declare_conflicts(*, contest: Contest, jury: Jury) -> None:
    """A few conflicts the jurors declared before the round: one of each kind."""
    by_email = {jury.styles[pk].email: seat for pk, seat in jury.seats.items()}
    amara, oleg, lucia = (by_email[f"juror{n}@marquee.test"] for n in (1, 3, 5))
    juror_services.declare_conflict(
        juror=amara, by=amara.user, kind=ConflictKind.ORGANISATION, organisation="CalArts",
        reason="I teach a summer course there.")
    juror_services.declare_conflict(
        juror=lucia, by=lucia.user, kind=ConflictKind.COUNTRY, country="AR",
        reason="My production company co-produces with Argentine studios.")
    student = (
        Entry.objects.filter(contest=contest, entrant__country="KR")
        .exclude(entrant__organisation__gt="").order_by("pk").values_list("entrant__email",
                                                                            flat=True).first()
    )
    if student:
        juror_services.declare_conflict(
            juror=oleg, by=oleg.user, kind=ConflictKind.ENTRANT, entrant=student,
            reason="A former student of mine.")


def _rubric() -> list[round_services.CriterionSpec]:
    return [round_services.CriterionSpec(name=name, weight=Decimal(weight), description=text)
            for name, weight, text in RUBRIC]


def translate_criteria(*, round_: Round, by: User) -> None:
    """The rubric's names in Japanese and Chinese, through the criterion service."""
    for criterion in round_.criteria.all():
        text_services.set_criterion_texts(criterion=criterion, by=by,
                                          values=CRITERION_NAMES[criterion.name_en])


def open_screening(*, contest: Contest, jury: Jury, deadline: datetime) -> Round:
    """A screening round with every eligible entry, three jurors each, opened for scoring."""
    by = jury.organiser
    round_ = round_services.create_round(
        contest=contest, name="Screening", kind=RoundKind.SCREENING, deadline=deadline,
        jurors_per_entry=3, criteria=_rubric(), by=by)
    translate_criteria(round_=round_, by=by)
    round_services.add_eligible_entries(round=round_, by=by)
    round_services.run_assignment(round=round_, by=by)
    return round_services.open_round(round=round_, by=by)


def _quality(rng: random.Random, entries: list[int], favourites: dict[int, float]):
    """Each entry's true quality per criterion, on the 1-10 scale."""
    quality = {}
    for entry_id in entries:
        base = favourites.get(entry_id) or min(rng.gauss(5.8, 1.3), 8.2)
        quality[entry_id] = [base + rng.gauss(0, 0.6) for _c in RUBRIC]
    return quality


def _marks(rng, style: JurorStyle, quality: list[float], criteria: list[Criterion],
           scale: tuple[int, int]) -> dict[str, int]:
    low, high = scale
    return {
        str(criterion.pk): max(low, min(high, round(
            5.8 + style.bias + style.sensitivity * (q - 5.8) + rng.gauss(0, style.noise))))
        for criterion, q in zip(criteria, quality, strict=True)
    }


def score_round(*, rng: random.Random, round_: Round, jury: Jury, now: datetime,
                complete: bool = False, favourites: dict[int, float] | None = None) -> int:
    """Write the jurors' scores of ``round_`` in bulk; returns how many were submitted.

    ``complete``: every assignment submitted. Otherwise each juror has submitted the first
    part of their queue (in queue order), saved the next few as drafts, and not started the
    rest. Each submitted score gets the audit row ``submit_score`` writes.
    """
    criteria = list(round_.criteria.order_by("order", "pk"))
    scale = (round_.scale_min, round_.scale_max)
    assignments = list(Assignment.objects.filter(round=round_)
                       .order_by("juror_id", "entry__code", "pk")
                       .values_list("pk", "juror_id", "entry_id"))
    quality = _quality(rng, sorted({e for _a, _j, e in assignments}), favourites or {})
    queues: dict[int, list[tuple[int, int]]] = {}
    for pk, juror_id, entry_id in assignments:
        queues.setdefault(juror_id, []).append((pk, entry_id))
    submitted: list[tuple[Score, Juror]] = []
    drafts: list[Score] = []
    for juror_id, queue in queues.items():
        style, seat = jury.styles[juror_id], jury.seats[juror_id]
        done = len(queue) if complete else round(style.submitted * len(queue))
        started = 0 if complete else round(style.drafts * len(queue))
        for pk, entry_id in queue[:done]:
            marks = _marks(rng, style, quality[entry_id], criteria, scale)
            score = Score(assignment_id=pk, marks=marks, status=ScoreStatus.SUBMITTED,
                          weighted=weighted_score(marks=marks, criteria=criteria), version=2,
                          submitted_at=now - timedelta(minutes=rng.randint(10, 20 * 24 * 60)))
            submitted.append((score, seat))
        for pk, entry_id in queue[done:done + started]:
            marks = _marks(rng, style, quality[entry_id], criteria, scale)
            # A draft in progress: the last criteria are not marked yet.
            keep = rng.randint(1, len(criteria))
            drafts.append(Score(assignment_id=pk, version=1,
                                marks=dict(list(marks.items())[:keep])))
    Score.objects.bulk_create([score for score, _seat in submitted] + drafts, batch_size=2000)
    scope_type, scope_id = scope_of(round_.contest)
    AuditEvent.objects.bulk_create(
        [AuditEvent(scope_type=scope_type, scope_id=scope_id, actor_id=seat.user_id,
                    action="score.submitted", object_type="judging.score", object_id=str(score.pk),
                    after={"assignment": score.assignment_id, "marks": score.marks,
                           "weighted": score.weighted})
         for score, seat in submitted],
        batch_size=2000,
    )
    return len(submitted)


def create_awards(*, contest: Contest, by: User) -> list[Award]:
    return [
        award_services.create_award(contest=contest, by=by, name=name, description=text,
                                    order=index + 1, translations=AWARD_NAMES[name])
        for index, (name, text) in enumerate(AWARDS)
    ]


def judge_open_edition(*, rng: random.Random, contest: Contest, organiser: User,
                       now: datetime) -> Round:
    """The 2026 edition: its jury, a screening round being scored, its award categories."""
    # This jury never judges films from the juror's own country.
    Contest.objects.filter(pk=contest.pk).update(same_country_is_conflict=True)
    contest.refresh_from_db(fields=["same_country_is_conflict"])
    jury = seat_jury(contest=contest, organiser=organiser, now=now)
    declare_conflicts(contest=contest, jury=jury)
    round_ = open_screening(contest=contest, jury=jury,
                            deadline=contest.closes_at + timedelta(days=21))
    score_round(rng=rng, round_=round_, jury=jury, now=now)
    create_awards(contest=contest, by=organiser)
    return round_


def judge_past_edition(*, rng: random.Random, contest: Contest, laureates: list[Entry],
                       organiser: User, now: datetime) -> None:
    """The 2025 edition judged to the end: screening, final, awards, published winners."""
    jury = seat_jury(contest=contest, organiser=organiser, now=now)
    by = organiser
    favourites = {entry.pk: 9.2 - 0.3 * index for index, entry in enumerate(laureates)}
    screening = open_screening(contest=contest, jury=jury,
                               deadline=contest.closes_at + timedelta(days=20))
    score_round(rng=rng, round_=screening, jury=jury, now=now, complete=True,
                favourites=favourites)
    round_services.close_round(round=screening, by=by)
    final = round_services.create_round(
        contest=contest, name="Final", kind=RoundKind.FINAL, jurors_per_entry=None,
        deadline=contest.closes_at + timedelta(days=40), criteria=_rubric(), by=by)
    translate_criteria(round_=final, by=by)
    finalists = round_services.advance_entries(from_round=screening, to_round=final, by=by,
                                               top_n=PAST_FINALISTS)
    round_services.run_assignment(round=final, by=by)
    round_services.open_round(round=final, by=by)
    score_round(rng=rng, round_=final, jury=jury, now=now, complete=True, favourites=favourites)
    round_services.close_round(round=final, by=by)
    award_winners(contest=contest, final=final, laureates=laureates, finalists=finalists, by=by)
    award_services.lock_awards(contest=contest, by=by)
    publication.publish_results(contest=contest, by=by)


def award_winners(*, contest: Contest, final: Round, laureates: list[Entry],
                  finalists: list[int], by: User) -> None:
    """The laureates take the jury's awards; the audience picks the best-ranked other film."""
    by_title = {entry.title_english: entry for entry in laureates}
    winners = [(by_title[title], notes) for title, notes in PAST_WINNERS]
    ranked_ids = ranking(round=final).entry_ids
    laureate_ids = {entry.pk for entry in laureates}
    audience = next((e for e in ranked_ids + finalists if e not in laureate_ids), None)
    if audience is not None:
        winners.append((Entry.objects.get(pk=audience), "Audience vote at the Tokyo screening."))
    awards = create_awards(contest=contest, by=by)
    # The screening programme ends with the Grand Prize.
    for order, (award, (entry, notes)) in enumerate(zip(awards, winners, strict=False)):
        award_services.assign_award(award=award, place=1, entry=entry, by=by, notes=notes,
                                    screening_order=len(winners) - order)


@transaction.atomic
def load_judging(*, demo: contest_demo.DemoResult, seed: int = 2026) -> None:
    """Add the judging side to a demo built by ``contest.demo.load_demo``."""
    rng = random.Random(seed)  # noqa: S311 -- demo data, not secrets
    organiser = _organiser()
    judge_open_edition(rng=rng, contest=demo.contest, organiser=organiser, now=demo.now)
    if demo.past_edition is not None:
        judge_past_edition(rng=rng, contest=demo.past_edition, laureates=demo.laureates,
                           organiser=organiser, now=demo.now)


@transaction.atomic
def remove_judging() -> None:
    """Delete what protects the demo contests' entries from deletion: the award placements."""
    AwardPlacement.objects.filter(
        Q(award__contest__slug=contest_demo.SLUG) | Q(award__contest__slug=contest_demo.PAST_SLUG)
    ).delete()
