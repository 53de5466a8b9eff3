"""Chinese text analysis for the index: jieba words plus character bigrams.

Two views of the same text are indexed:

* **words**: jieba segmentation (rjieba does the cutting: same dictionary and cuts, checked by
  ``tests/search/test_segmenter.py``), good for relevance ranking;
* **grams**: every adjacent pair of characters with its character offset, plus the last
  character of each run. A query string of n characters is then an exact phrase of n-1 bigrams
  at consecutive offsets, so every article containing it verbatim is found, however jieba cut
  the surrounding text (the recall guarantee).

Characters are folded (full-width ASCII to ASCII, lower case) one for one, so offsets stay valid.
"""

from __future__ import annotations

import re
import threading
from collections import Counter, defaultdict

import numpy as np

from archive.search.engine.places import shipped_place_names

# A "unit" is a character that can be part of a search term: CJK ideographs, digits, letters,
# and 〇 (U+3007, the zero of years like 二〇二三年, outside the ideograph blocks).
UNIT_CLASS = r"0-9a-z\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
UNIT_RUN = re.compile(f"[{UNIT_CLASS}]+")
HAS_UNIT = re.compile(f"[{UNIT_CLASS}]")
HAN_ONLY = re.compile(r"^[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]+$")

_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20


def fold(text: str) -> str:
    """Full-width ASCII to ASCII and lower case; returns a string of the same length.

    ``str.translate`` with a table looks every character of non-ASCII text up one by one
    (~90 ns a character): on an article's body that was most of a snippet's time and part
    of indexing. Longer texts are mapped as code points in numpy instead (4.5x faster)."""
    if len(text) < NUMPY_FOLD_CHARS:
        return text.translate(_FOLD).lower()
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32).copy()
    points[(points >= 0xFF01) & (points <= 0xFF5E)] -= 0xFEE0
    points[points == 0x3000] = 0x20
    return points.tobytes().decode("utf-32-le", "surrogatepass").lower()


NUMPY_FOLD_CHARS = 128  # shorter: numpy's calls cost more than translating (even at ~130)


def unit_runs(text: str) -> list[str]:
    """The runs of searchable characters in ``text`` after folding, in order."""
    return UNIT_RUN.findall(fold(text))


def gram_positions(text: str) -> dict[str, list[int]]:
    """Bigram (and run-final character) → character offsets where it starts.

    The run-final unigram makes a one-character query findable as the prefix of some token.
    """
    positions: dict[str, list[int]] = defaultdict(list)
    for match in UNIT_RUN.finditer(fold(text)):
        run, start = match.group(), match.start()
        for offset in range(len(run) - 1):
            positions[run[offset : offset + 2]].append(start + offset)
        positions[run[-1]].append(start + len(run) - 1)
    return positions


def query_grams(run: str) -> list[str]:
    """The bigrams a search for the unit run ``run`` (already folded) must find consecutively."""
    if len(run) == 1:
        return [run]
    return [run[offset : offset + 2] for offset in range(len(run) - 1)]


class Segmenter:
    """jieba's dictionary and cuts, with the archive's place names added.

    rjieba is used when importable (about 20× faster, identical cuts); jieba otherwise.
    Loading the dictionary takes a moment, so it happens on first use, not at import.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cut = None
        self.engine = ""
        self.added_words: set[str] = set()

    def _load(self):
        with self._lock:
            if self._cut is not None:
                return self._cut
            try:
                import rjieba

                self.engine = "rjieba"
                self._add = lambda word, freq: rjieba.add_word(word, freq, None)
                cut = rjieba.cut
            except ImportError:  # pragma: no cover - rjieba is pinned in requirements.txt
                import jieba

                jieba.setLogLevel(60)
                self.engine = "jieba"
                self._add = lambda word, freq: jieba.add_word(word, freq=freq)
                cut = jieba.lcut
            for word in shipped_place_names():
                self._add_word(word)
            self._cut = cut
            return cut

    def _add_word(self, word: str) -> None:
        if word and word not in self.added_words:
            self._add(word, PLACE_NAME_FREQUENCY)
            self.added_words.add(word)

    def add_words(self, words) -> None:
        """Teach the segmenter more place names (from County/Page metadata)."""
        self._load()
        with self._lock:
            for word in words:
                self._add_word(word.strip())

    def cut(self, text: str) -> list[str]:
        """jieba's cut of ``text`` (HMM on), every token, whitespace included."""
        return (self._cut or self._load())(text)

    def words(self, text: str) -> list[str]:
        """Searchable words of ``text``: jieba tokens of the folded text that contain a unit
        character (folding first: one ``translate`` per text, not per word)."""
        has_unit = HAS_UNIT.search
        return [word for word in self.cut(fold(text)) if has_unit(word)]

    def word_counts(self, text: str) -> Counter:
        return Counter(self.words(text))


# High enough that a place name wins over the dictionary's split of it (黄庄/镇南).
PLACE_NAME_FREQUENCY = 20000

segmenter = Segmenter()
