"""What an entry still lacks of the materials its contest requires. Pure: no queries.

A material counts once it is uploaded and not refused: like the film, a file still being
checked does not hold up a submission, and a refused one is shown with its reasons.
``missing_materials`` reads the contest's settings and the entry's materials already loaded,
so the entry page, the API and ``submit_entry`` give the same answer.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .enums import MaterialKind, MaterialStatus, SubtitleRequirement

ENGLISH = "en"


@dataclass(frozen=True)
class Missing:
    code: str
    message: str


def english_subtitles_required(contest, entry) -> bool:
    rule = contest.english_subtitles
    if rule == SubtitleRequirement.NONE or entry.no_dialogue or entry.original_language == "zxx":
        return False
    in_english = (entry.original_language or "").split("-")[0] == ENGLISH
    return rule == SubtitleRequirement.ALWAYS or not in_english


def missing_materials(*, contest, entry, materials: Iterable) -> list[Missing]:
    """The requirements ``entry`` does not meet yet, in the active language."""
    counted = [m for m in materials if m.status != MaterialStatus.REFUSED]
    kinds = [m.kind for m in counted]
    missing = []
    if contest.require_poster and MaterialKind.POSTER not in kinds:
        missing.append(Missing("poster_missing", str(_("A poster is required."))))
    stills = kinds.count(MaterialKind.STILL)
    if stills < contest.min_stills:
        missing.append(Missing("stills_missing", ngettext(
            "%(count)s more still is required.", "%(count)s more stills are required.",
            contest.min_stills - stills) % {"count": contest.min_stills - stills}))
    if contest.require_document and MaterialKind.DOCUMENT not in kinds:
        missing.append(Missing("document_missing", str(_("A press kit (PDF) is required."))))
    if english_subtitles_required(contest, entry) and not any(
            m.kind == MaterialKind.SUBTITLE and m.language.split("-")[0] == ENGLISH
            for m in counted):
        missing.append(Missing("english_subtitles_missing",
                               str(_("English subtitles are required."))))
    return missing
