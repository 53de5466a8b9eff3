"""Load benchmark: gunicorn with the production settings under a mix of readers.

    .venv/bin/python bench/load.py                      # 20,000 articles, 50 clients, 60 s
    .venv/bin/python bench/load.py --data-dir /tmp/load --duration 30

Builds a synthetic archive (``bench/search.py``'s, from the sample corpus; reused with
``--data-dir``), collects the static files, starts gunicorn (``--workers 2``) on 127.0.0.1 with
the production settings and drives it with Debian's ``wrk`` (``apt-get install wrk``): one wrk
per page type, all at once, the ``--connections`` split between them as in ``MIX``. Each type
cycles through ``--urls`` distinct addresses (the articles, issues, pages … readers open).
Half-way through, a staff correction is saved to one article; the script checks that the
article page and the search page show it, and how soon.

Then (``--each`` seconds, default 15) each page type alone gets all the connections: in the
mix every connection waits in the same worker queue, so the slowest page (search) sets the
pace of all of them, while the targets are per page type.

Prints one JSON line per page type and run (``"run": "mix"`` or ``"alone"``: req/s, p50/p99
ms, errors, target), one for the correction, and one for the machine. wrk runs on the same two cores as the server, and the
machine may be shared with other jobs: compare runs made back to back.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import search as search_bench  # noqa: E402  (bench/search.py: the synthetic archive)

# Connections per page type (sums to 50 by default; scaled to --connections).
MIX = {"article": 16, "issue": 7, "page": 7, "county": 7, "search": 7, "api": 6}
TARGETS = {"article": 500, "issue": 300, "page": 300, "county": 300, "search": 150}
VISIBLE_WITHIN_S = 1.0


def prepare_archive(data_dir: Path, articles: int, rng: random.Random) -> bool:
    """Django set up on ``data_dir``; the archive built and indexed unless already there.

    Returns whether it was reused."""
    reuse = (data_dir / "db.sqlite3").exists()
    search_bench.setup_django(data_dir)
    if not reuse:
        from django.core.management import call_command

        print(f"building {articles} articles in {data_dir} …", file=sys.stderr, flush=True)
        search_bench.build_archive(articles, rng)
        print("indexing …", file=sys.stderr, flush=True)
        call_command("rebuild_index", interactive=False, verbosity=0)
    return reuse


def url_lists(rng: random.Random, per_type: int) -> dict[str, list[str]]:
    """Up to ``per_type`` distinct addresses for each page type, drawn from the archive."""
    from archive.models import Article, County, Page

    def sample(values: list, k: int) -> list:
        return rng.sample(values, min(k, len(values)))

    article_ids = sample(list(Article.objects.values_list("pk", flat=True)), per_type)
    pages = sample(
        list(Page.objects.values_list("issue__newspaper__slug", "issue__date", "label")), per_type
    )
    issues = sorted({(slug, day) for slug, day, _ in pages})
    counties = list(County.objects.values_list("slug", flat=True))
    words = search_bench.make_queries(per_type, rng)
    quote = urllib.parse.quote
    county_urls = [f"/counties/{slug}/" for slug in counties]
    county_urls += [f"/counties/{rng.choice(counties)}/?page={n}" for n in range(2, per_type)]
    return {
        "article": [f"/articles/{pk}/" for pk in article_ids],
        "issue": [f"/papers/{slug}/{day.isoformat()}/" for slug, day in issues],
        "page": [f"/papers/{slug}/{day.isoformat()}/{label}/" for slug, day, label in pages],
        "county": county_urls[:per_type],
        "search": [f"/search/?q={quote(word)}" for word in words],
        "api": [
            f"/api/search?q={quote(word)}" if n % 2 else f"/api/articles/{article_ids[n]}"
            for n, word in enumerate(words[: len(article_ids)])
        ],
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(data_dir: Path, workers: int, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings.prod",
        SECRET_KEY=secrets.token_urlsafe(50),
        NEWSROOM_DATA_DIR=str(data_dir),
        STATIC_ROOT=str(data_dir / "static"),
        BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY=str(workers),
        INSECURE_LOCAL_HTTP="true",  # plain http on loopback, no HTTPS redirect
        ACCESS_LOG="false",
    )
    return env


def start_server(env: dict[str, str]) -> subprocess.Popen:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return subprocess.Popen([str(gunicorn), "-c", "gunicorn.conf.py"], cwd=ROOT, env=env)


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""


def wait_until_ready(base: str, server: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn exited during start-up")
        try:
            get(base + "/healthz")
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer within 120 s")


def run_wrk(base: str, paths: Path, connections: int, seconds: int) -> subprocess.Popen:
    return subprocess.Popen(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(BENCH / "load.lua"),
            base,
            "--",
            str(paths),
        ],  # fmt: skip
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wrk_summary(output: str) -> dict:
    for line in reversed(output.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError(f"wrk printed no summary:\n{output}")


def save_correction_and_watch(base: str, article_id: int, result: dict) -> None:
    """Correct ``article_id``'s title as staff would, then poll the article and search pages."""
    from django.contrib.auth.models import User

    from archive.corrections.editing import save_correction
    from archive.corrections.roles import ensure_role_groups
    from archive.models import Article

    ensure_role_groups()
    user, _ = User.objects.get_or_create(username="load-bench", defaults={"is_staff": True})
    marker = "".join(random.choice("鑫垚淼焱森磊晶犇骉羴") for _ in range(6))
    article = Article.objects.get(pk=article_id)
    article.title = f"校正{marker}{article.title}"
    started = time.monotonic()
    save_correction(article, user=user, expected_version=article.version, comment="load bench")
    saved = time.monotonic()
    seen: dict[str, float | None] = {"article": None, "search": None}
    search_url = f"{base}/search/?q={urllib.parse.quote(marker)}"
    checks = {
        "article": (f"{base}/articles/{article_id}/", marker),
        "search": (search_url, f"/articles/{article_id}/"),
    }

    def watch(name: str) -> None:
        # Each page polled on its own, so one page's wait in the queue does not delay the other.
        url, wanted = checks[name]
        while time.monotonic() - saved < 10:
            if wanted in get(url)[1]:
                seen[name] = time.monotonic() - saved
                return
            time.sleep(0.05)

    watchers = [threading.Thread(target=watch, args=(name,)) for name in checks]
    for watcher in watchers:
        watcher.start()
    for watcher in watchers:
        watcher.join()
    result.update(
        article_id=article_id,
        save_ms=round((saved - started) * 1000, 1),
        visible_on_article_page_ms=None
        if seen["article"] is None
        else round(seen["article"] * 1000),
        visible_in_search_ms=None if seen["search"] is None else round(seen["search"] * 1000),
    )
    result["ok"] = all(v is not None and v <= VISIBLE_WITHIN_S for v in seen.values())


