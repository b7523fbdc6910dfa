from django.db import transaction

from .enums import Role
from .models import User


def add_role(*, user: User, role: Role) -> None:
    from django.contrib.auth.models import Group

    group, _created = Group.objects.get_or_create(name=role.value)
    user.groups.add(group)
    if role == Role.ORGANISER and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
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
