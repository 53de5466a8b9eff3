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
# Each pass decodes one level of entities; real text settles in one or two passes, and a
# payload escaped over and over settles one pass per level. Past this bound see clean_text.
_MAX_PASSES = 20
_NEEDS_CLEANING = re.compile(
    r"[<>&\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xa0\u200b\u2028\u2029\ufeff]"
)

# Fields kept byte for byte: the original OCR (articles point into it by offsets), file
# provenance and slugs (already restricted to [-a-z0-9]).
UNSANITIZED_FIELDS = frozenset({"ocr_text", "source_file", "source_sha256", "slug"})


def _normalise(text: str) -> str:
    """Return ``text`` with line ends as ``\\n``, control characters dropped, no-break spaces
    as spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_CHARACTERS.sub("", text).replace("\xa0", " ")


def _clean_once(text: str) -> str:
    """One pass: code elements and tags stripped, one level of entities decoded."""
    stripped = _CODE_ELEMENTS.sub("", text)
    return _normalise(
        html.unescape(bleach.clean(stripped, tags=set(), strip=True, strip_comments=True))
    )


def clean_text(value: str) -> str:
    """Return ``value`` as plain text: tags and comments removed, entities decoded, line ends
    normalised to ``\\n``.

    Cleaning is repeated until a pass changes nothing, so an entity-encoded payload
    (``&amp;lt;script&amp;gt;``, escaped any number of times) cannot turn into a tag after
    decoding, and ``clean_text(clean_text(x)) == clean_text(x)``. Text still changing after
    ``_MAX_PASSES`` passes is stripped by bleach once more without decoding and its ``&``
    made full-width (＆), so what is left holds no tag and is itself already clean."""
    if not value:
        return value
    text = _normalise(value)
    if not _NEEDS_CLEANING.search(text):
        return text  # the common case for OCR prose: nothing bleach would change
    for _ in range(_MAX_PASSES):
        cleaned = _clean_once(text)
        if cleaned == text:
            return text
        text = cleaned
    stripped = bleach.clean(_CODE_ELEMENTS.sub("", text), tags=set(), strip=True)
    return stripped.replace("&", "＆")


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
