"""Upload endpoints: tus (``tus.py``) and S3 multipart (``s3.py``), side by side."""

from rest_framework.throttling import ScopedRateThrottle


class UploadAccess:
    """What every upload endpoint asks, tus and S3 alike.

    Signed in is enough to ask; an upload is fetched by its service, which answers 404 for
    anyone else's, and a new upload asks for the entry's owner (a refusal looks like a 404).
    """

    permission_required = None
    object_permission_required = "contest.own_entry"
    hide_refused_objects = True
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "upload"
