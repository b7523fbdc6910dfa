"""The signed link to a ready export: it names the export and stops working after the validity.

The link alone opens nothing: the download view also asks the owner to be signed in, and the
export itself must still be ready and unexpired.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

from ..models import DataExport

SALT = "accounts.data_export"


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def download_token(export: DataExport) -> str:
    return _signer().sign(str(export.pk))


def download_path(export: DataExport) -> str:
    return reverse("accounts:data_export_download", kwargs={"token": download_token(export)})


def download_url(export: DataExport) -> str:
    return settings.SITE_URL.rstrip("/") + download_path(export)


def export_id(token: str) -> int | None:
    """The export a token names, however old the token is; None if it was not signed by us."""
    try:
        return int(_signer().unsign(token))
    except (signing.BadSignature, ValueError):
        return None


def link_is_current(token: str, export: DataExport) -> bool:
    """The token is younger than the validity and the export is still there to download."""
    try:
        _signer().unsign(token, max_age=settings.MARQUEE_DATA_EXPORT_VALIDITY)
    except signing.BadSignature:  # SignatureExpired included
        return False
    return export.is_downloadable
