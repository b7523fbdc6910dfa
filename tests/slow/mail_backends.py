"""Email backends for worker processes of the fault suites."""

import os
import time
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend


class StallingBackend(EmailBackend):
    """Writes a marker, then hangs before sending: the test kills the worker mid-send."""

    def send_messages(self, email_messages):
        Path(os.environ["MARQUEE_TEST_SEND_MARKER"]).write_text("sending")
        time.sleep(120)
        return super().send_messages(email_messages)
