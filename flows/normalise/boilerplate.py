"""Recognise page furniture in article text by general rules, never by a seed's strings.

Copied and scraped articles carry error banners above the text, footers (legal
disclaimers, "raw content" notes, comment widgets), label lines, keyword lines, photo
credits and repeated blocks. Each rule names a *kind* of furniture; what it removes is
kept (keywords and captions as columns, the rest as a list of dropped lines with the
rule that dropped them) so nothing disappears without a trace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Lines at the very top of a copied page that come from an HTTP error page.
_ERROR_BANNER = re.compile(
    r"^(?:\d{3}|(?:http )?error\b.*|sorry\b.*|oops\b.*|page not found\b.*|not found\b.*"
    r"|.*\bpage (?:you (?:were|are) looking for|(?:does not|doesn't|could not|cannot) (?:exist|be found))\b.*"
    r"|access denied\b.*|forbidden\b.*)$",
    re.IGNORECASE,
)
# A line that opens the footer: everything from it to the end is furniture.
_FOOTER_START = re.compile(
    r"^(?:legal disclaimer|disclaimer|comments?|no comments?|\d+ comments?|leave a (?:comment|reply)"
    r"|related (?:articles|stories|news|posts)|read more|more from\b.*|share this(?: article)?"
    r"|follow us\b.*|subscribe\b.*to our newsletter.*|copyright\s*(?:©|\(c\)|\d{4}).*|©.*|all rights reserved\.?)\s*:?$",
    re.IGNORECASE,
)
# Notes and notices anywhere in the text that are about the page, not the news.
_NOTICE = re.compile(
    r"(?:^translation\.\s*region\s*:|^an important disclaimer is (?:at|below)|"
    r"\bthis information is raw content\b|\bdoes not necessarily reflect the (?:position|views?|opinion)\b|"
    r"^(?:this|the) (?:article|story|text) (?:was|has been|is) (?:machine[- ])?translated\b|"
    r"^advertisement$|^sponsored(?: content)?$)",
    re.IGNORECASE,
)
_KEYWORDS = re.compile(r"^(?:key ?words?|keywords|tags|topics)\s*:\s*(?P<words>.+)$", re.IGNORECASE)
_CREDIT = re.compile(
    r"(?:\b(?:picture|photo|photograph|image|credit|photo credit)s?\s*:\s*\S|\((?:photo|picture|image)\b[^)]*\)"
    r"|\b(?:photo|picture|image) by\b)",
    re.IGNORECASE,
)
# A line that only labels what follows ("Editor's Note:"); other "Heading:" lines are content.
_LABEL = re.compile(
    r"^(?:editor'?s'? notes?|note to editors?|related(?: articles| stories)?|see also|read also|read more|"
    r"watch|listen|video|photos?|gallery|advertisement|updates?|correction)\s*:$",
    re.IGNORECASE,
)
# A run of at least this many lines that all appeared earlier is a repeated block.
_MIN_REPEATED_BLOCK = 3
# Wire end markers at the end of a text: "-0-", "-30-", "###", "(END)".
_END_MARKER = re.compile(r"\s*(?:[-\u2013\u2014]\s*(?:0|30)\s*[-\u2013\u2014]|#{3}|\(end\))\s*$", re.IGNORECASE)

_BANNER_MAX_WORDS = 20
_FOOTER_MAX_WORDS = 8


@dataclass
class Cleaned:
    """Body lines left after furniture removal, and what was taken out."""

    lines: list[str]
    keywords: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    dropped: list[tuple[str, str]] = field(default_factory=list)


def _norm(line: str) -> str:
    return re.sub(r"\W+", " ", line).strip().lower()


def _drop_repeats(lines: list[str], dropped: list[tuple[str, str]]) -> list[str]:
    """Drop a line equal to the line just before it (a title printed twice), and blocks of
    several consecutive lines that all appeared earlier (a pasted block repeated).

    A single line repeated far from its twin is kept: recipes, lists and interviews
    legitimately repeat short lines.
    """
    keys = [_norm(line) if line.strip() else "" for line in lines]
    seen: set[str] = set()
    repeated = [False] * len(lines)
    previous = ""
    for i, key in enumerate(keys):
        if not key:
            continue
        repeated[i] = key in seen
        if key == previous:
            dropped.append(("repeated", lines[i]))
            keys[i] = "\0adjacent"
        seen.add(key)
        previous = key
    keep = [keys[i] != "\0adjacent" for i in range(len(lines))]
    i = 0
    while i < len(lines):
        if not repeated[i] or not keep[i]:
            i += 1
            continue
        j, run = i, []
        while j < len(lines) and (repeated[j] or not keys[j]):
            if keys[j]:
                run.append(j)
            j += 1
        if len(run) >= _MIN_REPEATED_BLOCK:
            for k in run:
                if keep[k]:
                    keep[k] = False
                    dropped.append(("repeated", lines[k]))
        i = j
    return [line for line, kept in zip(lines, keep, strict=True) if kept]


def remove_boilerplate(lines: list[str]) -> Cleaned:
    """Split ``lines`` (one paragraph or line each, blank lines allowed) into body and furniture."""
    out = Cleaned(lines=[])
    # 1. Error banner: only before the first line that reads like article text.
    start = 0
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        if _ERROR_BANNER.match(line.strip()) and len(line.split()) <= _BANNER_MAX_WORDS:
            out.dropped.append(("error_banner", line))
            start = i + 1
            continue
        break
    for line in lines[start:]:
        text = line.strip()
        if not text:
            out.lines.append("")
            continue
        if len(text.split()) <= _FOOTER_MAX_WORDS and _FOOTER_START.match(text):
            out.dropped.append(("footer", text))
            break
        keywords = _KEYWORDS.match(text)
        if keywords:
            out.keywords.extend(k.strip() for k in re.split(r"[,;|]", keywords.group("words")) if k.strip())
            continue
        if _NOTICE.search(text):
            out.dropped.append(("notice", text))
            continue
        if _LABEL.match(text):
            out.dropped.append(("label", text))
            continue
        if _CREDIT.search(text) and len(text) <= 400 and not text.startswith('"'):
            out.captions.append(text)
            continue
        out.lines.append(text)
    out.lines = _drop_repeats(out.lines, out.dropped)
    # 2. Wire end marker on the last line.
    for i in range(len(out.lines) - 1, -1, -1):
        if out.lines[i]:
            stripped = _END_MARKER.sub("", out.lines[i])
            if stripped != out.lines[i]:
                out.dropped.append(("end_marker", out.lines[i][len(stripped) :].strip()))
                out.lines[i] = stripped
            break
    return out
