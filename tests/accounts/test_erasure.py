"""Every relation to the user model is answered for by an eraser.

A new model with a foreign key (or one-to-one) to the user fails here until an app's eraser
declares it in ``register_eraser(handles=...)``, saying what erasure does with it.
"""

from django.apps import apps
from django.conf import settings

from accounts.erasure import handled_fields


def _user_relations() -> set[str]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models() if not model._meta.proxy
        for field in model._meta.get_fields()
        if field.concrete and (field.many_to_one or field.one_to_one)
        and field.related_model is user_model
    }


def test_every_user_foreign_key_is_handled_by_an_eraser():
    undeclared = _user_relations() - set(handled_fields())

    assert undeclared == set()


def test_every_declared_field_exists():
    assert set(handled_fields()) - _user_relations() == set()


def test_the_relations_found_include_the_known_ones():
    # The walk itself must see relations, or the two tests above would pass on nothing.
    assert {"judging.Juror.user", "contest.Entry.entrant", "accounts.Membership.user",
            "core.AuditEvent.actor"} <= _user_relations()
