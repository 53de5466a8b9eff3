"""The benchmark's synthetic pages are real work: they cut into titled articles and a photo."""

import datetime
import random

from archive.ingest.pipeline import parse_page_text
from tests.benchmarks import load_bench


def test_synthetic_pages_cut_into_titled_articles_and_one_photo():
    bench = load_bench("import_pages")
    rng = random.Random(3)
    for number in range(20):
        (page,) = parse_page_text(bench.page_text(number, rng, datetime.date(2021, 6, 1)))
        kinds = [a.kind for a in page.articles]
        assert kinds.count("photo") == 1 and kinds.count("article") >= 4
        assert all(a.title and a.credit for a in page.articles if a.kind == "article")
        assert page.label.startswith("A") and str(page.date) == "2021-06-01"
