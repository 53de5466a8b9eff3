"""Folding (full-width ASCII to ASCII, lower case) gives the same text whichever way it runs."""

from __future__ import annotations

import random

import pytest

from archive.search.engine import analyzer
from archive.search.engine.analyzer import fold

ALPHABET = "黄河滩区ＡＢＣａｂｃ１２３，。！？（）：；　 ABCxyz09Éé\u3007ΩΣ😀\U00020001\ud800\uff5e\uff5f\uff00"


def translated(text: str) -> str:
    return text.translate(analyzer._FOLD).lower()


@pytest.mark.parametrize("length", [0, 1, 127, 128, 129, 500, 3000])
def test_fold_equals_the_translation_table_at_every_length(length):
    rng = random.Random(length)
    for _ in range(30):
        text = "".join(rng.choices(ALPHABET, k=length))
        assert fold(text) == translated(text)
        assert len(fold(text)) == len(text)


def test_full_width_letters_digits_punctuation_and_the_ideographic_space_fold():
    text = "ＡＢＣ１２３，ｘ　Ｙ" * 10
    assert fold(text) == "abc123,x y" * 10
