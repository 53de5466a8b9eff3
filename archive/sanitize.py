"""Turn whatever staff or importers type into safe plain text before it is stored.

Stored text is plain text with paragraphs (blank lines between them): no tags, no entities,
no control characters. Templates escape it on output, so storing ``<`` as ``<`` is safe and
what readers expect to see; storing ``&lt;`` would show the entity itself after escaping.
"""

from __future__ import annotations

import html
import re

import bleach

# bleach keeps the text inside stripped tags; for these elements that text is code, not prose.
# Only closed elements: an unclosed "<script" in prose must not swallow the rest of the text.
_CODE_ELEMENTS = re.compile(
    r"<(script|style|iframe|object|template)\b[^>]*>.*?</\1\s*>", re.I | re.S
)
# C0/C1 control characters except tab and newline: invisible, and some break XML feeds.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")
_MAX_PASSES = 5
_NEEDS_CLEANING = re.compile(
    r"[<>&\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xa0\u200b\u2028\u2029\ufeff]"
)

# Fields kept byte for byte: the original OCR (articles point into it by offsets), file
# provenance and slugs (already restricted to [-a-z0-9]).
UNSANITIZED_FIELDS = frozenset({"ocr_text", "source_file", "source_sha256", "slug"})


def clean_text(value: str) -> str:
    """Return ``value`` as plain text: tags and comments removed, entities decoded, line ends
    normalised to ``\\n``. Cleaning is repeated until stable, so an entity-encoded payload
    (``&lt;script&gt;``) cannot turn into a tag after decoding. Idempotent."""
    if not value:
        return value
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    if not _NEEDS_CLEANING.search(text):
        return text  # the common case for OCR prose: nothing bleach would change
    for _ in range(_MAX_PASSES):
        stripped = _CODE_ELEMENTS.sub("", text)
        cleaned = html.unescape(bleach.clean(stripped, tags=set(), strip=True, strip_comments=True))
        cleaned = _CONTROL_CHARACTERS.sub("", cleaned).replace("\xa0", " ")
        if cleaned == text:
            break
        text = cleaned
    return text


def clean_model_text_fields(instance) -> list[str]:
    """Clean every CharField/TextField of ``instance`` in place, except ``UNSANITIZED_FIELDS``.

    Returns the names of the fields whose value changed."""
    from django.db import models

    changed = []
    for field in instance._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        if field.name in UNSANITIZED_FIELDS or field.choices:
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, str):
            cleaned = clean_text(value)
            if cleaned != value:
                setattr(instance, field.attname, cleaned)
                changed.append(field.name)
    return changed
