"""Private servers and app processes for the fault suites.

The shared PostgreSQL and Redis of the machine are never stopped: every fault test
starts its own Redis and its own PostgreSQL cluster on free loopback ports, points
web and worker processes at them, and removes everything afterwards.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import suppress
from pathlib import Path

import psycopg
import redis
import requests

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, *, timeout: float, interval: float = 0.2, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout}s waiting for {what}")


def _as_postgres(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    # PostgreSQL refuses to run as root; CI runs everything as root.
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run(prefix + args, check=True, capture_output=True, text=True, **kwargs)


class PrivateRedis:
    def __init__(self, *, port: int | None = None, extra: tuple[str, ...] = (),
                 listen: tuple[str, ...] = ()):
        self.port = port or free_port()
        self.extra = extra
        self.listen = listen
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=5)

    def start(self) -> PrivateRedis:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", *self.listen,
             "--protected-mode", "no", "--save", "",
             "--appendonly", "no", "--daemonize", "no", *self.extra],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self._pings, timeout=15, what="private redis")
        return self

    def _pings(self) -> bool:
        try:
            with self.client() as client:
                return bool(client.ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)
        self.process = None


class PrivatePostgres:
    """A throwaway cluster in a temporary folder, owned by the postgres system user.

    ``listen`` adds addresses besides loopback (the host ends of network namespaces).
    """

    def __init__(self, *, listen: tuple[str, ...] = ()):
        self.listen = listen
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="marquee-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "server.log"
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def init(self) -> PrivatePostgres:
        _as_postgres([str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U",
                      "postgres", "--no-sync", "-E", "UTF8", "--locale", "C.UTF-8"])
        return self.start()

    def start(self) -> PrivatePostgres:
        if self.listen:
            with open(self.data / "pg_hba.conf", "a") as hba:
                hba.writelines(f"host all all {address}/24 trust\n" for address in self.listen)
        addresses = ",".join(("127.0.0.1", *self.listen))
        options = (
            f"-p {self.port} -c listen_addresses={addresses} -k {self.dir} -c fsync=off "
            "-c full_page_writes=off -c max_connections=300"
        )
        _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
                      "-o", options, "-w", "start"], timeout=60)
        return self

    def stop(self, mode: str = "fast") -> None:
        with suppress(subprocess.CalledProcessError):
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w",
                          "stop"], timeout=60)

    def clone(self, template: PrivatePostgres) -> PrivatePostgres:
        """Start a copy of a stopped, migrated cluster: much faster than migrating again."""
        subprocess.run(["cp", "-a", str(template.data), str(self.data)], check=True)
        return self.start()

    def create_database(self, name: str) -> str:
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


def manage(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=timeout,
    )
    if result.returncode:
        raise RuntimeError(result.stdout + result.stderr)
    return result.stdout


def migrated_template() -> PrivatePostgres:
    """A cluster holding the migrated ``marquee`` database, stopped, ready to be copied."""
    template = PrivatePostgres().init()
    url = template.create_database("marquee")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "tests.slow.settings",
        "DATABASE_URL": url,
        "MARQUEE_VAR_DIR": str(template.dir / "var"),
    }
    manage(env, "migrate", "--noinput", "-v", "0")
    template.stop("fast")
    return template


class Stack:
    """Private Redis + PostgreSQL + media folders, and the app processes run against them."""

    def __init__(self, *, template: PrivatePostgres, redis_extra: tuple[str, ...] = (),
                 listen: tuple[str, ...] = ()):
        self.dir = Path(tempfile.mkdtemp(prefix="marquee-stack-"))
        self.redis = PrivateRedis(extra=redis_extra, listen=listen)
        self.postgres = PrivatePostgres(listen=listen)
        self.template = template
        self.processes: list[subprocess.Popen] = []
        self.database_url = ""

    @property
    def media_root(self) -> Path:
        return self.dir / "media"

    @property
    def upload_dir(self) -> Path:
        return self.dir / "uploads"

    @property
    def mail_dir(self) -> Path:
        return self.dir / "mail"

    @property
    def tmp_dir(self) -> Path:
        return self.dir / "tmp"

    def sql(self, query: str, *params) -> list[tuple]:
        """Read the private database directly: fast enough to poll every few milliseconds."""
        with psycopg.connect(self.database_url, autocommit=True) as conn:
            return conn.execute(query, params).fetchall()

    def env(self, **extra: str) -> dict[str, str]:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.dir),
            "LANG": "C.UTF-8",
            "DJANGO_SETTINGS_MODULE": "tests.slow.settings",
            "DJANGO_DEBUG": "False",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": self.database_url,
            "CELERY_BROKER_URL": self.redis.url,
            "REDIS_URL": self.redis.url.replace("/0", "/1"),
            "MARQUEE_VAR_DIR": str(self.dir / "var"),
            "MARQUEE_MEDIA_ROOT": str(self.media_root),
            "MARQUEE_UPLOAD_DIR": str(self.upload_dir),
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "DJANGO_EMAIL_FILE_PATH": str(self.mail_dir),
            "DJANGO_LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            # Temporary files of every process land here, so a test can see what is left over.
            "TMPDIR": str(self.tmp_dir),
            "CELERY_TASK_ALWAYS_EAGER": "false",
        }
        env.update(extra)
        return env

    def start(self) -> Stack:
        for folder in (self.media_root, self.upload_dir, self.mail_dir, self.tmp_dir,
                       self.dir / "var"):
            folder.mkdir(parents=True, exist_ok=True)
        self.redis.start()
        self.postgres.clone(self.template)
        self.database_url = self.postgres.url("marquee")
        return self

    def close(self) -> None:
        for process in self.processes:
            stop_process(process)
        self.redis.stop()
        self.postgres.destroy()
        shutil.rmtree(self.dir, ignore_errors=True)

    def manage(self, *args: str, timeout: float = 300) -> str:
        return manage(self.env(), *args, timeout=timeout)

    def django(self, code: str, timeout: float = 300, **extra_env: str):
        """Run ORM code against the private servers; the value of ``result`` comes back as JSON."""
        program = (
            "import django, json\ndjango.setup()\nresult = None\n" + code
            + "\nprint('@@RESULT@@' + json.dumps(result, default=str))\n"
        )
        completed = subprocess.run(
            [sys.executable, "-c", program], cwd=ROOT, env=self.env(**extra_env),
            capture_output=True, text=True, timeout=timeout,
        )
        if completed.returncode:
            raise RuntimeError(completed.stdout + completed.stderr)
        line = [ln for ln in completed.stdout.splitlines() if ln.startswith("@@RESULT@@")][-1]
        return json.loads(line.removeprefix("@@RESULT@@"))

    def seed_entrants(self, count: int, **contest_fields) -> dict:
        """An open contest and ``count`` entrants, each with a draft entry and an API token."""
        code = f"""
