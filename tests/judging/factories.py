"""Judging factories: an open round with the issue's four-criterion rubric."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from judging.enums import RoundKind, RoundStatus, ScoreStatus
from judging.models import Assignment, Award, Criterion, Juror, Round, RoundEntry, Score
from judging.services.results import results_changed as mark_results_changed
from tests.factories import ContestFactory, EntryFactory, UserFactory


class JurorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Juror

    contest = factory.SubFactory(ContestFactory)
    user = factory.SubFactory(UserFactory)
    country = "FR"
    languages = factory.LazyFunction(lambda: ["en", "fr"])


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    contest = factory.SubFactory(ContestFactory)
    name = factory.Sequence(lambda n: f"Round {n}")
    kind = RoundKind.SCREENING
    order = factory.Sequence(lambda n: n)
    jurors_per_entry = 3
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    status = RoundStatus.OPEN


RUBRIC = [("Story", "30"), ("Visual craft", "25"), ("Creative use of AI", "25"),
          ("Emotional impact", "20")]


def add_rubric(round_: Round) -> list[Criterion]:
    return [
        Criterion.objects.create(round=round_, name=name, weight=Decimal(weight), order=i)
        for i, (name, weight) in enumerate(RUBRIC)
    ]


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    round = factory.SubFactory(RoundFactory)
    entry = factory.LazyAttribute(lambda o: EntryFactory(contest=o.round.contest))
    juror = factory.LazyAttribute(lambda o: JurorFactory(contest=o.round.contest))


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score
        skip_postgeneration_save = True

    assignment = factory.SubFactory(AssignmentFactory)
    marks = factory.LazyFunction(dict)
    status = ScoreStatus.DRAFT

    @factory.post_generation
    def results_changed(score, create, extracted, **kwargs):
        """As the scoring service does: rankings cached for the round are stale now."""
        if create:
            mark_results_changed(round_ids=[score.assignment.round_id])


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    round = factory.SubFactory(RoundFactory)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    weight = Decimal("1.00")


class RoundEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundEntry

    round = factory.SubFactory(RoundFactory)
    entry = factory.LazyAttribute(lambda o: EntryFactory(contest=o.round.contest))


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    contest = factory.SubFactory(ContestFactory)
    name = factory.Sequence(lambda n: f"Award {n}")
    places = 1
    order = factory.Sequence(lambda n: n)
