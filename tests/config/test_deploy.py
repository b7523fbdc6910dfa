"""The production configuration in deploy/ agrees with the code it runs."""

import os
import re
import shlex
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from django.conf import settings

from tests.slow.servers import free_port, wait_until

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


def _example_environment() -> dict[str, str]:
    lines = (DEPLOY / "marquee.env.example").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if re.match(r"[A-Z_]+=", line))


def _as_this_checkout_runs_it(unit: Path, tmp_path: Path) -> list[str]:
    """The unit's command with this virtualenv's Python, the example environment's values for
    ``${VAR}``, systemd's ``%%`` unescaped and the scheduler's state file in ``tmp_path``."""
    program, *args = _exec_start(unit)
    values = _example_environment()
    args = [re.sub(r"\$\{(\w+)\}", lambda m: values[m.group(1)], arg).replace("%%", "%")
            for arg in args]
    if "--schedule" in args:
        args[args.index("--schedule") + 1] = str(tmp_path / "celerybeat-schedule")
    return [sys.executable, "-m", Path(program).name, *args]


def _ready(unit: Path, log: Path, port: int) -> bool:
    if unit.name == "marquee-web.service":
        try:
            return requests.get(f"http://127.0.0.1:{port}/static/css/marquee.css",
                                timeout=2).status_code == 200
        except requests.RequestException:
            return False
    text = log.read_text(errors="replace")
    return " ready." in text or "beat: Starting..." in text


@pytest.mark.integration
@pytest.mark.parametrize("unit", UNITS, ids=[unit.stem for unit in UNITS])
def test_every_units_command_starts(unit, tmp_path):
    # On a broker database of its own: a worker here must not take another test's messages.
    broker = re.sub(r"/\d*$", "/13", os.environ["CELERY_BROKER_URL"])
    port = free_port()
    log = tmp_path / "unit.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            _as_this_checkout_runs_it(unit, tmp_path), cwd=settings.BASE_DIR,
            env={**os.environ, "CELERY_BROKER_URL": broker, "GUNICORN_BIND": f"127.0.0.1:{port}",
                 "GUNICORN_WORKERS": "1"},
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        wait_until(lambda: _ready(unit, log, port) or process.poll() is not None, timeout=60,
                   what=f"{unit.name} to start")
        assert process.poll() is None, log.read_text(errors="replace")[-3000:]
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
