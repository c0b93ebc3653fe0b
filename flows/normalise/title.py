"""Is the first paragraph of a plain-text article its headline, or already its lead?

Text files arrive with a headline line, with none, with a dateline first, or as one
paragraph of wire copy, in English, Russian or Chinese. Taking a lead paragraph for the
title removes it from the body, and with it the article's main entities and events, so
the rules lean towards "body": a first paragraph is a title only when it reads like one.

Evidence, strongest first:
- the next paragraph opens with a dateline ("MOSCOW, May 7 (Reuters) -", "МОСКВА, 7 мая.",
  "新华社北京5月7日电"): what precedes a dateline is a headline;
- the first paragraph opens with a dateline, holds more than one sentence, runs on into
  the next paragraph (which starts in lower case), or ends a sentence with a full stop
  and is longer than a headline: it is body text;
- otherwise a short line (at most ``MAX_TITLE_WORDS`` words, or ``MAX_TITLE_CJK_CHARS``
  characters of Chinese or Japanese) is a headline.
"""

from __future__ import annotations

import re

from flows.normalise.metadata import parse_dateline

MAX_TITLE_WORDS = 30
MAX_TITLE_CJK_CHARS = 48
SHORT_SENTENCE_WORDS = 6  # "Putin arrives in Beijing." may be a headline with a full stop; a lead is longer

_CLOSERS = "\"'»”’)]」』】"
_SENTENCE_BREAK = re.compile(rf"[.!?…][{re.escape(_CLOSERS)}]*\s+[\"'«“‘(]?(?=[^\W\d_])(?=[^a-zа-яё])")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK_SENTENCE_END = re.compile(rf"[。！？][{re.escape(_CLOSERS)}]*")
# An upper-case place (Latin or Cyrillic) then a date, a bracket or a dash: "MOSCOW, May 7", "BEIJING (Xinhua) -"
_CAPS_DATELINE = re.compile(
    r"^[A-ZА-ЯЁ][A-ZА-ЯЁ.'’-]+(?: [A-ZА-ЯЁ][A-ZА-ЯЁ.'’-]+){0,2}"
    r"(?:,\s*(?:\d|[A-ZА-ЯЁ][a-zа-яё]{2,9}\.?\s+\d)|\s*[(/]|\s+[-–—])"
)
# Russian dateline: "Москва, 7 мая." / "МОСКВА, 7 мая — "
_RU_DATELINE = re.compile(
    r"^[А-ЯЁ][А-ЯЁа-яё-]+(?:[ -][А-ЯЁ][А-ЯЁа-яё-]+){0,2},\s+\d{1,2}\s+"
    r"(?:января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)"
)
# Chinese dateline: "新华社北京5月7日电", "本报莫斯科5月7日讯", "（记者 张三）"
_ZH_DATELINE = re.compile(r"^[\S]{0,12}?\d{1,2}月\d{1,2}日(?:电|讯)")


def starts_with_dateline(text: str) -> bool:
    head = text.lstrip()[:120]
    return bool(
        parse_dateline(head) or _CAPS_DATELINE.match(head) or _RU_DATELINE.match(head) or _ZH_DATELINE.match(head)
    )


def _is_cjk(text: str) -> bool:
    letters = re.findall(r"[^\W\d_]", text)
    return bool(letters) and len(_CJK.findall(text)) * 2 >= len(letters)


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip().rstrip(_CLOSERS)
    return stripped.endswith((".", "。", "！", "？")) and not stripped.endswith("...")


def _sentences_inside(text: str) -> bool:
    """More than one sentence: a sentence end followed by more text."""
    body = text.strip()
    if _CJK_SENTENCE_END.search(body.rstrip(_CLOSERS)[:-1] if body else ""):
        return True
    return bool(_SENTENCE_BREAK.search(body))


def _continues(first: str, following: str) -> bool:
    """The next paragraph carries on the same sentence (it starts in lower case)."""
    start = following.lstrip(" \"'«“‘(—–-")[:1]
    return bool(start) and start.islower() and not _ends_sentence(first)


def is_title(first: str, following: str | None) -> bool:
    """True when ``first`` (the first paragraph) reads as a headline over ``following``."""
    first = first.strip()
    if not first or following is None:
        return False
    if starts_with_dateline(first):
        return False
    cjk = _is_cjk(first)
    size_ok = len(first) <= MAX_TITLE_CJK_CHARS if cjk else 1 <= len(first.split()) <= MAX_TITLE_WORDS
    if starts_with_dateline(following):
        return size_ok and not _sentences_inside(first)
    if not size_ok or _continues(first, following) or _sentences_inside(first):
        return False
    if _ends_sentence(first):
        return not cjk and len(first.split()) <= SHORT_SENTENCE_WORDS
    return not cjk or len(first) >= 4


def split_title(paragraphs: list[str]) -> tuple[str | None, list[str]]:
    """(title, the remaining paragraphs): the first paragraph is taken only if it is a headline."""
    if len(paragraphs) >= 2 and is_title(paragraphs[0], paragraphs[1]):
        return paragraphs[0].strip(), paragraphs[1:]
    return None, paragraphs
