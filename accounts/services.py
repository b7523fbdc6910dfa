from django.db import transaction

from core.audit import blank_values, record

from .enums import Role
from .erasure import erasers
from .models import User
from .own_erasure import addresses_of


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


def delete_account(*, user: User, by: User | None = None) -> None:
    """Erase a person (GDPR right to erasure); every deletion path (settings page, admin) ends here.

    Every app registered with ``accounts.erasure`` is first asked whether the person may go
    (contests refuse while one of their films holds an award placement, teams while they are an
    organisation's last owner, with a ContestError), then forgets what it holds: a juror's seat
    and submitted scores stay under "Former juror N", entries of contests whose results are
    locked stay anonymised, the rest goes. Files go once the transaction has committed. The
    audit log keeps its rows but blanks the person's addresses and names wherever they are
    quoted. Then the user row is deleted, which cascades to what still points at it. Writes an
    audit row holding only the user id, with ``by`` (an operator) or no actor.
    """
    with transaction.atomic():
        # NO KEY UPDATE: two erasures of one person queue here, while a service already under
        # way for them (a juror's score, which writes an audit row naming them) may finish.
        user = User.objects.select_for_update(no_key=True).get(pk=user.pk)
        for eraser in erasers():
            if eraser.refuse is not None:
                eraser.refuse(user)
        quoted = [*addresses_of(user), user.name_native, user.name_latin]
        after_commit = [
            work for eraser in erasers() if eraser.forget is not None
            if (work := eraser.forget(user)) is not None
        ]
        blank_values(values=quoted)
        # The row keeps only the id: who it was is exactly what was asked to be forgotten.
        record(actor=by if by is not None and by.pk != user.pk else None,
               action="account.deleted", obj=user)
        user.delete()
        for work in after_commit:
            transaction.on_commit(work)
