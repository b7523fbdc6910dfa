"""Entry materials on the entrant's pages, and their files behind a permission check.

Uploads are refused on the declared length before Django reads a byte of the body: the view is
exempt from the CSRF middleware (which reads the form to find its token) and checks CSRF itself
after the length and the capped upload handler are in place. Only the files a check made are
served (``contest.view_material``: the owner, the contest's team, the assigned jurors; a
published winner's poster to anyone); documents only as attachments under a sandboxing CSP.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST, require_safe

from core.errors import ContestError, NotFoundError
from core.pages import run_service
from core.permissions import object_permission_required, refused_page
from core.private_files import private_file_response

from ..access import entry_from_url
from ..enums import MaterialKind
from ..forms_materials import MaterialUploadForm
from ..media.material_reasons import describe_material
from ..models import Entry, EntryMaterial
from ..requirements import missing_materials
from ..services.materials import check_declared_size, delete_material, max_bytes, upload_material

# A PDF may hold anything a viewer would run: the browser must only ever save it.
DOCUMENT_CSP = "default-src 'none'; sandbox"
CONTENT_TYPES = {"vtt": "text/vtt; charset=utf-8", "jpg": "image/jpeg", "png": "image/png",
                 "webp": "image/webp", "pdf": "application/pdf"}


# The entrant's own pages: the owner, or a 404 for anyone else (as in entrant.py).
own_entry_required = object_permission_required("contest.own_entry", entry_from_url, hide=True)


class CappedUploadHandler(FileUploadHandler):
    """Stops reading a body that grows past ``limit`` whatever its declared length said."""

    def __init__(self, request=None, *, limit: int):
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


def content_length(request) -> int | None:
    try:
        return int(request.META["CONTENT_LENGTH"])
    except (KeyError, TypeError, ValueError):
        return None


def install_size_cap(request, kind: str) -> None:
    """Refuse (ContestError) a body declared larger than ``kind`` allows, and cap what is read."""
    check_declared_size(kind=kind, content_length=content_length(request))
    request.upload_handlers.insert(0, CappedUploadHandler(request, limit=max_bytes(kind)))


def size_capped(view):
    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            install_size_cap(request, kwargs["kind"])
        except NotFoundError as error:
            raise Http404 from error
        except ContestError as error:
            messages.error(request, str(error.message))
            return redirect("contest:entry_detail", pk=kwargs["pk"])
        return csrf_protect(view)(request, *args, **kwargs)

    return wrapper


@require_POST
@size_capped
@own_entry_required
def material_upload(request, entry: Entry, kind: str):
    form = MaterialUploadForm(request.POST, request.FILES, kind=kind)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values()
                                         for e in errors))
    else:
        run_service(request, lambda: upload_material(
            entry=entry, by=request.user, kind=kind, upload=form.cleaned_data["file"],
            language=form.cleaned_data.get("language") or ""),
            success=_("The file was received; it is being checked."))
    return _back(entry)


@require_POST
@own_entry_required
def material_delete(request, entry: Entry, material_id: int):
    material = get_object_or_404(entry.materials.select_related("entry__contest"),
                                 pk=material_id)
    run_service(request, lambda: delete_material(material=material, by=request.user),
                success=_("The file was deleted."))
    return _back(entry)


@require_safe
def material_file(request, material_id: int, part: str):
    material = get_object_or_404(EntryMaterial.objects.select_related("entry__contest"),
                                 pk=material_id)
    if not request.user.has_perm("contest.view_material", material):
        raise Http404
    # The team's files wait for its second factor, like its pages: a direct link must not
    # skip what the pages ask (the entrant's own files are theirs).
    if material.entry.entrant_id != request.user.pk and request.user.is_authenticated:
        refusal = refused_page(request, "contest.view_material", material)
        if refusal is not None:
            return refusal
    field = material.thumbnail if part == "thumbnail" else material.file
    if not field.name:
        raise Http404
    suffix = field.name.rsplit(".", 1)[-1]
    ctype = CONTENT_TYPES.get(suffix, "application/octet-stream")
    is_document = material.kind == MaterialKind.DOCUMENT
    if material.kind == MaterialKind.SUBTITLE:
        # A <track> is fetched same-origin: a redirect to a bucket would be refused, and a
        # WebVTT file is small (the upload cap is a few MB of text).
        with field.open("rb") as stored:
            response = HttpResponse(stored.read(), content_type=ctype)
        response["Cache-Control"] = "private, no-cache"
    else:
        response = private_file_response(
            request, field.name, content_type=ctype,
            download_name=_download_name(material) if is_document else "")
    response["X-Content-Type-Options"] = "nosniff"
    if is_document:
        response["Content-Security-Policy"] = DOCUMENT_CSP
    return response


def materials_context(entry: Entry, materials: list[EntryMaterial], *, can_edit: bool) -> dict:
    """What the entry page shows of its materials: each with its reasons, what is missing,
    and an upload form per kind that still has room."""
    contest = entry.contest
    stills = sum(1 for m in materials if m.kind == MaterialKind.STILL)
    documents = sum(1 for m in materials if m.kind == MaterialKind.DOCUMENT)
    room = {MaterialKind.SUBTITLE: True, MaterialKind.POSTER: True,
            MaterialKind.STILL: stills < contest.max_stills,
            MaterialKind.DOCUMENT: documents < settings.MARQUEE_MATERIAL_MAX_DOCUMENTS}
    forms = [(MaterialKind(kind), MaterialUploadForm(kind=kind, auto_id=f"id_{kind}_%s"),
              max_bytes(kind)) for kind in MaterialKind.values if can_edit and room[kind]]
    return {
        "materials": [(m, describe_material(m.reasons)) for m in materials],
        "materials_missing": missing_materials(contest=contest, entry=entry,
                                               materials=materials),
        "material_forms": forms,
        "max_stills": contest.max_stills,
    }


def _back(entry: Entry):
    return redirect(reverse("contest:entry_detail", kwargs={"pk": entry.pk}) + "#materials")


def _download_name(material: EntryMaterial) -> str:
    # The entry's anonymous code, never the entrant's file name: a juror downloads it too.
    return f"{material.entry.code}-{material.pk}.pdf"
