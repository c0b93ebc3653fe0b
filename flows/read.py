"""Read one discovered file into zero or more extracted articles.

This is the single place where a file's format decides its reader, and where every way
a file can be unusable becomes an :class:`ExtractionError` with a status and a reason.
"""

from __future__ import annotations

from flows.discover import FoundFile
from flows.extract import Extracted, ExtractionError
from flows.extract.html import extract_html
from flows.extract.json import extract_json
from flows.extract.text import extract_markdown, extract_text
from flows.normalise.encoding import Decoded, decode_bytes


def read_found_file(found: FoundFile, max_bytes: int) -> tuple[list[Extracted], Decoded]:
    """Return the articles in ``found`` and how it was decoded; raise ExtractionError when unusable."""
    if found.bytes is not None and found.bytes > max_bytes:
        raise ExtractionError(
            "too_large", f"file is {found.bytes:,} bytes, over the {max_bytes:,}-byte limit (NEWS_MAX_FILE_BYTES)"
        )
    try:
        data = found.abs_path.read_bytes()
    except OSError as exc:
        raise ExtractionError("unreadable", f"cannot read file: {exc.strerror or exc}") from exc
    decoded = decode_bytes(data)
    if not decoded.text.strip():
        raise ExtractionError("empty", "file holds only whitespace")
    if found.format == "html":
        return [extract_html(decoded.text, decoded.encoding)], decoded
    if found.format == "json":
        return extract_json(decoded.text, decoded.encoding), decoded
    if found.format == "md":
        return [extract_markdown(decoded.text, decoded.encoding)], decoded
    return [extract_text(decoded.text, decoded.encoding)], decoded
