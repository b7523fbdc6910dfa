"""Development: everything from the environment, with defaults that need no server."""

from .base import *  # noqa: F403