def machine(load_before: tuple[float, ...]) -> dict:
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        "load_generator": (wrk_version.splitlines() or ["wrk"])[0].strip(),
        "note": "wrk and gunicorn share the same cores; the machine may be shared with other jobs",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--data-dir", help="keep the archive here; reuse it if already built")
    parser.add_argument("--duration", type=int, default=60, help="seconds of load")
    parser.add_argument("--warmup", type=int, default=10, help="seconds of untimed load first")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--urls", type=int, default=2000, help="distinct addresses per type")
    parser.add_argument("--each", type=int, default=15, help="seconds per page type alone")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk not found: apt-get install wrk")
    if not (args.data_dir and (Path(args.data_dir) / "db.sqlite3").exists()):
        if not search_bench.corpus_available():  # the archive is built from the corpus
            raise SystemExit(f"bench/load.py: {search_bench.CORPUS_MISSING}")
    rng = random.Random(args.seed)
    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="newsroom-load-")).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    reused = prepare_archive(data_dir, args.articles, rng)
    from archive.models import Article

    urls = url_lists(rng, args.urls)
    url_dir = Path(tempfile.mkdtemp(prefix="newsroom-load-urls-"))
    for kind, paths in urls.items():
        (url_dir / f"{kind}.txt").write_text("\n".join(paths) + "\n", encoding="ascii")
    scale = args.connections / sum(MIX.values())
    connections = {kind: max(1, round(n * scale)) for kind, n in MIX.items()}

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(server_environment(data_dir, args.workers, port))
    try:
        wait_until_ready(base, server)
        # The correcting process's own search engine loads before the clock starts.
        from archive.search.related import related_articles

        related_articles(Article.objects.first(), limit=1)
        if args.warmup:
            for process in [run_wrk(base, url_dir / f"{k}.txt", n, args.warmup)
                            for k, n in connections.items()]:  # fmt: skip
                process.communicate()
        runs = {
            kind: run_wrk(base, url_dir / f"{kind}.txt", n, args.duration)
            for kind, n in connections.items()
        }
        correction: dict = {}
        corrected_id = int(urls["article"][0].strip("/").split("/")[-1])
        timer = threading.Timer(
            args.duration / 2, save_correction_and_watch, (base, corrected_id, correction)
        )
        timer.start()
        outputs = {("mix", kind): process.communicate()[0] for kind, process in runs.items()}
        timer.join()
        for kind in connections if args.each else ():
            alone = run_wrk(base, url_dir / f"{kind}.txt", args.connections, args.each)
            outputs["alone", kind] = alone.communicate()[0]
    finally:
        server.terminate()
        server.wait(timeout=60)
    for (run, kind), output in outputs.items():
        summary = wrk_summary(output)
        errors = sum(summary[k] for k in summary if k.endswith("errors") or k == "timeouts")
        line = {
            "page": kind,
            "run": run,
            "req_per_s": round(summary["requests"] / (summary["duration_us"] / 1e6), 1),
            "p50_ms": round(summary["p50_us"] / 1000, 1),
            "p99_ms": round(summary["p99_us"] / 1000, 1),
            "requests": summary["requests"],
            "errors": errors,
            "error_detail": {
                k: v for k, v in summary.items() if k.endswith("errors") or k == "timeouts"
            },
            "connections": connections[kind] if run == "mix" else args.connections,
            "distinct_urls": len(urls[kind]),
            "target_req_per_s": TARGETS.get(kind),
        }
        print(json.dumps(line, ensure_ascii=False))
    print(json.dumps({"correction": correction}, ensure_ascii=False))
    print(json.dumps({
        "articles": Article.objects.count(), "reused_archive": reused, "data_dir": str(data_dir),
        "duration_s": args.duration, "warmup_s": args.warmup, "gunicorn_workers": args.workers,
        "machine": machine(load_before),
    }, ensure_ascii=False))  # fmt: skip


if __name__ == "__main__":
    main()
