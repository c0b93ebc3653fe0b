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
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from flows.annotate.mentions import Mention

SOUND_KEY_VOCABULARY = Path(__file__).parent / "vocab" / "sound_key.yml"

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


def without_accents(text: str) -> str:
    """``text`` decomposed (NFKD) with its combining marks dropped: "Brasília" → "Brasilia"."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def latin_key(name: str, language: str | None = None) -> str:
    """The folded Latin key of a name ("" when nothing Latin is left)."""
    text = without_accents(romanise(name, language)).lower()
    text = re.sub(r"[^a-z]", "", text)
    for before, after in _FOLDS:
        text = re.sub(r"(.)\1+", r"\1", text.replace(before, after))
    return text


@dataclass(frozen=True)
class SoundClasses:
    """The tables of vocab/sound_key.yml, by letter."""

    latin: dict[str, str]  # letter → class
    digraphs: tuple[tuple[str, str], ...]  # (spelling, replacement), longest first
    pinyin: tuple[tuple[str, str], ...]  # (initial, class), longest first


@lru_cache(maxsize=1)
def sound_classes(path: Path = SOUND_KEY_VOCABULARY) -> SoundClasses:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    latin = {str(letter): str(cls) for cls, letters in data["classes"].items() for letter in letters}
    digraphs = tuple(sorted(((str(k), str(v)) for k, v in data["latin_digraphs"].items()), key=lambda p: -len(p[0])))
    pinyin = tuple(
        sorted(
            ((str(initial), str(cls)) for cls, initials in data["pinyin_initials"].items() for initial in initials),
            key=lambda p: -len(p[0]),
        )
    )
    return SoundClasses(latin, digraphs, pinyin)


def _pinyin_sounds(syllables: list[str], classes: SoundClasses) -> str:
    """Consonant classes of pinyin syllables: the initial's class, "n" for a nasal final
    (兰 lan, 京 jing), "r" for 尔 er (Chinese writes a lone r so)."""
    out = []
    for syllable in syllables:
        if syllable == "er":
            out.append("r")
            continue
        initial = next((cls for ini, cls in classes.pinyin if syllable.startswith(ini)), "")
        out.append(initial + ("n" if syllable.endswith(("n", "ng")) else ""))
    return "".join(out)


def _latin_sounds(word: str, classes: SoundClasses) -> str:
    """Consonant classes of a Latin-spelled word (vowels, y, j and h-less breath dropped)."""
    word = re.sub(r"ng(?=[^aeiouy]|$)", "n", word)
    for spelling, replacement in classes.digraphs:
        word = word.replace(spelling, replacement)
    if "c" in word:  # a c no digraph took: s before e, i, y ("Cecilia"), k elsewhere ("Carlos")
        word = re.sub(r"c(?=[eiy])", "s", word).replace("c", "k")
    return "".join(classes.latin.get(letter, "") for letter in word)


def sound_key(name: str, classes: SoundClasses | None = None) -> str:
    """A person's name as classes of its consonants, whatever the script: "Dmitry
    Kornilov", "Дмитрий Корнилов" and "德米特里·科尔尼洛夫" all give "tmtrkrnrf".

    Far coarser than ``latin_key``: dbt merges on it only between person names written in
    different scripts, the key long enough and the two names sharing context
    (int_entity_merges, reason "sound"). Repeated classes collapse ("Anna", "安娜")."""
    classes = classes or sound_classes()
    if _HAN.search(name):
        from pypinyin import lazy_pinyin

        sounds = _pinyin_sounds([s for s in lazy_pinyin(name) if re.fullmatch(r"[a-z]+", s)], classes)
    else:
        if _CYRILLIC.search(name):
            import cyrtranslit

            from flows.annotate.palladius import to_pinyin

            # a Chinese name in Russian spelling is read as its pinyin, like its Latin spelling
            name = to_pinyin(name) or cyrtranslit.to_latin(name, "ru")
        text = without_accents(name).lower()
        sounds = "".join(_latin_sounds(word, classes) for word in re.findall(r"[a-z]+", text))
    return re.sub(r"(.)\1+", r"\1", sounds)


def lead_key(name: str) -> str:
    """The Latin key of the first word of a Latin-script organisation name of two words or
    more ("Jinlan Pictures" → "inlan"), "" otherwise. Chinese companies are named in
    English by the pinyin of their own name and a translated descriptor; the pinyin key of
    "锦澜影业" ("inlaniingie") starts with it, which is how dbt meets the two
    (int_entity_merges, reason lead_name)."""
    words = name.split()
    if len(words) < 2 or _HAN.search(name) or _CYRILLIC.search(name) or not words[0][:1].isupper():
        return ""
    return latin_key(words[0])


def with_sound_keys(mentions: list[Mention]) -> list[Mention]:
    """The mentions, each person's carrying the sound key of its canonical name."""
    classes = sound_classes()
    return [
        replace(m, sound_key=sound_key(m.canonical or m.surface, classes)) if m.entity_type == "person" else m
        for m in mentions
    ]
