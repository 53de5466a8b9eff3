"""How badly a text looks like raw OCR: the review queue shows the worst first."""

from __future__ import annotations

import re

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff"
_SPACED_CJK = re.compile(rf"[{_CJK}][ \u3000]+(?=[{_CJK}])")
_CJK_CHARACTER = re.compile(rf"[{_CJK}]")
# Letters, digits, CJK, whitespace and the punctuation newspapers print are expected.
_EXPECTED = re.compile(
    rf"[{_CJK}A-Za-z0-9\s，。、；：？！“”‘’（）《》〈〉【】—…·．.,;:?!'\"()\-%％/＋+×■●◆▲←→↑↓①-⑳０-９Ａ-Ｚａ-ｚ]"
)
SHORT_LINE = 6
FRAGMENT_LINE = 2

# Weights make each symptom worth up to about 25 points; a clean text scores 0.
_WEIGHTS = {"spaced": 40.0, "symbols": 120.0, "fragments": 30.0, "short_lines": 15.0}


def noise_components(text: str) -> dict[str, float]:
    """Return the ratio of each OCR symptom in ``text``, each between 0 and 1:

    ``spaced`` CJK characters followed by a space and another CJK character; ``symbols``
    characters outside letters, digits and usual punctuation; ``fragments`` lines of at most
    two characters; ``short_lines`` lines shorter than six characters."""
    cjk = len(_CJK_CHARACTER.findall(text))
    visible = [ch for ch in text if not ch.isspace()]
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return {
        "spaced": len(_SPACED_CJK.findall(text)) / cjk if cjk else 0.0,
        "symbols": (
            sum(1 for ch in visible if not _EXPECTED.match(ch)) / len(visible) if visible else 0.0
        ),
        "fragments": (
            sum(1 for line in lines if len(line) <= FRAGMENT_LINE) / len(lines) if lines else 0.0
        ),
        "short_lines": (
            sum(1 for line in lines if len(line) < SHORT_LINE) / len(lines) if lines else 0.0
        ),
    }


def ocr_noise_score(text: str) -> float:
    """Return a score from 0 (clean) upwards (about 100 at worst): higher means noisier OCR."""
    if not text or not text.strip():
        return 0.0
    components = noise_components(text)
    score = sum(_WEIGHTS[name] * min(ratio, 1.0) for name, ratio in components.items())
    return round(min(score, 100.0), 2)


# What the review queue scores and explains: the text that still needs work. Scoring the
# original OCR instead kept corrected articles on top forever and its symptom columns, read
# from a different text, explained nothing.
REVIEW_TEXT_LABEL = "当前正文（含校对修改）"


def article_noise_score(body: str) -> float:
    """Return the review-queue score of an article: ``ocr_noise_score`` of its current body,
    the same text ``noise_components`` explains in the queue."""
    return ocr_noise_score(body or "")
