"""Settings for the app processes the fault suites start: production-like (DEBUG off).

Static files come straight from the source folders so no collect step is needed, and
passwords use a fast hasher because the suites create hundreds of accounts.
"""

from config.settings.local import *  # noqa: F403

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
}
WHITENOISE_USE_FINDERS = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
