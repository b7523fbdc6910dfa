"""Why an entry material was refused: stable codes, and messages in the reader's language.

Like the film's reasons (``reasons.py``): a material stores only ``{"code", "params"}`` and the
words are made when they are shown, in the language of whoever reads them.
"""

from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from .reasons import format_duration

_RESAVE_SUBTITLES = _("Save the subtitles again as SRT or WebVTT (UTF-8) and upload them.")
_FIX_LINE = _("Correct that line in your subtitle editor and upload the file again.")
_EXPORT_IMAGE = _("Export the picture again as JPEG, PNG or WebP and upload it.")
_EXPORT_PDF = _("Export the document again as a plain PDF and upload it.")

MESSAGES = {
    "subtitle_not_text": (_("The file is not a subtitle text file, or its encoding could not "
                            "be recognised."), _RESAVE_SUBTITLES),
    "subtitle_no_timing": (_("The block starting on line %(line)s has no timing line "
                             "(00:00:01,000 --> 00:00:02,000)."), _FIX_LINE),
    "subtitle_bad_timestamp": (_("The timing on line %(line)s cannot be read."), _FIX_LINE),
    "subtitle_ends_before_start": (_("The subtitle on line %(line)s ends before it starts."),
                                   _FIX_LINE),
    "subtitle_out_of_order": (_("The subtitle on line %(line)s starts before the one before "
                                "it: the subtitles are not in time order."),
                              _("Sort the subtitles by time in your subtitle editor and upload "
                                "the file again.")),
    "subtitle_too_many_cues": (_("The file has more than %(max)s subtitles."),
                               _("Check that you chose the right file.")),
    "subtitle_cue_too_long": (_("The subtitle on line %(line)s is longer than %(max)s "
                                "characters."), _FIX_LINE),
    "subtitle_empty": (_("The file holds no subtitles."),
                       _("Check that you chose the right file.")),
    "subtitle_past_film_end": (_("A subtitle ends at %(end)s, after the end of the film "
                                 "(%(duration)s)."),
                               _("Check that the subtitles belong to this cut of the film.")),
    "image_not_allowed_type": (_("The file is not a JPEG, PNG or WebP picture."), _EXPORT_IMAGE),
    "image_too_many_pixels": (_("The picture is %(width)s×%(height)s pixels; the largest "
                                "accepted is %(max_megapixels)s megapixels."),
                              _("Export the picture at a smaller size and upload it again.")),
    "image_damaged": (_("The picture could not be read: the file is damaged or incomplete."),
                      _EXPORT_IMAGE),
    "image_animated": (_("The picture is animated; posters and stills must be still "
                         "pictures."), _EXPORT_IMAGE),
    "document_not_pdf": (_("The file is not a PDF document."), _EXPORT_PDF),
    "document_encrypted": (_("The PDF is protected by a password or encrypted."),
                           _("Remove the protection, export the PDF again and upload it.")),
    "document_active_content": (_("The PDF contains scripts, actions or attached files, which "
                                  "we do not accept."), _EXPORT_PDF),
    "document_too_complex": (_("The PDF is built in an unusually complex way and could not be "
                               "checked safely."), _EXPORT_PDF),
    "document_too_many_pages": (_("The PDF has %(pages)s pages; the most accepted is "
                                  "%(max)s."), _("Upload a shorter document.")),
    "document_damaged": (_("The PDF could not be read: the file is damaged or incomplete."),
                         _EXPORT_PDF),
    "file_too_large": (_("The file is %(size)s; the largest accepted is %(max)s."),
                       _("Upload a smaller file.")),
    "processing_failed": (_("The file could not be checked: it took too long or needed too "
                            "much memory."),
                          _("Export the file again with standard settings and upload it.")),
}
UNKNOWN_MESSAGE = (_("The file did not pass a check."),
                   _("Upload the file again, or contact the organisers."))


def _params(code: str, params: dict) -> dict:
    if code == "file_too_large":
        return {"size": filesizeformat(params.get("size_bytes", 0)),
                "max": filesizeformat(params.get("max_bytes", 0))}
    if code == "subtitle_past_film_end":
        return {key: format_duration(float(params[key])) for key in ("end", "duration")}
    return {key: number_format(value) if isinstance(value, int) else value
            for key, value in params.items()}


def material_reason_text(code: str, params: dict) -> tuple[str, str]:
    """(message, what to do), in the active language. Unknown codes get a generic text."""
    message, todo = MESSAGES.get(code, UNKNOWN_MESSAGE)
    try:
        values = _params(code, params or {})
        return str(message) % values, str(todo) % values
    except (KeyError, TypeError, ValueError):
        return str(UNKNOWN_MESSAGE[0]), str(UNKNOWN_MESSAGE[1])


def describe_material(reasons: list[dict]) -> list[dict]:
    """Stored reasons as the pages and the API show them, in the active language."""
    described = []
    for reason in reasons or []:
        message, todo = material_reason_text(reason.get("code", ""), reason.get("params") or {})
        described.append({"code": reason.get("code", ""), "message": message, "todo": todo})
    return described
