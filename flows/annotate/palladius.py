"""Chinese names written in Russian (the Palladius system) back to pinyin.

Russian news writes Chinese names by the Palladius system: "Си Цзиньпин" is Xi Jinping,
"Ли Вэньтао" Li Wentao, "Чжао Минъюань" Zhao Mingyuan. Romanising those letter by letter
("Si Czin'pin") joins nothing, so a Cyrillic name that reads as Palladius syllables is
turned into pinyin first. The syllable table is built, not typed: every pinyin syllable
pypinyin knows, spelled in Palladius by the system's rules.
"""

from __future__ import annotations

import re
from functools import lru_cache

_INITIALS = (("zh", "чж"), ("ch", "ч"), ("sh", "ш"), ("b", "б"), ("p", "п"), ("m", "м"), ("f", "ф"), ("d", "д"),
             ("t", "т"), ("n", "н"), ("l", "л"), ("g", "г"), ("k", "к"), ("h", "х"), ("j", "цз"), ("q", "ц"),
             ("x", "с"), ("r", "ж"), ("z", "цз"), ("c", "ц"), ("s", "с"))  # fmt: skip
_FINALS = {
    "a": "а", "o": "о", "e": "э", "ai": "ай", "ei": "эй", "ao": "ао", "ou": "оу", "an": "ань", "en": "энь",
    "ang": "ан", "eng": "эн", "ong": "ун", "er": "эр", "i": "и", "ia": "я", "ie": "е", "iao": "яо", "iu": "ю",
    "ian": "янь", "in": "инь", "iang": "ян", "ing": "ин", "iong": "юн", "u": "у", "ua": "уа", "uo": "о",
    "uai": "уай", "ui": "уй", "uan": "уань", "un": "унь", "uang": "уан", "v": "юй", "ve": "юэ", "van": "юань",
    "vn": "юнь",
}  # fmt: skip
_WHOLE = {
    "yi": "и", "ya": "я", "ye": "е", "yao": "яо", "you": "ю", "yan": "янь", "yin": "инь", "yang": "ян",
    "ying": "ин", "yong": "юн", "yu": "юй", "yue": "юэ", "yuan": "юань", "yun": "юнь", "wu": "у", "wa": "ва",
    "wo": "во", "wai": "вай", "wei": "вэй", "wan": "вань", "wen": "вэнь", "wang": "ван", "weng": "вэн",
    "zhi": "чжи", "chi": "чи", "shi": "ши", "ri": "жи", "zi": "цзы", "ci": "цы", "si": "сы", "hui": "хуэй",
    "er": "эр", "ge": "гэ", "ke": "кэ",
}  # fmt: skip


def palladius(syllable: str) -> str | None:
    """The Palladius spelling of one pinyin syllable (tone-less, ü written v)."""
    if syllable in _WHOLE:
        return _WHOLE[syllable]
    for latin, cyrillic in _INITIALS:
        if syllable.startswith(latin):
            final = syllable[len(latin) :]
            if latin in ("j", "q", "x") and final.startswith("u"):
                final = "v" + final[1:]  # ju, qu, xu are jü, qü, xü
            if final in _FINALS:
                return cyrillic + _FINALS[final]
            return None
    return _FINALS.get(syllable)


@lru_cache(maxsize=1)
def syllable_table() -> dict[str, str]:
    """Palladius spelling → pinyin, for every syllable pypinyin knows."""
    from pypinyin import Style, lazy_pinyin
    from pypinyin.pinyin_dict import pinyin_dict

    han = "".join(chr(c) for c in pinyin_dict if 0x4E00 <= c <= 0x9FFF)
    table: dict[str, str] = {}
    for syllable in sorted(set(lazy_pinyin(han, style=Style.NORMAL, v_to_u=False))):
        spelled = palladius(syllable.replace("ü", "v"))
        if spelled:
            table.setdefault(spelled, syllable.replace("v", "u"))
    return table


def _syllables(word: str, table: dict[str, str]) -> list[str] | None:
    """The word cut into Palladius syllables (fewest pieces), or None."""
    word = word.lower().replace("ё", "е").replace("ъ", "").replace("-", "")
    best: list[list[str] | None] = [[]] + [None] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 5), end):
            piece = word[start:end]
            if best[start] is not None and piece in table:
                candidate = [*best[start], table[piece]]
                if best[end] is None or len(candidate) < len(best[end]):
                    best[end] = candidate
    return best[len(word)]


def to_pinyin(name: str) -> str | None:
    """ "Си Цзиньпин" → "Xi Jinping" when the name reads as a Chinese name in Palladius: two
    or three words, the first (the surname) one syllable, the rest at most two each;
    "Иван Петров" and "Ольга" do not read so and stay None."""
    words = [w for w in re.split(r"\s+", name.strip()) if w]
    if not 2 <= len(words) <= 3:
        return None
    table = syllable_table()
    parts = [_syllables(w, table) for w in words]
    if any(p is None for p in parts) or len(parts[0]) != 1 or any(len(p) > 2 for p in parts[1:]):
        return None
    return " ".join("".join(p).capitalize() for p in parts)
