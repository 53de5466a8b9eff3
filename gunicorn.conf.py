"""gunicorn settings for newsroom: ``gunicorn -c gunicorn.conf.py newsroom.wsgi``.

Everything an operator tunes comes from the environment (README, "Deploying")."""

from __future__ import annotations

import os

wsgi_app = "newsroom.wsgi:application"
bind = os.environ.get("BIND", "127.0.0.1:8000").split(",")
# Two processes per core is gunicorn's usual advice; one small server has 1–2 cores.
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1))))
# Threads let one worker keep several keep-alive connections (nginx upstream, monitors) and
# overlap waiting on the database; the GIL still runs one request at a time per process.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Off by default: a gthread worker keeps every keep-alive connection it accepted, so a few
# busy clients could all stay on one worker while the other idled (bench/load.py measured
# 195-1,530 req/s for the same cached pages, run to run, with 5 s; 950-1,070 with 0). nginx in
# front keeps the readers' connections alive either way.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "0"))
# A worker restarts after this many requests (0 = never): a safety net against slow leaks.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
# Logs to stdout/stderr, where the service manager collects them; ACCESS_LOG=false silences
# the per-request lines (benchmarks).
accesslog = (
    "-" if os.environ.get("ACCESS_LOG", "true").lower() in {"1", "true", "yes", "on"} else None
)
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# nginx on the same host sets X-Forwarded-Proto; trust it only from there.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# gunicorn ≥ 25 opens a management socket at one fixed path per user, so several instances on
# one machine (tests, bench/load.py, make serve) would fight over it: off unless a path is given.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket


def post_worker_init(worker) -> None:
    """Warm the search engine in each new worker (``WARM_UP_SEARCH=false`` to skip), so the
    first reader after a start or a ``max_requests`` restart does not wait for it."""
    # The app is loaded by now, so the settings' own parser can be imported.
    from newsroom.settings.base import env_bool

    if env_bool("WARM_UP_SEARCH", default=True):
        from archive.search import warm_up

        warm_up()
