"""The search benchmark's kept-lists comparison asks every query both ways and restores the budget."""

from __future__ import annotations

from archive.search.engine.decoded import decoded_lists
from tests.benchmarks import load_bench


def test_each_query_is_asked_with_lists_kept_and_not_and_the_budget_is_restored():
    bench = load_bench("search")
    before = decoded_lists.budget_bytes
    asked: list[tuple[str, int]] = []

    def search(query: str) -> int:
        asked.append((query, decoded_lists.budget_bytes))
        return 0

    pairs = [("len2", "黄河"), ("len2", "小麦"), ("len4", "人民代表")]
    report = bench.kept_report(search, pairs, budget_bytes=12345)
    assert sorted(asked) == sorted((q, b) for _, q in pairs for b in (12345, 0))
    assert [budget for _, budget in asked[:2]] != [budget for _, budget in asked[2:4]]  # order
    assert set(report) == {"len2", "len4"}
    assert set(report["len2"]) == {"read_p50_ms", "read_p95_ms", "kept_p50_ms", "kept_p95_ms"}
    assert decoded_lists.budget_bytes == before
