"""Plain-text and Markdown readers.

Plain text is taken as it is; cleaning is the normaliser's job. Markdown loses its
markup (headings, emphasis, links, images) so entity spans are not polluted by ``**`` or
``[..](..)``, and a leading ``# Heading`` becomes the title.
"""

from __future__ import annotations

import re

from flows.extract import Extracted

_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_MD_LIST = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+")
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?")
_MD_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")


def extract_text(text: str, encoding: str | None = None) -> Extracted:
    """A .txt file: the text itself."""
    return Extracted(text=text, method="text", encoding=encoding)


def strip_markdown(text: str) -> tuple[str, str | None]:
    """Return (plain text, first heading) of a Markdown document."""
    title: str | None = None
    lines: list[str] = []
    for line in text.splitlines():
        if _MD_RULE.match(line):
            lines.append("")
            continue
        heading = _MD_HEADING.match(line)
        if heading:
            line = heading.group(1)
            if title is None and line:
                title = line
                continue
        line = _MD_QUOTE.sub("", line)
        line = _MD_LIST.sub("", line)
        line = _MD_IMAGE.sub(r"\1", line)
        line = _MD_LINK.sub(r"\1", line)
        line = _MD_EMPHASIS.sub(r"\2", line)
        lines.append(line)
    return "\n".join(lines), title


def extract_markdown(text: str, encoding: str | None = None) -> Extracted:
    """A .md file: text without markup, the first heading as title."""
    plain, title = strip_markdown(text)
    return Extracted(text=plain, method="markdown", encoding=encoding, title=title)
