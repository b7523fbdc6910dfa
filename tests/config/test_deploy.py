"""The production configuration in deploy/ agrees with the code it runs."""

import re
import shlex
from pathlib import Path

import pytest
from django.conf import settings

from .gunicorn_settings import gunicorn_settings

DEPLOY = Path(settings.BASE_DIR) / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))


def _exec_start(unit: Path) -> list[str]:
    text = unit.read_text().replace("\\\n", " ")
    line = next(line for line in text.splitlines() if line.startswith("ExecStart="))
    return shlex.split(line.removeprefix("ExecStart="))


def _option(unit: Path, name: str) -> str:
    match = re.search(rf"^{name}=(.+)$", unit.read_text(), re.MULTILINE)
    assert match, f"{unit.name} has no {name}"
    return match.group(1).strip()


def _queues(unit: Path) -> set[str]:
    command = _exec_start(unit)
    if "worker" not in command:
        return set()
    return set(command[command.index("-Q") + 1].split(","))


def test_every_queue_has_a_worker_and_there_is_one_scheduler():
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    consumed = set().union(*(_queues(unit) for unit in UNITS))
    assert routed | {settings.CELERY_TASK_DEFAULT_QUEUE} <= consumed
    assert [unit.name for unit in UNITS if "beat" in _exec_start(unit)] == ["marquee-beat.service"]


def test_every_unit_runs_the_project_from_its_own_environment_file():
    for unit in UNITS:
        command = _exec_start(unit)
        assert command[0].endswith(("/.venv/bin/gunicorn", "/.venv/bin/celery")), unit.name
        assert _option(unit, "EnvironmentFile") == "/etc/marquee/marquee.env"
        if command[0].endswith("celery"):
            assert command[1:3] == ["-A", "config"], unit.name


def test_the_web_unit_uses_the_gunicorn_configuration_and_outwaits_its_graceful_stop():
    unit = DEPLOY / "systemd" / "marquee-web.service"
    command = _exec_start(unit)
    assert command[command.index("-c") + 1] == "config/gunicorn.conf.py"
    assert command[-1] == "config.wsgi:application"
    assert int(_option(unit, "TimeoutStopSec")) > gunicorn_settings()["graceful_timeout"]


def _settings_source() -> str:
    folder = Path(settings.BASE_DIR) / "config" / "settings"
    return "".join(path.read_text() for path in folder.glob("*.py"))


@pytest.mark.parametrize("name", [
    line.split("=", 1)[0].lstrip("#")
    for line in (DEPLOY / "marquee.env.example").read_text().splitlines()
    if re.match(r"#?[A-Z_]+=", line)
])
def test_every_variable_of_the_example_environment_is_read(name):
    # A misspelt name would be ignored without a word and leave a default in production.
    units = "".join(unit.read_text() for unit in UNITS)
    assert name == "DJANGO_SETTINGS_MODULE" or f'"{name}"' in _settings_source() \
        or f"${{{name}}}" in units
