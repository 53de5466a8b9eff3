"""Turn the bytes of an OCR page file into text, or fail with an error that names file and offset.

Archives come from several OCR engines and decades of Windows tools, so a page may be UTF-8
(with or without a BOM), GB18030/GBK, or UTF-16 with a BOM. Anything else is rejected rather
than guessed at: a wrong guess would store mojibake that readers then see.
"""

from __future__ import annotations

import codecs
import unicodedata

BOMS: list[tuple[bytes, str]] = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


class PageDecodeError(ValueError):
    """A page file that cannot be read as text; ``str()`` names the file and the byte offset."""

    def __init__(self, source: str, reason: str, offset: int | None = None) -> None:
        self.source = source
        self.reason = reason
        self.offset = offset
        where = f" at byte offset {offset}" if offset is not None else ""
        super().__init__(f"{source}: {reason}{where}")


def _control_share(text: str) -> float:
    """Share of characters that are control/unassigned/private-use: high means binary data."""
    if not text:
        return 0.0
    bad = 0
    for char in text:
        if char in "\n\r\t\f":
            continue
        if unicodedata.category(char) in {"Cc", "Cn", "Co", "Cs"}:
            bad += 1
    return bad / len(text)


def _first_control_offset(text: str, encoded: bytes, encoding: str) -> int | None:
    for index, char in enumerate(text):
        if char not in "\n\r\t\f" and unicodedata.category(char) in {"Cc", "Cn", "Co", "Cs"}:
            return len(text[:index].encode(encoding.replace("-sig", "")))
    return None


def decode_page_bytes(data: bytes, source: str = "<bytes>") -> tuple[str, str]:
    """Return ``(text, encoding)`` for a page file's bytes.

    Raises ``PageDecodeError`` for empty, binary or undecodable input; the error names
    ``source`` and, when known, the byte offset of the first bad byte.
    """
    if not data.strip(b" \t\r\n\x00"):
        raise PageDecodeError(source, "empty file (no text to import)")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as error:
                raise PageDecodeError(
                    source, f"invalid {encoding} after its byte-order mark", error.start
                ) from error
            return _checked(text, data, encoding, source)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise PageDecodeError(source, "binary data (NUL byte), not a text page", nul)
    try:
        return _checked(data.decode("utf-8"), data, "utf-8", source)
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as error:
            raise PageDecodeError(
                source,
                "not valid UTF-8 or GB18030 text (save it as UTF-8)",
                _bad_byte_offset(data, utf8_error, error),
            ) from error
        return _checked(text, data, "gb18030", source)


def _bad_byte_offset(
    data: bytes, utf8_error: UnicodeDecodeError, gb_error: UnicodeDecodeError
) -> int:
    """Where the file really goes wrong: UTF-8's offset when valid multi-byte UTF-8 precedes
    it (the file is UTF-8), else GB18030's (UTF-8 already failed at the first Chinese
    character of a GB file, which says nothing about where the damage is)."""
    utf8_prefix = data[: utf8_error.start]
    if any(byte >= 0x80 for byte in utf8_prefix):
        return utf8_error.start
    return gb_error.start


def _checked(text: str, data: bytes, encoding: str, source: str) -> tuple[str, str]:
    """Reject decoded text that is mostly control characters: binary that happened to decode."""
    if _control_share(text) > 0.01:
        offset = _first_control_offset(text, data, encoding)
        raise PageDecodeError(
            source, f"binary data (control characters) in {encoding} text", offset
        )
    if not text.strip():
        raise PageDecodeError(source, "empty file (no text to import)")
    return text, encoding
