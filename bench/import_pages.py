#!/usr/bin/env python
"""Import benchmark: a synthetic batch of OCR pages through ``import_paths``.

Usage: python bench/import_pages.py [--pages 1000] [--keep DIR]

Pages are generated from invented sentence templates in the layouts real pages use (headers,
column-broken lines, headlines before or after bodies, letter-spaced OCR, credits, photos).
Runs against a throwaway SQLite database in a temporary NEWSROOM_DATA_DIR; prints a summary
and one JSON line with the numbers.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PLACES = ["东风镇", "西河乡", "南山街道", "北湖村", "青石镇", "柳林乡", "白杨街道", "红星村"]
COUNTIES = ["温县", "孟州市", "博爱县", "武陟县", "修武县", "沁阳市"]
ACTS = [
    "召开工作推进会",
    "开展志愿服务活动",
    "举办技能培训班",
    "启动道路改造工程",
    "组织安全大检查",
]
DETAILS = [
    "与会人员围绕重点任务逐项研究，明确了责任分工和完成时限",
    "现场群众纷纷表示，这项工作办到了大家的心坎上",
    "下一步，当地将持续完善长效机制，推动各项措施落到实处",
    "活动共吸引两百余名群众参加，发放宣传资料三千余份",
    "截至目前，相关工程已完成总工程量的六成以上",
    "负责人介绍，今年将新建三处服务站点，覆盖所有行政村",
]
NAMES = ["李明", "王芳", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "周敏"]


def column(text: str, rng: random.Random) -> str:
    """Break ``text`` at a column width of 11–15 characters, as OCR of a column does."""
    width = rng.randint(11, 15)
    return "\n".join(text[i : i + width] for i in range(0, len(text), width))


def spaced(text: str) -> str:
    return " ".join(text)


def article(rng: random.Random, county: str, headline_after: bool) -> str:
    place = rng.choice(PLACES)
    act = rng.choice(ACTS)
    day = rng.randint(1, 28)
    title = f"{county}{place}{act}"
    lead = f"本报讯 {rng.randint(1, 12)} 月 {day} 日，{county}{place}{act}。"
    paragraphs = [lead] + [rng.choice(DETAILS) + "。" for _ in range(rng.randint(2, 5))]
    if rng.random() < 0.3:
        paragraphs[1] = spaced(paragraphs[1][:12]) + paragraphs[1][12:]
    body = "\n\n".join(column(p, rng) for p in paragraphs)
    body += f"（{rng.choice(NAMES)} {rng.choice(NAMES)}）"
    return f"{body}\n\n{title}" if headline_after else f"{title}\n\n{body}"


def page_text(number: int, rng: random.Random, day: datetime.date) -> str:
    county = rng.choice(COUNTIES)
    label = f"A{number % 16 + 1:02d}"
    weekday = "一二三四五六日"[day.weekday()]
    header = (
        f"JIAOZUO DAILY\n{label}│{county}新闻{day.year}年{day.month}月{day.day}日 星期{weekday}\n\n"
        f"■新闻热线：1234567│■编辑：{rng.choice(NAMES)}\n"
    )
    after = rng.random() < 0.5
    parts = [article(rng, county, after) for _ in range(rng.randint(4, 8))]
    caption = f"{rng.choice(PLACES)}群众在广场上参加{rng.choice(ACTS)[2:]}。 {rng.choice(NAMES)} 摄"
    parts.append(caption)
    return header + "\n\n" + "\n\n".join(parts) + "\n"


def write_batch(folder: Path, pages: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    start = datetime.date(2020, 1, 1)
    paths = []
    for number in range(pages):
        day = start + datetime.timedelta(days=number // 16)
        path = folder / f"{day:%Y%m%d}-{number % 16 + 1:02d}.txt"
        path.write_text(page_text(number, rng, day), encoding="utf-8")
        paths.append(path)
    return paths


STARTED = time.perf_counter()


def progress(message: str) -> None:
    """One progress line on stderr (stdout carries the summary and the JSON result)."""
    print(
        f"[bench/import_pages {time.perf_counter() - STARTED:6.1f}s] {message}",
        file=sys.stderr,
        flush=True,
    )


def every_hundredth_file(what: str):
    """An ``import_paths`` report callback printing progress every 100 files."""
    count = 0

    def report(line: str) -> None:
        nonlocal count
        count += 1
        if count % 100 == 0:
            progress(f"{what}: {count} files")

    return report


def cpu_name() -> str:
    """The processor model from /proc/cpuinfo when there is one (Linux), else platform's."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main() -> int:
    parser = argparse.ArgumentParser(description="Import benchmark on synthetic OCR pages.")
    parser.add_argument("--pages", type=int, default=1000)
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
    progress(f"migrating a throwaway database in {data_dir}")
    os.environ["NEWSROOM_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command

    from archive.ingest.batch import import_paths
    from archive.ingest.manifest import PageMeta

    call_command("migrate", verbosity=0)
    pages_dir = data_dir / "pages"
    pages_dir.mkdir()
    progress(f"writing {args.pages} synthetic pages to {pages_dir}")
    write_batch(pages_dir, args.pages)
    started = time.perf_counter()
    summary = import_paths([pages_dir], PageMeta(), {}, report=every_hundredth_file("imported"))
    elapsed = time.perf_counter() - started
    started_again = time.perf_counter()
    again = import_paths(
        [pages_dir], PageMeta(), {}, report=every_hundredth_file("re-imported unchanged")
    )
    reimport = time.perf_counter() - started_again
    result = {
        "benchmark": "import_pages",
        "pages": summary.pages,
        "articles": summary.articles,
        "photos": summary.photos,
        "failed": summary.failed,
        "seconds": round(elapsed, 2),
        "pages_per_second": round(summary.pages / elapsed, 1),
        "reimport_unchanged_pages_per_second": round(again.unchanged / reimport, 1),
        "machine": f"{cpu_name()}, {os.cpu_count()} cpu, {platform.system()}",
        "python": platform.python_version(),
        "database": "sqlite",
    }
    print(
        f"imported {summary.pages} pages ({summary.articles} articles, {summary.photos} photos) "
        f"in {elapsed:.1f}s: {result['pages_per_second']} pages/s; re-import of unchanged "
        f"pages: {result['reimport_unchanged_pages_per_second']} pages/s "
        f"[{result['machine']}, Python {result['python']}]"
    )
    print(json.dumps(result, ensure_ascii=False))
    shutil.rmtree(data_dir, ignore_errors=True)
    return 1 if summary.failed else 0


if __name__ == "__main__":
    sys.exit(main())