from rest_framework.authtoken.models import Token
from accounts.enums import Role
from accounts.services import add_role
from tests.factories import ContestFactory, EntryFactory, UserFactory
contest = ContestFactory(**{contest_fields!r})
people = []
for _ in range({count}):
    user = UserFactory()
    add_role(user=user, role=Role.ENTRANT)
    entry = EntryFactory(contest=contest, entrant=user)
    people.append({{"email": user.email, "entry": entry.pk,
                    "token": Token.objects.create(user=user).key}})
result = {{"contest": contest.slug, "people": people}}
"""
        return self.django(code)

    def spawn(self, args: list[str], *, name: str, **extra_env: str) -> subprocess.Popen:
        with open(self.dir / f"{name}.log", "ab") as log:
            process = subprocess.Popen(
                args, cwd=ROOT, env=self.env(**extra_env), stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        process.log_path = self.dir / f"{name}.log"  # type: ignore[attr-defined]
        self.processes.append(process)
        return process

    def worker(self, *, name: str, concurrency: int = 1, queues: str = "validation,default",
               beat: bool = False, prefix: tuple[str, ...] = (),
               **extra_env: str) -> subprocess.Popen:
        """A Celery worker process; ``beat`` embeds the scheduler (the sweeper), ``prefix``
        runs it under another command (``ip netns exec NAME``)."""
        process = self.spawn(
            [*prefix, sys.executable, "-m", "celery", "-A", "config.celery_app", "worker",
             "-l", "INFO", "-Q", queues, "-c", str(concurrency), "-n", f"{name}@%h",
             "--without-gossip", "--without-mingle", "--without-heartbeat",
             *(["-B", "-s", str(self.dir / f"{name}-beat")] if beat else [])],
            name=name, **extra_env,
        )
        wait_until(lambda: _log_says(process, "ready."), timeout=60, what=f"worker {name}")
        return process

    def web(
        self, *, workers: int = 2, threads: int = 8, **extra_env: str
    ) -> tuple[subprocess.Popen, str]:
        port = free_port()
        args = [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}",
                "--workers", str(workers), "--worker-class", "gthread", "--threads", str(threads),
                "--timeout", "120", "--graceful-timeout", "5"]
        if (ROOT / "config" / "gunicorn.conf.py").exists():
            args += ["-c", str(ROOT / "config" / "gunicorn.conf.py")]
        process = self.spawn(args, name=f"web-{port}", **extra_env)
        base = f"http://127.0.0.1:{port}"
        wait_until(lambda: _answers(process, base), timeout=60, what="gunicorn")
        return process, base

    def sent_mail(self) -> list[str]:
        """Every message the processes sent, one string per message."""
        return read_sent_mail(self.mail_dir)


class NetworkNamespaces:
    """Network namespaces, each joined to the host by its own veth pair: a process started
    in one (``ip netns exec``) has its own network stack, like a separate machine, and
    reaches the servers only through the host's address on its link."""

    def __init__(self, count: int):
        tag = os.getpid() % 100_000
        self.names = [f"mq{tag}n{i}" for i in range(count)]
        self.links = [f"mq{tag}h{i}" for i in range(count)]
        base = 20 + tag % 200
        self.host_addresses = tuple(f"10.{base}.{i}.1" for i in range(count))

    @staticmethod
    def supported() -> bool:
        if os.geteuid() != 0 or shutil.which("ip") is None:
            return False
        probe = f"mqprobe{os.getpid() % 100_000}"
        if subprocess.run(["ip", "netns", "add", probe], capture_output=True).returncode:
            return False
        subprocess.run(["ip", "netns", "del", probe], capture_output=True)
        return True

    def __enter__(self) -> NetworkNamespaces:
        try:
            for name, link, host in zip(self.names, self.links, self.host_addresses,
                                        strict=True):
                guest = host.rsplit(".", 1)[0] + ".2"
                for command in (
                    ["ip", "netns", "add", name],
                    ["ip", "link", "add", link, "type", "veth", "peer", "name", "eth-" + name],
                    ["ip", "link", "set", "eth-" + name, "netns", name],
                    ["ip", "addr", "add", f"{host}/24", "dev", link],
                    ["ip", "link", "set", link, "up"],
                    ["ip", "netns", "exec", name, "ip", "addr", "add", f"{guest}/24", "dev",
                     "eth-" + name],
                    ["ip", "netns", "exec", name, "ip", "link", "set", "eth-" + name, "up"],
                    ["ip", "netns", "exec", name, "ip", "link", "set", "lo", "up"],
                ):
                    subprocess.run(command, check=True, capture_output=True)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *_exc) -> None:
        for name, link in zip(self.names, self.links, strict=True):
            subprocess.run(["ip", "link", "del", link], capture_output=True)
            subprocess.run(["ip", "netns", "del", name], capture_output=True)

    def prefix(self, index: int) -> tuple[str, ...]:
        return ("ip", "netns", "exec", self.names[index])


def _log_says(process: subprocess.Popen, needle: str) -> bool:
    if process.poll() is not None:
        raise RuntimeError(f"process exited with {process.returncode}: "
                           + process.log_path.read_text(errors="replace")[-3000:])
    return needle in process.log_path.read_text(errors="replace")


def _answers(process: subprocess.Popen, base: str) -> bool:
    _log_says(process, "")
    try:
        return requests.get(base + "/", timeout=2).status_code < 500
    except requests.RequestException:
        return False


def read_sent_mail(mail_dir: Path) -> list[str]:
    """The messages Django's file email backend wrote into ``mail_dir``, one string each."""
    messages = []
    for path in sorted(mail_dir.glob("*.log")):
        text = path.read_text(errors="replace")
        messages += [m for m in text.split("-" * 79) if "Subject:" in m]
    return messages


def stop_process(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if process.poll() is not None:
        return
    with suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
