"""The layout harness: generated pages are right, the scorer is right, and segmentation of
500 generated pages holds its measured level (``archive/ingest/layouts``)."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.ingest.articles import ParsedArticle
from archive.ingest.layouts.catalog import CatalogError, load_catalog, parse_catalog
from archive.ingest.layouts.render import DEBRIS, render_page
from archive.ingest.layouts.run import (
    HarnessTotals,
    compare_failures,
    doubled_characters,
    lost_characters,
    read_page,
    run_harness,
)
from archive.ingest.layouts.score import CHECK_KINDS, PageScore, compact, score_page
from archive.ingest.layouts.truth import PageTruth
from archive.ingest.pipeline import parse_page_text
from tests.benchmarks import load_bench

HARNESS_PAGES = 500
# The level the importer reaches on pages 0…499, per check kind: the lower of this branch's
# and main's (at 69074f1), so the pins hold after a merge; a change that lowers one fails
# here. Raise them as segmentation improves (the goal for pairing is 0.98):
# `bench/segmentation.py --pages 500 --seed 0 --minimums` prints the current levels.
MINIMUM_ACCURACY = {
    "pairing": 0.963,
    "headline_order": 0.914,
    "whole": 0.993,
    "separate": 0.99,
    "subheads": 0.988,
    "continuation": 0.972,
    "photo": 0.986,
    "brief": 0.985,
    "byline_not_title": 0.998,
    "byline": 0.991,
    "credit": 0.989,
    "no_empty": 1.0,
    "no_untitled": 0.974,
    "banner": 1.0,
    "characters": 1.0,
}
MINIMUM_OVERALL = 0.984


@pytest.fixture(scope="module")
def totals():
    return run_harness(HARNESS_PAGES, seed=0)


def test_segmentation_of_generated_pages_holds_the_pinned_accuracy(totals):
    assert totals.pages == HARNESS_PAGES
    below = {
        kind: f"{totals.accuracy(kind):.3f} < {minimum}"
        for kind, minimum in MINIMUM_ACCURACY.items()
        if totals.accuracy(kind) < minimum
    }
    assert below == {}, totals.patterns.most_common(5)
    assert totals.overall >= MINIMUM_OVERALL


def test_every_check_kind_is_exercised_hundreds_of_times(totals):
    for kind in (*CHECK_KINDS, "characters"):
        assert totals.total[kind] >= 100, kind
    assert sum(totals.total.values()) > 20 * HARNESS_PAGES
    features = {tag for tag, _passed, _total, _accuracy in totals.by_tag("pairing")}
    assert {"single", "leadin", "dash", "wrapped", "columns", "long", "markdown"} <= features


# --- the catalogue --------------------------------------------------------------------------


def own_items(kind):
    return [i for i in load_catalog() if i.kind == kind and "demo" not in i.source]


def test_catalogue_has_the_items_the_layouts_need():
    reports = own_items("article")
    assert len(reports) >= 40
    assert all(3 <= len(item.text_paragraphs) <= 8 for item in reports)
    assert len(own_items("photo")) >= 10
    assert len(own_items("brief")) >= 3
    assert len(own_items("continuation")) >= 4
    titles = [re.sub(r"\s", "", i.title) for i in load_catalog() if i.title and i.kind != "photo"]
    assert all(8 <= len(title) <= 30 for title in titles), min(titles, key=len)
    assert len(set(titles)) == len(titles)
    shapes = "".join(titles)
    for mark in ("，", "！", "——", "「", "“", "："):
        assert mark in shapes, mark
    assert sum(1 for i in load_catalog() if i.leadin) >= 5
    assert sum(1 for i in load_catalog() if i.subheads) >= 5
    assert any(re.search(r"\d", title) for title in titles)


def test_the_demo_pages_reports_are_in_the_catalogue():
    demo_titles = {i.title for i in load_catalog() if "demo" in i.source}
    assert {
        "温县黄河滩区春季植树忙",
        "孟州市韩愈纪念馆游客量创新高",
        "凤泉区开展防汛应急演练",
    } <= demo_titles


def test_a_malformed_catalogue_line_is_named_by_file_and_line():
    with pytest.raises(CatalogError, match=r"bad\.txt:3: expected 'key: value'"):
        parse_catalog("=== article\ntitle: 某县召开会议\nnonsense\n---\n正文。", "bad.txt")
    with pytest.raises(CatalogError, match=r"bad\.txt:1: unknown item kind 'poem'"):
        parse_catalog("=== poem\n---\n正文。", "bad.txt")
    with pytest.raises(CatalogError, match=r"bad\.txt:1: a photo credit ends in 摄"):
        parse_catalog("=== photo\ncredit: 王明\n---\n图片说明。", "bad.txt")


# --- the renderer and its truth -------------------------------------------------------------


def page_letters(text: str) -> str:
    return compact(text.replace("**", ""))


def test_every_truth_phrase_occurs_once_in_the_page_text():
    for seed in range(HARNESS_PAGES):
        page = render_page(seed)
        letters = page_letters(page.text)
        for item in page.truth.items:
            for phrase in item.phrases:
                assert letters.count(phrase) == 1, (seed, item.source, phrase)
            for line in item.headline_lines:
                assert compact(line) in letters, (seed, line)
            for subhead in item.subheads:
                assert subhead in letters, (seed, subhead)
            for name in item.byline_names:
                assert name in letters, (seed, name)
        for banner in page.truth.banners:
            assert letters.count(banner) == 1, (seed, banner)


def test_rendering_is_deterministic_per_seed():
    first, again = render_page(17), render_page(17)
    assert first.text == again.text
    assert first.truth.to_json() == again.truth.to_json()
    assert len({render_page(seed).text for seed in range(20)}) == 20


def test_truth_survives_a_round_trip_through_json():
    truth = render_page(3).truth
    assert PageTruth.from_json(truth.to_json()) == truth


def test_layouts_cover_every_pattern_of_the_issue():
    seen: Counter[str] = Counter()
    for seed in range(HARNESS_PAGES):
        page = render_page(seed)
        seen.update(f"{key}={value}" for key, value in page.truth.layout.items())
        for item in page.truth.items:
            seen.update(item.tags)
            seen[f"kind={item.kind}"] += 1
            seen["continuation"] += item.continuation
            seen["subheads"] += bool(item.subheads)
        seen["banner"] += bool(page.truth.banners)
        seen["halves-differ"] += len(set(page.truth.layout["positions"])) == 2
        seen["debris"] += any(line in DEBRIS for line in page.text.splitlines())
        seen["spaced"] += bool(
            re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff] [\u4e00-\u9fff]", page.text)
        )
        seen["column-break"] += bool(re.search(r"[^。！？）)”\n]\n\n[^\n]", page.text))
        seen["glued-opener"] += bool(re.search(r"[\u4e00-\u9fff”！]本报讯", page.text))
    wanted = [
        "style=columns", "style=long", "style=markdown", "position=before", "position=after",
        "header=none", "header=folio", "header=daily", "single", "leadin", "dash", "wrapped",
        "vertical", "byline-opener", "byline-line", "byline-lines", "byline-above-headline",
        "byline-line-and-opener", "kind=photo", "kind=brief", "continuation", "subheads",
        "marker-glued", "marker-line", "credit-line", "credit-inline", "spaced",
        "column-break", "glued-opener", "leadin-below",
        "follow-up", "banner", "header=stacked", "header=two", "halves-differ", "debris",
        "photo-titled",
    ]  # fmt: skip
    rare = {key: seen[key] for key in wanted if seen[key] < 10}
    assert rare == {}
    for width in (8, 18):
        assert seen[f"width={width}"] > 0


# --- the scorer -----------------------------------------------------------------------------


def perfect_reading(truth):
    """What a flawless importer would give for ``truth``: every field right."""
    articles = []
    for item in truth.items:
        body = "\n\n".join([*item.phrases[:1], *item.subheads, *item.phrases[1:]])
        articles.append(
            ParsedArticle(
                kind=item.kind,
                title=item.title,
                subtitle=item.subtitle,
                byline=" ".join(item.byline_names) if item.kind != "photo" else "",
                credit=item.credit,
                body=body,
                continues_from="A01" if item.continuation else "",
            )
        )
    return articles


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 5, 8, 13])
def test_a_perfect_reading_passes_every_check(seed):
    truth = render_page(seed).truth
    score = score_page(perfect_reading(truth), truth.items)
    assert score.failures == []
    assert score.counts()["pairing"][1] == sum(1 for item in truth.items if item.title)


def first_titled_pair(truth):
    return [i for i, item in enumerate(truth.items) if item.title and not item.continuation][:2]


def test_headlines_given_to_the_neighbouring_bodies_fail_pairing():
    truth = render_page(0).truth
    articles = perfect_reading(truth)
    a, b = first_titled_pair(truth)
    articles[a].title, articles[b].title = articles[b].title, articles[a].title
    counts = score_page(articles, truth.items).counts()
    assert counts["pairing"] == (counts["pairing"][1] - 2, counts["pairing"][1])


def test_two_reports_read_as_one_fail_separate_and_the_second_pairing():
    truth = render_page(0).truth
    articles = perfect_reading(truth)
    a, b = first_titled_pair(truth)
    articles[a].body += "\n\n" + articles[b].body
    del articles[b]
    failed = [c.kind for c in score_page(articles, truth.items).failures]
    assert failed.count("separate") == 2 and failed.count("pairing") == 1


def test_a_report_cut_at_its_subhead_fails_whole_and_subheads():
    def cut_report(item):
        return item.subheads and not item.continuation

    seed = next(s for s in range(100) if any(map(cut_report, render_page(s).truth.items)))
    truth = render_page(seed).truth
    articles = perfect_reading(truth)
    index = next(i for i, item in enumerate(truth.items) if cut_report(item))
    item = truth.items[index]
    articles[index].body = item.phrases[0]
    articles.append(ParsedArticle(title=item.subheads[0], body="\n\n".join(item.phrases[1:])))
    failed = {check.kind for check in score_page(articles, truth.items).failures}
    assert {"whole", "subheads"} <= failed


def test_an_empty_byline_item_and_an_untitled_report_are_counted_as_failures():
    truth = render_page(0).truth
    articles = perfect_reading(truth)
    articles[0].title = ""
    articles.append(ParsedArticle(byline="本报记者 刘洋"))
    failures = score_page(articles, truth.items).failures
    assert [c.kind for c in failures if c.kind in ("no_empty", "no_untitled")] == [
        "no_untitled",
        "no_empty",
    ]


def test_report_text_merged_into_a_caption_fails_the_photo_check():
    seed = next(
        s for s in range(100) if any(i.kind == "photo" for i in render_page(s).truth.items[1:])
    )
    truth = render_page(seed).truth
    articles = perfect_reading(truth)
    index = next(i for i, item in enumerate(truth.items) if i and item.kind == "photo")
    articles[index].body = (
        articles[index - 1].body.split("\n\n")[-1] + "\n\n" + articles[index].body
    )
    failed = [c for c in score_page(articles, truth.items).failures if c.kind == "photo"]
    assert [c.pattern.split(" [")[0] for c in failed] == ["report text merged into the caption"]


def test_a_caption_merged_into_a_report_fails_the_photo_check():
    seed = next(
        s for s in range(100) if any(i.kind == "photo" for i in render_page(s).truth.items[1:])
    )
    truth = render_page(seed).truth
    articles = perfect_reading(truth)
    index = next(i for i, item in enumerate(truth.items) if i and item.kind == "photo")
    articles[index - 1].body += "\n\n" + articles[index].body
    del articles[index]
    failed = [c for c in score_page(articles, truth.items).failures if c.kind == "photo"]
    assert len(failed) == 1


def test_a_character_missing_from_every_field_is_reported_lost():
    page = render_page(4)
    parsed = parse_page_text(page.text)
    assert lost_characters(page.text, parsed) == Counter()
    article = parsed[-1].articles[-1]
    dropped = article.body[-8:]
    article.body = article.body[:-8]
    assert sum(lost_characters(page.text, parsed).values()) >= len(re.sub(r"\W", "", dropped)) > 0


def test_a_paragraph_read_twice_is_reported_doubled():
    page = render_page(4)
    parsed = parse_page_text(page.text)
    assert doubled_characters(page.text, parsed) == Counter()
    first, last = parsed[0].articles[0], parsed[-1].articles[-1]
    last.body += "\n\n" + first.body.split("\n\n")[-1]
    doubled = doubled_characters(page.text, parsed)
    assert sum(doubled.values()) >= 10 and lost_characters(page.text, parsed) == Counter()


def test_bench_prints_every_check_and_dumps_page_truth_and_reading(tmp_path, capsys):
    bench = load_bench("segmentation")
    assert bench.main(["--pages", "3", "--seed", "40", "--dump", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["pages"] == 3 and 0 < summary["overall"] <= 1
    assert "pairing" in summary["accuracy"] and "machine:" in out and "pages/s" in out
    for seed in (40, 41, 42):
        assert (tmp_path / f"page-{seed}.txt").read_text(encoding="utf-8") == render_page(seed).text
        truth = PageTruth.from_json((tmp_path / f"page-{seed}.truth.json").read_text("utf-8"))
        assert truth == render_page(seed).truth
        assert "title=" in (tmp_path / f"page-{seed}.read.txt").read_text(encoding="utf-8")


def test_comparing_two_runs_names_the_checks_a_change_broke_and_fixed():
    score = PageScore(subject="reports_a.txt:9")
    score.add("pairing", True)
    score.add("whole", False, "report cut into 2 items", "example")
    totals = HarnessTotals()
    totals.add(7, score)
    before = {"7|pairing|reports_a.txt:9": 1}
    broken, fixed = compare_failures(before, totals)
    assert broken == [("7|whole|reports_a.txt:9", "report cut into 2 items — example")]
    assert fixed == ["7|pairing|reports_a.txt:9"]


# --- properties -----------------------------------------------------------------------------

SEEDS = st.integers(min_value=0, max_value=10**9)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=SEEDS)
def test_segmenting_a_rendered_page_loses_and_doubles_no_chinese_character(seed):
    page = render_page(seed)
    _parsed, score = read_page(page)
    assert [c for c in score.failures if c.kind == "characters"] == []


@pytest.mark.xfail(
    reason="the importer does not yet read every generated layout right (bylines on their own "
    "lines, subheads, wrapped and lead-in headlines: see bench/segmentation.py)",
    strict=False,
)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=SEEDS)
def test_segmenting_a_rendered_page_recovers_every_article(seed):
    page = render_page(seed)
    _parsed, score = read_page(page)
    assert score.failures == []
