"""config/gunicorn.conf.py's settings, read the way gunicorn reads them: by running the file."""

from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "config" / "gunicorn.conf.py"


def gunicorn_settings() -> dict:
    namespace: dict = {}
    exec(compile(SOURCE.read_text(), str(SOURCE), "exec"), namespace)  # noqa: S102
    return namespace
