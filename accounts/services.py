from django.db import transaction

from core.audit import record

from .enums import Role
from .erasure import erasers
from .models import User


def add_role(*, user: User, role: Role) -> None:
    from django.contrib.auth.models import Group

    group, _created = Group.objects.get_or_create(name=role.value)
    user.groups.add(group)
    user.__dict__.pop("role_names", None)


@transaction.atomic
def complete_signup_profile(
    *, user: User, name_native: str, name_latin: str, country: str, language: str, time_zone: str
) -> None:
    """Store the profile fields asked at sign-up and make the new user an entrant."""
    user.name_native = name_native
    user.name_latin = name_latin
    user.country = country
    user.language = language
    user.time_zone = time_zone
    user.save()
    add_role(user=user, role=Role.ENTRANT)


def delete_account(*, user: User) -> None:
    """Erase a person (GDPR right to erasure).

    Every app registered with ``accounts.erasure`` is first asked whether the person may go
    (contests refuse while one of their films holds an award placement, with a ContestError),
    then forgets what it holds; files go once the transaction has committed. Then the user row
    is deleted, which cascades to what still points at it. Writes an audit row holding only the
    user id.
    """
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        for eraser in erasers():
            if eraser.refuse is not None:
                eraser.refuse(user)
        after_commit = [
            work for eraser in erasers() if eraser.forget is not None
            if (work := eraser.forget(user)) is not None
        ]
        # The row keeps only the id: who it was is exactly what was asked to be forgotten.
        record(actor=None, action="account.deleted", obj=user)
        user.delete()
        for work in after_commit:
            transaction.on_commit(work)
