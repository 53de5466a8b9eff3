"""Layout harness: invented reports rendered into raw OCR pages of many layouts, with truth.

``render_page(seed)`` gives a page and its truth, ``score_page(articles, truth)`` checks a
reading of it, ``run_harness(pages, seed)`` does both over many pages. Used by
``tests/ingest/test_layout_harness.py`` and ``bench/segmentation.py``.
"""
