"""gunicorn with the production settings serves pages, hashed static files and /healthz."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")
STRONG_KEY = "k" * 20 + "9f3Qz!x7@Lp2#Vb8$Nw5%Hc1^Rt6&Ym4*"
LEAKY = {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG", "STATIC_ROOT", "WHOOSH_INDEX_PATH",
         "CACHE_URL", "INSECURE_LOCAL_HTTP", "ELASTICSEARCH_URL"}  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=20) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def production_server(tmp_path):
    """A gunicorn serving an empty archive (migrated, indexed, collected) under tmp_path."""
    if not GUNICORN.exists():
        pytest.fail(f"{GUNICORN} missing: install requirements.txt")
    env = {k: v for k, v in os.environ.items() if k not in LEAKY}
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings.prod",
        SECRET_KEY=STRONG_KEY,
        NEWSROOM_DATA_DIR=str(tmp_path),
        STATIC_ROOT=str(tmp_path / "static"),
        BIND=f"127.0.0.1:{free_port()}",
        WEB_CONCURRENCY="1",
    )
    manage = [sys.executable, "manage.py"]
    for command in (["migrate"], ["collectstatic"], ["rebuild_index"]):
        done = subprocess.run(
            [*manage, *command, "--noinput"], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
    server = subprocess.Popen(
        [str(GUNICORN), "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://{env['BIND']}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                fetch(base + "/healthz")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not start:\n{server.stdout.read()}")
                time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_gunicorn_serves_pages_and_hashed_compressed_static_files(production_server):
    https = {"X-Forwarded-Proto": "https"}  # what nginx in front of it sends
    status, _, body = fetch(production_server + "/", **https)
    assert status == 200
    html = body.decode()
    assert "newsroom" in html or "报" in html
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html)
    assert stylesheet, "the page must link the hashed file name"

    status, headers, css = fetch(production_server + stylesheet.group(1), **https)
    assert status == 200 and b"{" in css
    assert "max-age=315360000" in headers["Cache-Control"]  # hashed names are cached for years
    status, headers, _ = fetch(
        production_server + stylesheet.group(1), **https, **{"Accept-Encoding": "gzip"}
    )
    assert status == 200 and headers.get("Content-Encoding") == "gzip"
    assert fetch(production_server + "/static/css/nothing-here.css", **https)[0] == 404


def test_plain_http_is_redirected_to_https_but_healthz_answers(production_server):
    status, headers, _ = fetch(production_server + "/counties/")
    assert status == 301 and headers["Location"].startswith("https://")
    status, _, body = fetch(production_server + "/healthz")
    assert status == 200 and b'"status": "ok"' in body


def test_a_connection_is_closed_after_each_answer(production_server):
    """No keep-alive by default: a gthread worker keeps the connections it accepted, so a few
    busy clients could all stay on one worker while the others idle."""
    import http.client

    host, port = production_server.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request("GET", "/healthz", headers={"Connection": "keep-alive"})
        response = connection.getresponse()
        response.read()
        assert response.status == 200
        assert response.getheader("Connection", "").lower() == "close"
    finally:
        connection.close()
