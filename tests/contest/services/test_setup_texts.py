"""Contest set-up in several languages: each language's text is a setting of its own, checked,
audited, copied and kept as the readers' fallback."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from contest.models import Category, Contest
from contest.services.setup import (
    add_category,
    copy_contest,
    create_contest,
    rename_category,
    update_contest,
)
from core.errors import ContestError
from core.models import AuditEvent
from judging.models import Award, Criterion
from judging.services.texts import set_criterion_texts
from tests.factories import CategoryFactory, OrganisationFactory, contest_in, with_texts
from tests.judging.factories import AwardFactory, RoundFactory, add_rubric

pytestmark = pytest.mark.django_db


def _refusal(call) -> dict:
    with pytest.raises(ContestError) as caught:
        call()
    return {field: [str(message) for message in messages]
            for field, messages in caught.value.fields.items()}


@pytest.fixture
def tokyo():
    """A contest written in Japanese (its default) and English."""
    return contest_in("ja", ["ja", "en"], name={"ja": "東京短編", "en": "Tokyo Shorts"},
                      rules_text={"ja": "規約", "en": "Rules"})


def test_a_new_contest_takes_the_organisations_language(organiser):
    organisation = OrganisationFactory(default_language="ja")
    organiser.memberships.create(organisation=organisation, role="owner")
    now = timezone.now()

    contest = create_contest(organisation=organisation, by=organiser, values={
        "name": "東京短編", "slug": "tokyo", "opens_at": now + timedelta(days=1),
        "closes_at": now + timedelta(days=9)})

    assert (contest.default_language, contest.languages, contest.name_ja, contest.name_en) == (
        "ja", ["ja"], "東京短編", "")


def test_update_writes_each_language_and_audits_each_column(organiser, tokyo):
    update_contest(contest=tokyo, by=organiser, changes={
        "languages": ["ja", "en", "ar"], "name_ar": "طوكيو", "name_en": "Tokyo Short Films"})

    tokyo.refresh_from_db()
    event = AuditEvent.objects.get(action="contest.updated")
    assert (tokyo.name_ar, tokyo.name_en, tokyo.name_ja) == (
        "طوكيو", "Tokyo Short Films", "東京短編")
    assert (event.before, event.after) == (
        {"languages": ["ja", "en"], "name_ar": "", "name_en": "Tokyo Shorts"},
        {"languages": ["ja", "en", "ar"], "name_ar": "طوكيو", "name_en": "Tokyo Short Films"})


def test_errors_name_each_language_column_and_nothing_is_saved(organiser, tokyo):
    fields = _refusal(lambda: update_contest(contest=tokyo, by=organiser, changes={
        "name_ja": "", "name_en": "x" * 201, "rules_text_en": "New"}))

    tokyo.refresh_from_db()
    assert fields == {"name_ja": ["This field is required."], "name_en": ["Too long."]}
    assert (tokyo.name_en, tokyo.rules_text_en, tokyo.rules_version) == (
        "Tokyo Shorts", "Rules", "1.0")
    assert not AuditEvent.objects.filter(action="contest.updated").exists()


def test_the_default_language_must_be_offered(organiser, tokyo):
    fields = _refusal(lambda: update_contest(contest=tokyo, by=organiser, changes={
        "default_language": "fr"}))

    assert list(fields) == ["default_language"]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_any_languages_rules_bump_the_rules_version(organiser, tokyo, language):
    update_contest(contest=tokyo, by=organiser,
                   changes={f"rules_text_{language}": "New rules"})

    tokyo.refresh_from_db()
    event = AuditEvent.objects.get(action="contest.updated")
    assert tokyo.rules_version == "1.1"
    assert event.after == {f"rules_text_{language}": "New rules", "rules_version": "1.1"}


def test_a_name_change_keeps_the_rules_version(organiser, tokyo):
    update_contest(contest=tokyo, by=organiser, changes={"name_en": "Tokyo Short Films"})

    tokyo.refresh_from_db()
    assert tokyo.rules_version == "1.0"


def test_dropping_a_language_empties_its_texts(organiser, tokyo):
    update_contest(contest=tokyo, by=organiser, changes={"languages": ["ja"]})

    tokyo.refresh_from_db()
    with translation.override("en"):
        assert (tokyo.name_en, tokyo.name) == ("", "東京短編")


def test_a_new_default_language_becomes_every_texts_fallback(organiser, tokyo):
    category = with_texts(CategoryFactory(contest=tokyo), default_language="ja",
                          name={"ja": "アニメ", "en": "Animation"})
    round_ = RoundFactory(contest=tokyo)
    criterion = with_texts(add_rubric(round_)[0], default_language="ja",
                           name={"ja": "物語", "en": "Story"})
    award = with_texts(AwardFactory(contest=tokyo), default_language="ja",
                       name={"ja": "大賞", "en": "Grand Prize"})

    update_contest(contest=tokyo, by=organiser, changes={"default_language": "en"})

    with translation.override("ar"):
        read = [type(obj).objects.get(pk=obj.pk).name
                for obj in (tokyo, category, criterion, award)]
    assert read == ["Tokyo Shorts", "Animation", "Story", "Grand Prize"]


def test_categories_take_a_name_per_language(organiser, tokyo):
    category = add_category(contest=tokyo, by=organiser, name="アニメ",
                            translations={"name_en": "Animation"})
    rename_category(category=category, by=organiser, translations={"name_en": "Animated"})

    category.refresh_from_db()
    added, renamed = (AuditEvent.objects.get(action=action).after
                      for action in ("category.added", "category.renamed"))
    assert (category.name_ja, category.name_en, category.slug) == ("アニメ", "Animated", "category")
    assert added == {"name_ja": "アニメ", "name_en": "Animation", "slug": "category", "order": 0}
    assert renamed == {"name_en": "Animated"}


def test_a_category_without_its_default_name_is_refused(organiser, tokyo):
    fields = _refusal(lambda: add_category(contest=tokyo, by=organiser,
                                           translations={"name_en": "Animation"}))

    assert list(fields) == ["name_ja"]
    assert Category.objects.filter(contest=tokyo).count() == 0


def test_criteria_take_a_name_per_language_audited(organiser, tokyo):
    criterion = add_rubric(RoundFactory(contest=tokyo))[0]

    set_criterion_texts(criterion=criterion, by=organiser,
                        values={"name_ja": "物語", "description_en": "How well it is told."})

    criterion.refresh_from_db()
    event = AuditEvent.objects.get(action="judging.criterion_texts")
    assert (criterion.name_ja, criterion.description_en) == ("物語", "How well it is told.")
    assert event.after == {"name_ja": "物語", "description_en": "How well it is told."}
    assert event.before == {"name_ja": "", "description_en": ""}


def test_criterion_errors_name_the_column_and_save_nothing(organiser, tokyo):
    criterion = add_rubric(RoundFactory(contest=tokyo))[0]

    fields = _refusal(lambda: set_criterion_texts(criterion=criterion, by=organiser, values={
        "name_en": "x" * 121, "description_en": "Told well"}))

    criterion.refresh_from_db()
    assert fields == {"name_ja": ["This field is required."], "name_en": ["Too long."]}
    assert criterion.description_en is None


def test_awards_take_a_name_per_language(organiser, tokyo):
    from judging.services.awards import create_award, update_award

    award = create_award(contest=tokyo, by=organiser, name="大賞",
                         translations={"name_en": "Grand Prize"})
    update_award(award=award, by=organiser, name_en="Grand Prix")

    award = Award.objects.get(pk=award.pk)
    event = AuditEvent.objects.get(action="award.update")
    assert (award.name_ja, award.name_en) == ("大賞", "Grand Prix")
    assert (event.before, event.after) == ({"name_en": "Grand Prize"}, {"name_en": "Grand Prix"})


def test_copying_an_edition_copies_every_language(organiser, tokyo):
    with_texts(CategoryFactory(contest=tokyo, slug="anime"), default_language="ja",
               name={"ja": "アニメ", "en": "Animation"})
    with_texts(AwardFactory(contest=tokyo), default_language="ja",
               name={"ja": "大賞", "en": "Grand Prize"})
    with_texts(add_rubric(RoundFactory(contest=tokyo))[0], default_language="ja",
               name={"ja": "物語", "en": "Story"})
    now = timezone.now()

    with translation.override("en"):
        copy = copy_contest(source=tokyo, by=organiser, name="東京短編 2027",
                            names={"en": "Tokyo Shorts 2027"}, slug="tokyo-2027",
                            opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=9))

    copy = Contest.objects.get(pk=copy.pk)
    category = copy.categories.get()
    award = Award.objects.get(contest=copy)
    criterion = Criterion.objects.filter(round__contest=copy).order_by("order").first()
    assert (copy.default_language, copy.languages) == ("ja", ["ja", "en"])
    assert (copy.name_ja, copy.name_en, copy.rules_text_en) == (
        "東京短編 2027", "Tokyo Shorts 2027", "Rules")
    assert [(row.name_ja, row.name_en) for row in (category, award, criterion)] == [
        ("アニメ", "Animation"), ("大賞", "Grand Prize"), ("物語", "Story")]
    with translation.override("ar"):
        assert [row.name for row in (copy, category, award)] == ["東京短編 2027", "アニメ", "大賞"]
