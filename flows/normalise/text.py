"""Character-level clean-up applied to every document before anything reads it.

Everything here runs before the body is stored, so the offsets computed later by the
NLP index the cleaned text exactly; nothing is changed after annotation.
"""

from __future__ import annotations

import re
import unicodedata

import ftfy

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")


def clean_text(text: str) -> str:
    """Repair mojibake, NFC-normalise, straighten quotes and normalise whitespace.

    Curly quotes become straight ones so that possessives and quoted titles look the
    same in every source (``China’s`` and ``China's`` are one spelling for the NER).
    Lines are kept; runs of blank lines collapse to one.
    """
    text = ftfy.fix_text(text, uncurl_quotes=True, fix_line_breaks=True, normalization="NFC")
    text = unicodedata.normalize("NFC", _ZERO_WIDTH.sub("", text))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def word_count(text: str) -> int:
    """Words as a reader counts them: runs of letters or digits."""
    return len(re.findall(r"\w+(?:['-]\w+)*", text))
