"""Production: the development settings with secure defaults the environment can still override."""

import os

os.environ.setdefault("DJANGO_DEBUG", "False")
os.environ.setdefault("DJANGO_SECURE", "True")

from .base import *  # noqa: E402,F403
