"""The search benchmark's peak memory counts the index worker processes when there are some."""

from __future__ import annotations

import subprocess
import sys

from tests.benchmarks import load_bench


def test_rss_includes_a_child_process_larger_than_the_parent_with_workers():
    bench = load_bench("search")
    alone = bench.peak_rss_mb(workers=1)
    child_mb = int(alone) + 200  # larger than this process has ever been
    # A child that touches child_mb of memory, then exits and is waited for.
    subprocess.run(
        [sys.executable, "-c", f"block = b'x' * ({child_mb} * 2**20); print(len(block))"],
        check=True,
        capture_output=True,
    )
    assert bench.peak_rss_mb(workers=2) >= child_mb
    assert bench.peak_rss_mb(workers=1) < child_mb
