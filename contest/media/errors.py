"""Errors that mean "the tools could not do their job", as opposed to "the file is bad".

A bad file never raises: it ends in an invalid report with reasons. These errors tell the
caller to retry later (and to count the attempt, so a file that keeps killing its own child
cannot loop forever).
"""


class MediaToolError(Exception):
    """FFmpeg could not run at all (missing binary, OS error)."""


class MediaTimeout(MediaToolError):
    """The capped child process was killed by its wall-clock limit."""
