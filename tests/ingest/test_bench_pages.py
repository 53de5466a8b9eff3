"""The benchmark's synthetic pages are real work: they cut into titled articles and a photo."""

import datetime
import importlib.util
import random
from pathlib import Path

from archive.ingest.pipeline import parse_page_text

BENCH = Path(__file__).resolve().parents[2] / "bench" / "import_pages.py"


def load_bench():
    spec = importlib.util.spec_from_file_location("bench_import_pages", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_synthetic_pages_cut_into_titled_articles_and_one_photo():
    bench = load_bench()
    rng = random.Random(3)
    for number in range(20):
        (page,) = parse_page_text(bench.page_text(number, rng, datetime.date(2021, 6, 1)))
        kinds = [a.kind for a in page.articles]
        assert kinds.count("photo") == 1 and kinds.count("article") >= 4
        assert all(a.title and a.credit for a in page.articles if a.kind == "article")
        assert page.label.startswith("A") and str(page.date) == "2021-06-01"
