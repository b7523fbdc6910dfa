"""The account page to ask for a copy of one's data, and the download behind the signed link."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.pages import run_service
from core.permissions import no_object, object_permission_required
from core.private_files import private_file_response

from ..models import DataExport
from . import links
from .services import latest_export, request_data_export


@require_http_methods(["GET", "POST"])
@object_permission_required("accounts.request_data_export", no_object)
def data_export(request, _none):
    if request.method == "POST":
        run_service(request, lambda: request_data_export(user=request.user),
                    success=_("We are preparing a copy of your data and will email you a "
                              "download link when it is ready."))
        return redirect("accounts:data_export")
    export = latest_export(user=request.user)
    ready = export is not None and export.is_downloadable
    return render(request, "accounts/data_export.html", {
        "export": export, "download_path": links.download_path(export) if ready else "",
    })


def export_from_token(request, kwargs) -> DataExport:
    """The export a download link names (404 for a link we did not sign); the token stays in
    ``kwargs`` for the view, which checks its age."""
    export_id = links.export_id(kwargs["token"])
    if export_id is None:
        raise Http404
    # Filtered by owner as well as checked by the rule: Django grants superusers every
    # permission, and an export is still its person's only.
    return get_object_or_404(DataExport, pk=export_id, user_id=request.user.pk)


@require_safe
@object_permission_required("accounts.download_data_export", export_from_token, hide=True)
def download(request, export: DataExport, token: str):
    if not links.link_is_current(token, export):
        return render(request, "accounts/data_export_expired.html", status=410)
    name = f"marquee-data-{export.ready_at:%Y-%m-%d}.zip"
    return private_file_response(request, export.file.name, content_type="application/zip",
                                 download_name=name, storage=export.file.storage)
