"""Judging factories: jurors, rounds, criteria, assignments and scores."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.enums import Role
from accounts.services import add_role
from judging.enums import RoundKind, RoundStatus, ScoreStatus
from judging.models import Assignment, Criterion, Juror, Round, RoundEntry, Score

from ..factories import ContestFactory, UserFactory


class JurorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Juror
        skip_postgeneration_save = True

    contest = factory.SubFactory(ContestFactory)
    user = factory.SubFactory(UserFactory, country="FR")
    country = "FR"
    languages = factory.LazyFunction(lambda: ["en"])

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if create:
            add_role(user=obj.user, role=Role.JUROR)


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    contest = factory.SubFactory(ContestFactory)
    name = factory.Sequence(lambda n: f"Round {n}")
    kind = RoundKind.SCREENING
    order = factory.Sequence(lambda n: n + 1)
    jurors_per_entry = 3
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    status = RoundStatus.OPEN


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
    entry = factory.SubFactory("tests.factories.EntryFactory", contest=factory.SelfAttribute(
        "..round.contest"))


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    round = factory.SubFactory(RoundFactory)
    entry = factory.SubFactory("tests.factories.EntryFactory", contest=factory.SelfAttribute(
        "..round.contest"))
    juror = factory.SubFactory(JurorFactory, contest=factory.SelfAttribute("..round.contest"))


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    assignment = factory.SubFactory(AssignmentFactory)
    marks = factory.LazyFunction(dict)
    weighted = 5.0
    status = ScoreStatus.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)
