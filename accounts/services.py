from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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


def delete_account(*, user: User) -> None:
    """Erase a person and everything they own (GDPR right to erasure).

    Deletes their entries with credits, videos and uploads, their juror seats, e-mail
    addresses and tokens, then the user row itself. Credits naming them on other people's
    entries stay (they belong to that entrant) but lose the link to the account. Video,
    poster and preview files and unfinished uploads on this server are removed once the
    transaction has committed, so a rollback never leaves rows pointing at missing files.
    Writes an audit row holding only the user id. Refuses (ContestError) while one of
    their films holds an award placement.
    """
    from contest.audit import record
    from contest.errors import ContestError

    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if _has_award_placements(user):
            raise ContestError(
                _("One of your films has received an award. Please contact the organisers "
                  "to delete your account."),
                "account_has_awards",
            )
        names, partials = _stored_files(user)
        # The row keeps only the id: who it was is exactly what was asked to be forgotten.
        record(actor=None, action="account.deleted", obj=user)
        user.delete()
        transaction.on_commit(lambda: _delete_files(names, partials))


def _stored_files(user: User):
    """(storage, name) of every video file of the user's entries, and their partial uploads."""
    from contest.models import Upload, Video
    from contest.services.uploads import partial_path

    names = []
    for video in Video.objects.filter(entry__entrant=user).only("file", "poster", "preview"):
        names.extend(
            (field.storage, field.name) for field in (video.file, video.poster, video.preview)
            if field
        )
    unfinished = Upload.objects.filter(
        Q(uploader=user) | Q(entry__entrant=user), completed_at__isnull=True
    ).only("id")
    return names, [partial_path(upload) for upload in unfinished]


def _has_award_placements(user: User) -> bool:
    from judging.models import AwardPlacement

    return AwardPlacement.objects.filter(entry__entrant=user).exists()


def _delete_files(names, partials) -> None:
    for storage, name in names:
        storage.delete(name)
    for path in partials:
        path.unlink(missing_ok=True)


# Apps whose models organisers manage in the Django admin.
ORGANISER_APPS = ("accounts", "contest", "judging")


def grant_organiser_permissions(**kwargs) -> None:
    """Give the organiser group every model permission of Marquee's own apps.

    Connected to ``post_migrate`` so that permissions of models added later are granted too.
    Superuser status and raw permissions stay out of reach (see the user admin).
    """
    from django.contrib.auth.models import Group, Permission

    group, _created = Group.objects.get_or_create(name=Role.ORGANISER.value)
    permissions = Permission.objects.filter(content_type__app_label__in=ORGANISER_APPS)
    group.permissions.add(*permissions)
