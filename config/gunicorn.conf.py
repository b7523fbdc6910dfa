"""gunicorn settings for production: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

Why a threaded worker: with gunicorn's default sync worker a process serves one request at a
time and the arbiter kills any worker that stays busy past `timeout` (30 s by default). We saw
exactly that kill a 200 MB upload arriving at 5 MB/s (40 s) with an HTTP 500. The gthread
worker serves requests on a pool of threads while its main loop keeps reporting to the
arbiter, so `timeout` no longer bounds how long a request may take: a slow PATCH only occupies
one thread. Uploads are read from the socket in small pieces (see contest/tus/stream.py), so a
busy thread costs little memory. nginx in front (deploy/nginx.conf) streams upload bodies
through without buffering them and bounds idle clients with client_body_timeout.

Every value can be set from the environment.
"""

import ctypes
import ctypes.util
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
# Python threads share one core per process: under the deadline-rush load (bench/
# load_deadline.py, 2 cores) 4 processes x 8 threads answered with a median of 72 ms where
# 2 x 16 took 200 ms, with the same number of threads.
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count()))
# Concurrent uploads are bounded by workers x threads; each holds a database connection
# while its PATCH streams in, so keep PostgreSQL's max_connections above this product.
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
# With gthread this is a heartbeat deadline for a stuck worker, not a limit on a request.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "120"))
# An idle connection must outlive the proxy's (nginx keeps upstream connections 60 s): if
# gunicorn closes one first, a request already on its way over it gets no answer, and nginx
# does not retry a POST (502). Under the rush load, 5 s here cost such resets to clients
# whose people paused about 5 s between saves. Idle connections cost no thread in gthread.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))
# Recycle workers now and then so slow leaks in libraries cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
# Load the application in the master and warm it (config/warmup.py) before forking: a fresh
# worker's first request cost about 390 ms of CPU, and a deadline rush starts with 32 of them.
# Code changes therefore need a restart, not a HUP.
preload_app = os.environ.get("GUNICORN_PRELOAD", "on") != "off"


def when_ready(server) -> None:
    # Runs in the master after the preloaded application is imported, before any fork.
    if server.cfg.preload_app:
        from config.warmup import warm_up

        warm_up()


def _tune_malloc() -> None:
    """Keep glibc from returning upload buffers to the kernel after every piece.

    Streaming a body allocates and frees buffers of a few hundred KiB per read. glibc serves
    those from fresh mmap()s or trims thread arenas right after, so every piece paid page
    faults: 1 GiB took 4x longer than the loopback itself (measured with bench/bench_upload.py).
    Fixed thresholds keep such buffers in the arenas; memory stays bounded by them.
    """
    libc_name = ctypes.util.find_library("c")
    if not libc_name or os.environ.get("MARQUEE_MALLOC_TUNING", "on") == "off":
        return
    libc = ctypes.CDLL(libc_name)
    if not hasattr(libc, "mallopt"):  # not glibc
        return
    m_trim_threshold, m_mmap_threshold = -1, -3
    libc.mallopt(m_mmap_threshold, 4 * 1024 * 1024)
    libc.mallopt(m_trim_threshold, 16 * 1024 * 1024)


# Set in the master before it forks: workers inherit the allocator's settings.
_tune_malloc()
