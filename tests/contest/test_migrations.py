"""Data migrations, run backwards and forwards on a real database."""

import pytest
from django.db import connection

from contest.models import Video
from tests.factories import EntryFactory
from tests.migrating import migrate_to

BEFORE_REPLACED = [("contest", "0002_video_validation_claim")]
REPLACED = [("contest", "0003_video_replaced")]


@pytest.mark.django_db(transaction=True)
def test_videos_replaced_before_the_status_existed_are_marked_replaced(back_to_latest):
    entry = EntryFactory()
    old = Video.objects.create(entry=entry, file="videos/old.bin", original_filename="old.mp4",
                               is_current=False, status="valid")
    current = Video.objects.create(entry=entry, file="videos/new.bin",
                                   original_filename="new.mp4", status="validating")
    migrate_to(BEFORE_REPLACED)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE contest_video SET updated_at = '2026-11-02T10:00:00Z' "
                       "WHERE id = %s", [old.pk])
    migrate_to(REPLACED)

    # Only the columns this migration knows: later ones are not there yet.
    rows = {pk: (status, replaced_at and replaced_at.isoformat()) for pk, status, replaced_at
            in Video.objects.values_list("pk", "status", "replaced_at")}
    assert rows == {old.pk: ("replaced", "2026-11-02T10:00:00+00:00"),
                    current.pk: ("validating", None)}


BEFORE_ORGANISATIONS = [("contest", "0006_contest_organisation")]


@pytest.mark.django_db(transaction=True)
def test_contests_and_organisers_move_into_one_organisation_and_back(back_to_latest):
    from django.contrib.auth.models import Group

    from accounts.models import Membership
    from contest.models import Contest
    from tests.factories import ContestFactory, UserFactory

    first, second = ContestFactory(), ContestFactory()
    organiser, entrant = UserFactory(), UserFactory()
    organiser.groups.add(Group.objects.get_or_create(name="organiser")[0])

    migrate_to(BEFORE_ORGANISATIONS)
    with connection.cursor() as cursor:
        cursor.execute("SELECT organisation_id FROM contest_contest ORDER BY id")
        assert cursor.fetchall() == [(None,), (None,)]

    migrate_to(None)
    organisations = set(Contest.objects.filter(pk__in=[first.pk, second.pk])
                        .values_list("organisation__slug", flat=True))
    assert organisations == {"organisers"}
    members = set(Membership.objects.filter(organisation__slug="organisers")
                  .values_list("user_id", "role"))
    assert members == {(organiser.pk, "owner")}
    assert entrant.pk not in {user_id for user_id, _role in members}


BEFORE_TEXTS = [("contest", "0008_contest_organisation_required"),
                ("judging", "0002_result_notice")]


@pytest.mark.django_db(transaction=True)
def test_existing_texts_become_the_default_languages_and_survive_going_back(back_to_latest):
    from contest.models import Category, Contest
    from judging.models import Award, Criterion
    from tests.factories import CategoryFactory, ContestFactory, OrganisationFactory
    from tests.judging.factories import AwardFactory, RoundFactory, add_rubric

    contest = ContestFactory(organisation=OrganisationFactory(default_language="ja"))
    category = CategoryFactory(contest=contest)
    award = AwardFactory(contest=contest)
    criterion = add_rubric(RoundFactory(contest=contest))[0]
    migrate_to(BEFORE_TEXTS)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE contest_contest SET name = '東京短編', description = '短い映画', "
                       "rules_text = '規約' WHERE id = %s", [contest.pk])
        cursor.execute("UPDATE contest_category SET name = 'アニメ' WHERE id = %s", [category.pk])
        cursor.execute("UPDATE judging_award SET name = '大賞' WHERE id = %s", [award.pk])
        cursor.execute("UPDATE judging_criterion SET name = '物語', description = '語り' "
                       "WHERE id = %s", [criterion.pk])

    migrate_to(None)
    forwards = (
        Contest.objects.filter(pk=contest.pk).values_list(
            "default_language", "languages", "name_ja", "description_ja", "rules_text_ja",
            "name_en").get(),
        # The original column keeps the text too: it is the readers' fallback.
        Category.objects.rewrite(False).filter(pk=category.pk).values_list("name_ja", "name")
        .get(),
        Award.objects.rewrite(False).filter(pk=award.pk).values_list("name_ja", "name").get(),
        Criterion.objects.filter(pk=criterion.pk).values_list("name_ja", "description_ja").get(),
    )
    migrate_to(BEFORE_TEXTS)
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, description, rules_text FROM contest_contest WHERE id = %s",
                       [contest.pk])
        backwards = cursor.fetchone()

    assert forwards == (("ja", ["ja"], "東京短編", "短い映画", "規約", None),
                        ("アニメ", "アニメ"), ("大賞", "大賞"), ("物語", "語り"))
    assert backwards == ("東京短編", "短い映画", "規約")
