"""Domain errors: every rule a service enforces fails with one of these.

Views turn them into a message, the API into ``{"code", "message", "fields"}``.
"""

from django.utils.functional import Promise


class ContestError(Exception):
    code = "contest_error"
    status = 400

    def __init__(self, message: str | Promise, code: str | None = None, *, fields=None):
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code
        self.fields = fields or {}


class PermissionDeniedError(ContestError):
    code = "permission_denied"
    status = 403


class NotFoundError(ContestError):
    code = "not_found"
    status = 404


class ConflictError(ContestError):
    """The object changed since the client read it, or a concurrent action won."""

    code = "conflict"
    status = 409
