"""Bulk messages for tests: a draft with texts in the contest's languages."""

from judging.enums import BulkSegment
from judging.services import bulk_messages


def draft(contest, by, *, segment=BulkSegment.VALID_ENTRIES, subject="News", body="Hello.",
          **kwargs):
    values = {"subject_en": subject, "body_en": body, **kwargs.pop("values", {})}
    return bulk_messages.create_draft(contest=contest, by=by, segment=segment, values=values,
                                      **kwargs)
