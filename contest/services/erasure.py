"""What contests forget of a person: their films' files and unfinished uploads.

Registered with ``accounts.erasure`` in ``ContestConfig.ready``. The entries, credits, videos and
uploads themselves go with the user row (their foreign keys cascade); credits naming the person
on other people's entries stay (they belong to that entrant) but lose the link to the account.
"""

from __future__ import annotations

from django.db.models import Q

from accounts.erasure import AfterCommit
from accounts.models import User

from ..models import Upload, Video
from .uploads import partial_path


def forget_entrant_files(user: User) -> AfterCommit:
    """Collect every stored file of the person's entries; return their deletion for after commit."""
    names = []
    for video in Video.objects.filter(entry__entrant=user).only("file", "poster", "preview"):
        names.extend(
            (field.storage, field.name) for field in (video.file, video.poster, video.preview)
            if field
        )
    unfinished = Upload.objects.filter(
        Q(uploader=user) | Q(entry__entrant=user), completed_at__isnull=True
    ).only("id")
    partials = [partial_path(upload) for upload in unfinished]

    def delete_files() -> None:
        for storage, name in names:
            storage.delete(name)
        for path in partials:
            path.unlink(missing_ok=True)

    return delete_files
