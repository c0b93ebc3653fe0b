"""Decode file bytes to text, recording which encoding was used.

News files arrive as UTF-8, UTF-8 with a BOM, UTF-16 from Windows tools, or legacy
Cyrillic and Chinese code pages. Guessing wrong silently corrupts every mention offset
downstream, so decoding is explicit: BOMs first, strict UTF-8 next, then a statistical
guess that must be confident, else the file is refused with a reason.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from flows.extract import ExtractionError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    note: str | None = None  # what was repaired, stored with the file


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# A UTF-8 file with at most this share of broken bytes is UTF-8 with damage, not another encoding.
_MAX_BROKEN_SHARE = 0.01
# Below this share of non-ASCII bytes, legacy text is almost always Windows-1252 (Western news).
_MAX_NON_ASCII_FOR_CP1252 = 0.10


def _looks_binary(data: bytes) -> bool:
    """NUL bytes or many control bytes in a BOM-less file mean it is not text."""
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(8, len(sample) // 100)


def decode_bytes(data: bytes) -> Decoded:
    """Return the text of ``data`` and the encoding it was read with.

    Raises ``ExtractionError`` for empty, binary or undecodable content.
    """
    if not data:
        raise ExtractionError("empty", "file is empty (0 bytes)")
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(name)
            except UnicodeDecodeError as exc:
                raise ExtractionError("undecodable", f"{name} BOM but invalid {name}: {exc.reason}") from exc
            return Decoded(text.lstrip("\ufeff"), name)
    if _looks_binary(data):
        raise ExtractionError("binary", "file holds binary data (NUL or control bytes), not text")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    repaired = data.decode("utf-8", errors="replace")
    broken = repaired.count("\ufffd")
    if _UTF8_MULTIBYTE.search(data) and broken <= max(1, len(data) * _MAX_BROKEN_SHARE):
        return Decoded(repaired, "utf-8", f"{broken} invalid UTF-8 byte sequence(s) replaced with U+FFFD")
    non_ascii = sum(1 for b in data[:1_000_000] if b > 127)
    if non_ascii <= len(data[:1_000_000]) * _MAX_NON_ASCII_FOR_CP1252:
        try:
            return Decoded(data.decode("cp1252"), "cp1252", "not UTF-8; read as Windows-1252")
        except UnicodeDecodeError:
            pass
    best = from_bytes(data[:1_000_000]).best()
    if best is None or best.encoding is None:
        raise ExtractionError("undecodable", "not valid UTF-8 and no other encoding fits the bytes")
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise ExtractionError("undecodable", f"guessed {best.encoding} but it does not decode: {exc}") from exc
    name = codecs.lookup(best.encoding).name
    return Decoded(text, name, f"not UTF-8; detected {name}")
