"""A Latin spelling key for names, whatever their script: the join between "Светлана
Баланова", "Svetlana Balanova" and "Svetlana Balanová", or "习近平" and "Xi Jinping".

Russian is romanised with ``cyrtranslit`` (a Chinese name in Russian spelling, "Си
Цзиньпин", back to pinyin by flows/annotate/palladius.py), Chinese with ``pypinyin``; then the spelling
choices that differ between romanisation systems and outlets are folded (y/j/i, kh/h,
doubled letters, apostrophes for soft signs, diacritics), so "Kalyuzhny", "Kalyuzhnyy"
and "Калюжный" share one key. The key is deliberately coarse: dbt merges on it only
between person names, where the same key with the same type is strong evidence.
"""

from __future__ import annotations

import re
import unicodedata

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_FOLDS = (
    ("kh", "h"),
    ("ph", "f"),
    ("w", "v"),
    ("x", "ks"),
    ("y", "i"),
    ("j", "i"),
    ("q", "k"),
    ("ie", "e"),  # "Yerlan"/"Erlan", "Lavrentyev"/"Lavrent'ev"
    ("io", "e"),  # "Artyom"/"Artem"
    ("cz", "c"),  # cyrtranslit writes Ц as "cz"
    ("ts", "c"),  # "Tsvetkov"/"Цветков"
    ("tz", "c"),
    ("cs", "ks"),  # "Photonics"/"Фотоникс"
    ("ck", "k"),
)


def romanise(name: str, language: str | None = None) -> str:
    """The name in Latin letters (Russian by cyrtranslit, Chinese by pinyin, others as they are)."""
    if _CYRILLIC.search(name):
        from flows.annotate.palladius import to_pinyin

        pinyin = to_pinyin(name)  # "Си Цзиньпин": a Chinese name in Russian spelling
        if pinyin:
            return pinyin
        import cyrtranslit

        name = cyrtranslit.to_latin(name, "ru")
    if _HAN.search(name):
        from pypinyin import lazy_pinyin

        # one word per name part: "习近平" → "xijinping", "弗拉基米尔·普京" → "fulajimier pujing"
        name = " ".join("".join(lazy_pinyin(part)) for part in re.split(r"[·・\s]+", name) if part)
    return name


def latin_key(name: str, language: str | None = None) -> str:
    """The folded Latin key of a name ("" when nothing Latin is left)."""
    text = unicodedata.normalize("NFKD", romanise(name, language))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[^a-z]", "", text)
    for before, after in _FOLDS:
        text = re.sub(r"(.)\1+", r"\1", text.replace(before, after))
    return text
