"""Factories with no surprises: every object is valid and open unless a test says otherwise."""

from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.enums import OrgRole
from accounts.models import Membership, Organisation, User
from contest.enums import CreditRole, EntryStatus, VideoStatus
from contest.models import Category, Contest, Credit, Entry, Video


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    name_native = factory.Sequence(lambda n: f"用户 {n}")
    name_latin = factory.Sequence(lambda n: f"User {n}")
    country = "JP"
    language = "en"
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Festival {n}")
    slug = factory.Sequence(lambda n: f"festival-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = OrgRole.OWNER


def default_organisation() -> Organisation:
    """The organisation every contest belongs to unless a test names another: the
    ``organiser`` fixture owns it, so single-organisation tests need not think of teams."""
    return Organisation.objects.get_or_create(slug="festival", defaults={"name": "Festival"})[0]


class ContestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contest

    organisation = factory.LazyFunction(default_organisation)
    name = factory.Sequence(lambda n: f"Contest {n}")
    slug = factory.Sequence(lambda n: f"contest-{n}")
    rules_text = "Be kind."
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    contest = factory.SubFactory(ContestFactory)
    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entry

    contest = factory.SubFactory(ContestFactory)
    entrant = factory.SubFactory(UserFactory)
    category = factory.LazyAttribute(lambda o: CategoryFactory(contest=o.contest))
    title_original = factory.Sequence(lambda n: f"映画 {n}")
    title_english = factory.Sequence(lambda n: f"Film {n}")
    original_language = "ja"
    synopsis_original = "あらすじ"
    synopsis_english = "A synopsis."
    runtime_s = 180
    ai_tools = factory.LazyFunction(lambda: ["sora"])
    rights_declared = True
    rules_consent_version = "1.0"
    rules_consented_at = factory.LazyFunction(timezone.now)
    status = EntryStatus.DRAFT


class CreditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Credit

    entry = factory.SubFactory(EntryFactory)
    name_native = "曹一哲"
    name_latin = "Cao Yizhe"
    role = CreditRole.DIRECTOR
    country = "CN"


class VideoFactory(factory.django.DjangoModelFactory):
    """A video record without bytes: enough for entry rules, not for validation."""

    class Meta:
        model = Video

    entry = factory.SubFactory(EntryFactory)
    file = factory.Sequence(lambda n: f"videos/test/{n}.bin")
    original_filename = "film.mp4"
    size_bytes = 1_000_000
    status = VideoStatus.VALID


def with_texts(obj, *, default_language: str, **fields: dict[str, str]):
    """Give ``obj`` texts per language, ``with_texts(contest, default_language="ja",
    name={"ja": "…", "en": "…"})``, as the set-up services store them, and save it."""
    from core import texts

    for field, values in fields.items():
        texts.store(obj, field, values, default_language=default_language)
    obj.save()
    return obj


def contest_in(default_language: str, languages: list[str], **fields: dict[str, str]) -> Contest:
    """A contest whose texts are written in ``languages``, ``default_language`` first."""
    contest = ContestFactory(default_language=default_language, languages=languages)
    return with_texts(contest, default_language=default_language, **fields)
