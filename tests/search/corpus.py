"""Load the sample corpus (``tests/corpus.py``) into articles for search tests."""

from __future__ import annotations

import re

from tests.corpus import corpus_pages, require_corpus
from tests.factories import make_county, make_issue, make_newspaper, make_page

HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


def corpus_paragraphs() -> list[str]:
    """Every non-empty paragraph (blank-line separated) of the sample corpus files; skips the
    calling test when the corpus is absent."""
    require_corpus()
    paragraphs = []
    for path in corpus_pages():
        text = path.read_text(encoding="utf-8")
        paragraphs.extend(p.strip() for p in re.split(r"\n\s*\n", text) if p.strip())
    return paragraphs


def load_corpus_articles() -> list:
    """One article per corpus paragraph; the first line of each becomes its title when the
    paragraph has several lines, so titles are searched too. Returns the saved articles."""
    from archive.models import Article

    paper = make_newspaper("测试日报")
    counties = [make_county("温县"), make_county("孟州市"), make_county("牧野区", "新乡市")]
    pages = [
        make_page(
            label=f"A{n:02d}",
            issue=make_issue(f"202{n % 3 + 2}-0{n % 9 + 1}-1{n}", paper),
            county=counties[n % 3],
        )  # fmt: skip
        for n in range(1, 7)
    ]
    articles = []
    for number, paragraph in enumerate(corpus_paragraphs()):
        title, _, rest = paragraph.partition("\n")
        if not rest:
            title, rest = "", title
        page = pages[number % len(pages)]
        articles.append(
            Article(
                page=page,
                order=number,
                title=title[:300],
                body=rest,
                ocr_text=paragraph,
                county=page.county,
            )  # fmt: skip
        )
    return Article.objects.bulk_create(articles)
