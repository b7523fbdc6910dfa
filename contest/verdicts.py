"""Validation reasons as people read them: a stable code, a translated message, what to do.

The media layer words the reasons it finds (``contest.media.reason_text``); the pipeline adds
the few it decides itself (a file that could not be processed, a file gone from storage).
Messages are rendered in the active language, so call these under the reader's language.
"""

from django.utils.translation import gettext as _

from .enums import VideoStatus

PROCESSING_FAILED = "processing_failed"
FILE_MISSING = "file_missing"
FINAL_STATUSES = (VideoStatus.VALID, VideoStatus.INVALID)


def _pipeline_text(code: str, params: dict) -> tuple[str, str] | None:
    if code == PROCESSING_FAILED:
        return (
            _("Your file could not be processed: checking it failed %(attempts)s times.")
            % {"attempts": params.get("attempts", "?")},
            _("Export the film again with standard settings (for example H.264 in MP4) and "
              "upload the new file."),
        )
    if code == FILE_MISSING:
        return (
            _("Your uploaded file could not be found on the server."),
            _("Upload the film again."),
        )
    return None


def reason_text(code: str, params: dict | None = None) -> tuple[str, str]:
    """(message, what to do) for one reason, in the active language."""
    params = params or {}
    text = _pipeline_text(code, params)
    if text is not None:
        return text
    from .media import reason_text as media_reason_text

    return media_reason_text(code, params)


def describe(reasons: list[dict] | None) -> list[dict[str, str]]:
    """Stored reasons (``[{"code", "params"}]``) as ``[{"code", "message", "what_to_do"}]``."""
    described = []
    for reason in reasons or []:
        if not isinstance(reason, dict) or not reason.get("code"):
            continue
        message, what_to_do = reason_text(reason["code"], reason.get("params") or {})
        described.append(
            {"code": reason["code"], "message": str(message), "what_to_do": str(what_to_do)}
        )
    return described


def is_final(status: str) -> bool:
    return status in FINAL_STATUSES
