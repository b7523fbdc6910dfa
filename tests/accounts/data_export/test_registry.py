"""Every relation to the user model is answered for by a data exporter.

A new model with a foreign key or one-to-one to the user fails here until an exporter
``covers`` it (the export holds it) or ``withholds`` it (with the reason it must not).
"""

from django.apps import apps
from django.conf import settings

from accounts.data_export.registry import exporters


def relations_to_the_user() -> set[str]:
    """``app_label.Model.field`` of every foreign key, one-to-one and many-to-many to users
    (proxies share their model's rows, so they are left out)."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models() if not model._meta.proxy
        for field in model._meta.get_fields()
        if field.concrete and field.is_relation and field.related_model is user_model
    }


def uncovered(relations: set[str], declared) -> list[str]:
    answered = set()
    for exporter in declared:
        answered |= exporter.covers | set(exporter.withholds)
    return sorted(relations - answered)


def test_every_relation_to_the_user_is_exported_or_withheld_with_a_reason():
    assert uncovered(relations_to_the_user(), exporters()) == []


def test_every_declared_relation_exists():
    declared = set()
    for exporter in exporters():
        declared |= exporter.covers | set(exporter.withholds)
    assert sorted(declared - relations_to_the_user()) == []


def test_a_relation_no_exporter_declares_is_found():
    relations = relations_to_the_user()
    without_contest = [e for e in exporters() if e.name != "contest.entries"]
    assert uncovered(relations, without_contest) == [
        "contest.Credit.user", "contest.Entry.entrant", "contest.Upload.uploader"]


def test_every_withheld_relation_says_why():
    reasons = [why for exporter in exporters() for why in exporter.withholds.values()]
    assert reasons and all(len(why) > 20 for why in reasons)


def test_each_exporter_has_its_own_name():
    names = [exporter.name for exporter in exporters()]
    assert sorted(names) == sorted(set(names)) == [
        "accounts.organisations", "accounts.profile", "contest.entries", "core.audit",
        "core.outbox", "judging.jury", "judging.results"]
