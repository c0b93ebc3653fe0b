"""Chinese documents: jieba's segmentation and part-of-speech flags, the reference names,
and the conventions of Chinese print.

No Chinese NER model installs offline, so we train a small one (a character CRF,
flows/annotate/chinese_tagger.py, trained by bench/train_zh_ner.py on UNER
Chinese-GSDSIMP and shipped as models/zh_ner.crfsuite) and put it beside what is
dependable, strongest evidence first:
- every Chinese name in the entity reference, added to jieba's dictionary so it is one word;
- a title between book-title marks 《…》 is a work (films, books, songs);
- names joined by the interpunct "·" (斯韦特兰娜·巴拉诺娃) are one foreign person's name;
- the trained model's persons, places and organisations;
- a proper noun followed by a head word (…集团, …大学, …论坛) is one name;
- jieba's proper-noun flags (nr person, ns place, nt organisation), only without the model;
  with it, only a person's name right after a title ("记者", "董事长") where the model found none.
The head words and the flags' labels are in vocab/chinese.yml.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml

from flows.annotate.chinese_tagger import ChineseTagger, TaggerContext, jieba_surnames, load_tagger
from flows.annotate.mentions import Mention, entity_type
from flows.annotate.reference import Reference
from flows.annotate.translit import latin_key

VOCABULARY = Path(__file__).parent / "vocab" / "chinese.yml"
_MODEL_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}
_TAGGER_LABELS = {label: tag for tag, label in _MODEL_LABELS.items()}  # reference label → the tagger's gazetteer label
_SENTENCE_END = re.compile(r"[。！？!?；;]+[”’」』)]?|\n+")
_BOOK_TITLE = re.compile(r"《([^《》\n]{1,40})》")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# A model span with a space between Chinese words or a date in it ran over a dateline
# ("莫斯科11月20日电 克里姆林宫…") and is no one name: the names inside it are left to the
# reference and the other rules (a Latin name keeps its spaces: "Apple Inc")
_NOT_ONE_NAME = re.compile(r"[\u4e00-\u9fff\d]\s+[\u4e00-\u9fff]|[0-9０-９]+\s*[年月日]")
_MAX_TAGGED = 1_000  # characters the CRF reads at once (a Chinese sentence is rarely over 200)
# "26日本赛季" is "the 26th, this season" and "3日内瓦" "on the 3rd, in…": after a digit 日, 月
# and 年 close a date, and jieba's cut of "日本" (Japan) or "日内瓦" (Geneva) there is wrong
_DATE_UNIT_AFTER_DIGIT = re.compile(r"[0-9０-９〇一二三四五六七八九十][日月年]")
# flags besides nouns (n…) that may stand inside a name: verbal nouns, abbreviations, distinguishing
# words, adjectives, set phrases ("有限责任" in "…有限责任公司")
_NOUNISH = frozenset({"vn", "j", "b", "a", "l"})
# jieba flags of the pieces it cuts a transliterated name into
_NAME_PART_FLAGS = frozenset({"nr", "nrt", "nrfg", "ng", "nz", "ns"})


@dataclass(frozen=True)
class ChineseRules:
    flag_labels: dict[str, str]  # jieba part-of-speech flag → entity label
    compound_heads: tuple[tuple[str, str], ...]  # (head, label), longest head first
    not_head_words: frozenset[str]
    max_compound_words: int
    not_names: frozenset[str]
    demonym_suffixes: frozenset[str] = frozenset()
    team_suffixes: tuple[str, ...] = ()  # longest first
    not_name_endings: tuple[str, ...] = ()  # longest first
    short_form_markers: tuple[str, ...] = ()  # longest first
    venue_heads: frozenset[str] = frozenset()  # heads of an organisation and of its building
    leading_flags: frozenset[str] = frozenset()  # jieba flags of words a model name never starts with
    trailing_flags: frozenset[str] = frozenset()  # … a name never ends with (unless a head word)
    adverbial_flags: frozenset[str] = frozenset()  # … of a particle that makes the word before it a manner ("地")
    person_titles: frozenset[str] = frozenset()  # words written right before a person's name ("记者", "董事长")
    noun_joiners: frozenset[str] = frozenset()  # words joining two common nouns inside a name ("和")
    place_joiners: frozenset[str] = frozenset()  # words joining two places inside a name ("驻")
    dateline_sources: tuple[str, ...] = ()  # who sends a dispatch, before its place ("本报", "…社")

    @cached_property
    def head_words(self) -> frozenset[str]:
        return frozenset(head for head, _ in self.compound_heads)

    @cached_property
    def dateline(self) -> re.Pattern[str] | None:
        """A dispatch's opening line, "本报内罗毕电（…" or "新华社北京11月20日电（…": group 1 is
        the place it was sent from. The sender is a word of ``dateline_sources`` or a name
        ending in one of them ("…社" agency, "…网" news site)."""
        if not self.dateline_sources:
            return None
        sources = "|".join(re.escape(w) for w in self.dateline_sources)
        return re.compile(rf"(?m)^[ \t\u3000]*(?:[\u4e00-\u9fff]{{0,4}}(?:{sources}))?"
                          rf"([\u4e00-\u9fff]{{2,7}}?)(?:[0-9０-９]{{1,2}}月[0-9０-９]{{1,2}}日)?电\s*[（(]")  # fmt: skip

    @cached_property
    def short_form(self) -> re.Pattern[str] | None:
        """ "（以下简称“X”）" and the like right after a name: group 1 is the short form."""
        if not self.short_form_markers:
            return None
        markers = "|".join(re.escape(m) for m in self.short_form_markers)
        return re.compile(rf"[（(，,]?[^（）()，,。；\n]{{0,6}}?(?:{markers})为?[:：]?\s*[“\"「『]?"
                          rf"([\u4e00-\u9fffA-Za-z0-9&\-]{{2,16}}?)[”\"」』）)，,。；]")  # fmt: skip


@dataclass(frozen=True, eq=False)  # hashed by identity: a cache key, loaded once
class ChineseSegmenter:
    tokenizer: Any  # jieba.posseg.POSTokenizer with the reference names in its dictionary
    reference: dict[str, tuple[str, str]]  # Chinese name → (label, name as written)
    weak: frozenset[str]  # reference names from the GeoNames city list: any other evidence beats them
    rules: ChineseRules
    model: ChineseTagger | None = None  # the trained NER (bench/train_zh_ner.py), when its file is there

    @property
    def dotted_names(self) -> list[str]:
        """Reference names with an interpunct, longest first."""
        return sorted((n for n in self.reference if "·" in n or "・" in n), key=lambda n: (-len(n), n))


def load_rules(path: Path = VOCABULARY) -> ChineseRules:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return ChineseRules(
        flag_labels={str(k): str(v) for k, v in (data.get("flag_labels") or {}).items()},
        compound_heads=tuple(
            sorted(
                ((str(h), str(label)) for label, heads in (data.get("compound_heads") or {}).items() for h in heads),
                key=lambda pair: -len(pair[0]),
            )
        ),
        not_head_words=frozenset(str(w) for w in data.get("not_head_words") or []),
        max_compound_words=int(data.get("max_compound_words", 4)),
        not_names=frozenset(str(w) for w in data.get("not_names") or []),
        demonym_suffixes=frozenset(str(w) for w in data.get("demonym_suffixes") or []),
        team_suffixes=_longest_first(data.get("team_suffixes")),
        not_name_endings=_longest_first(data.get("not_name_endings")),
        short_form_markers=_longest_first(data.get("short_form_markers")),
        venue_heads=frozenset(str(w) for w in data.get("venue_heads") or []),
        leading_flags=frozenset(str(f) for f in (data.get("edge_flags") or {}).get("leading") or []),
        trailing_flags=frozenset(str(f) for f in (data.get("edge_flags") or {}).get("trailing") or []),
        adverbial_flags=frozenset(str(f) for f in (data.get("edge_flags") or {}).get("adverbial") or []),
        person_titles=frozenset(str(w) for w in data.get("person_titles") or []),
        noun_joiners=frozenset(str(w) for w in (data.get("name_joiners") or {}).get("between_nouns") or []),
        place_joiners=frozenset(str(w) for w in (data.get("name_joiners") or {}).get("between_places") or []),
        dateline_sources=_longest_first(data.get("dateline_sources")),
    )


def _longest_first(words: list[Any] | None) -> tuple[str, ...]:
    return tuple(sorted({str(w) for w in words or []}, key=lambda w: (-len(w), w)))


class _Overlay(dict):
    """Words added on top of a shared, read-only dictionary: lookups fall through to
    ``base``, writes stay here. jieba reads its tables with ``in``, ``[]`` and ``get``."""

    __slots__ = ("base",)

    def __init__(self, base: dict) -> None:
        super().__init__()
        self.base = base

    def __missing__(self, key: object) -> Any:
        return self.base[key]

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, key) or key in self.base

    def get(self, key: object, default: Any = None) -> Any:
        if dict.__contains__(self, key):
            return dict.__getitem__(self, key)
        return self.base.get(key, default)


@lru_cache(maxsize=1)
def _jieba_tables() -> tuple[dict[str, int], int, dict[str, str]]:
    """jieba's word frequencies (with every prefix), their total and its part-of-speech
    table, loaded once per process. Each ``jieba.Tokenizer`` would load the first two
    again (65 MB) and each ``POSTokenizer`` the third (43 MB); the plain and the
    reference-aware tokenizer share them, which saves about 150 MB in every process
    that reads Chinese. ``jieba.posseg`` loads the table at import for its own global
    tokenizer, from the same file."""
    import jieba
    import jieba.posseg

    base = jieba.Tokenizer()
    base.initialize()
    return base.FREQ, base.total, jieba.posseg.dt.word_tag_tab


def _pos_tokenizer(extra_words: dict[str, str] | None = None) -> Any:
    """A jieba part-of-speech tokenizer of our own (not jieba's global one), knowing
    ``extra_words`` (word → flag) besides its dictionary, which it shares read-only."""
    import logging
    import warnings

    with warnings.catch_warnings():  # jieba imports the deprecated pkg_resources
        warnings.simplefilter("ignore", UserWarning)
        import jieba
        import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    freq, total, tags = _jieba_tables()
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = _Overlay(freq), total, True
    for word, flag in (extra_words or {}).items():
        tokenizer.add_word(word, 1_000_000, flag)
    pos = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)  # its __init__ reads the table again
    pos.tokenizer, pos.word_tag_tab = tokenizer, _Overlay(tags)
    return pos


@lru_cache(maxsize=2)
def load_chinese(reference: Reference) -> ChineseSegmenter:
    """A jieba tokenizer that knows the reference names, the rules and the trained model.

    A GeoNames city name that jieba's own dictionary knows as a common word ("民主"
    democracy, "联合" to unite, "淡水" fresh water: each also names some town) is left out:
    as a dictionary match it would tag the word everywhere. The model still sees it in
    its gazetteer feature, where context decides."""
    rules = load_rules()
    plain = _pos_tokenizer()
    proper_flags = {*rules.flag_labels, "nz"}
    names: dict[str, tuple[str, str]] = {}
    weak: set[str] = set()
    flags = {"PERSON": "nr", "GPE": "ns", "ORG": "nt"}
    for name in reference.in_language("zh"):
        if name.alias in names:
            continue
        if name.kind == "geonames":
            if plain.word_tag_tab.get(name.alias, "ns") not in proper_flags:
                continue
            weak.add(name.alias)
        names[name.alias] = (name.label, name.alias)
    model = load_tagger(tagger_context(reference, rules, plain))
    tokenizer = _pos_tokenizer({name: flags.get(label, "nz") for name, (label, _) in names.items()})
    return ChineseSegmenter(tokenizer, names, frozenset(weak), rules, model)


def tagger_context(reference: Reference, rules: ChineseRules | None = None, plain: Any = None) -> TaggerContext:
    """What the CRF's features read: plain jieba (training saw no reference words in its
    cut), the reference's Chinese names as a gazetteer, the head words, the surnames."""
    rules = rules or load_rules()
    gazetteer: dict[str, str] = {}
    for name in reference.in_language("zh"):
        if len(name.alias) >= 2:
            gazetteer.setdefault(name.alias, _TAGGER_LABELS.get(name.label, "OTHER"))
    return TaggerContext(
        plain or _pos_tokenizer(), gazetteer, rules.compound_heads, rules.not_head_words, jieba_surnames()
    )


def sentence_bounds(body: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: cut after 。！？; and line breaks, spaces excluded."""
    bounds, start = [], 0
    for m in _SENTENCE_END.finditer(body):
        end = m.end()
        if body[start:end].strip():
            bounds.append((start, end))
        start = end
    if body[start:].strip():
        bounds.append((start, len(body)))
    return bounds


def _words(text: str, tokenizer: Any) -> list[tuple[str, str, int, int]]:
    """(word, flag, start, end) for every word jieba's ``tokenizer`` cuts; its words
    concatenate to the text."""
    out, at = [], 0
    for pair in tokenizer.cut(text):
        word, flag = pair.word, pair.flag
        start = text.find(word, at)
        if start < 0:
            continue
        out.append((word, flag, start, start + len(word)))
        at = start + len(word)
    return out


def _joins(word: str, flag_before: str, flag_after: str, rules: ChineseRules) -> bool:
    """``word`` joins the words around it inside one name: "和" between two common nouns
    ("文化和旅游局"; "中国和俄罗斯" are two names), "驻" between two places ("中国驻巴西大使馆")."""
    if word in rules.noun_joiners:
        return flag_before == "n" and flag_after == "n"
    return word in rules.place_joiners and flag_before == "ns" and flag_after == "ns"


def _compound_end(words: list[tuple[str, str, int, int]], i: int, rules: ChineseRules) -> tuple[int, str] | None:
    """(index of the last word, label) of a name begun by word ``i`` and ended by a head
    word ("俄罗斯 国家 传媒 集团" ORG, "喀山 文化 对话 论坛" EVENT): nouns only in between."""
    found = None
    for k in range(i + 1, min(len(words), i + 1 + rules.max_compound_words)):
        word, flag, start, _ = words[k]
        if not _HAN.search(word) or start != words[k - 1][3]:
            break
        label = (
            None
            if word in rules.not_head_words or (flag in rules.trailing_flags and word not in rules.head_words)
            else next((lab for head, lab in rules.compound_heads if word.endswith(head)), None)
        )  # a verb ending like a head heads nothing: "签署" (signed) is no "…署" (office)
        if label:
            found = (k, label)  # the longest name wins: "…传媒集团", not "…传媒"
        elif k + 1 < len(words) and _joins(word, words[k - 1][1], words[k + 1][1], rules):
            continue
        elif not (flag.startswith("n") or flag in _NOUNISH):
            break  # a head may be any word ("杯" is a measure word to jieba); what leads to it is nouns
    return found


def _pieces(body: str, start: int, end: int, limit: int = _MAX_TAGGED) -> list[tuple[int, int]]:
    """body[start:end] in pieces of at most ``limit`` characters, cut after a comma where
    one is near: a "sentence" of a page without full stops (a list, a table run into one
    line) would otherwise become one CRF sequence of any length, features and all."""
    pieces = []
    while end - start > limit:
        cut = max((body.rfind(mark, start, start + limit) for mark in "，、；,; "), default=-1)
        cut = cut + 1 if cut > start + limit // 2 else start + limit
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def _person_name(span: str, rules: ChineseRules) -> str:
    """A person's name without a word jieba's cut ran into it: "科尔尼洛夫说" (said),
    "…科尔尼洛夫星期五" (on Friday): the words of ``not_name_endings`` come off its end
    while at least two characters of the name stay. A list, not jieba's flags: names
    end in characters jieba calls verbs or numerals ("周成建", "阿方索一世")."""
    while True:
        ending = next((w for w in rules.not_name_endings if span.endswith(w) and len(span) - len(w) >= 2), None)
        if ending is None:
            return span
        span = span[: -len(ending)]


def _inner_place(spans: list[tuple[int, int, str, str]], start: int, end: int) -> tuple[int, int] | None:
    """The last reference place strictly inside body[start:end]: the one a longer place
    name narrows to ("德国斯图加特" → 斯图加特, "中国大陆" → 中国)."""
    inside = [s for s in spans if s[3] in ("reference", "city") and s[2] == "GPE" and start <= s[0] and s[1] <= end
              and (s[0], s[1]) != (start, end)]  # fmt: skip
    return max(inside, key=lambda s: (s[1], -s[0]))[:2] if inside else None


def _team_of(name: str, segmenter: ChineseSegmenter) -> str | None:
    """The reference place a national team is named for ("中国队", "巴西国家队" → 中国, 巴西)."""
    for suffix in segmenter.rules.team_suffixes:
        place = name[: -len(suffix)] if name.endswith(suffix) else ""
        if place and segmenter.reference.get(place, ("", ""))[0] == "GPE" and place not in segmenter.weak:
            return place
    return None


def _team_spans(words: list[tuple[str, str, int, int]], segmenter: ChineseSegmenter) -> list[tuple[int, int, str, str]]:
    """Teams named for a place of the reference, as jieba keeps them one word ("中国队",
    "中国女排") or cuts them into the place and a team word ("阿根廷" + "国家队"):
    organisations, linked to their place later (``_team_of``)."""
    out = []
    for i, (word, _flag, start, end) in enumerate(words):
        if _team_of(word, segmenter) is not None:
            out.append((start, end, "ORG", "team"))
        elif (
            i + 1 < len(words)
            and words[i + 1][2] == end
            and words[i + 1][0] in segmenter.rules.team_suffixes
            and _team_of(word + words[i + 1][0], segmenter) is not None
        ):
            out.append((start, words[i + 1][3], "ORG", "team"))
    return out


def _without_edge_words(words: list[tuple[str, str, int, int]], start: int, end: int, label: str,
                        rules: ChineseRules) -> tuple[int, int]:  # fmt: skip
    """A model span without the words that ran into it: a leading preposition or
    conjunction ("经浙江…中心" via, "沿巴拉河" along) and a trailing verb or adverb of two
    or more characters ("巴西利亚签署" signed). jieba's flags of the plain cut decide
    (``edge_flags`` in vocab/chinese.yml); one-character words stay at the end, as names
    end in characters jieba calls verbs ("周成建"), and so do head words ("上海合作组织")."""
    starts = {w[2]: w for w in words}
    ends = {w[3]: w for w in words}
    while (w := starts.get(start)) and w[1] in rules.leading_flags and w[3] <= end - 2:
        start = w[3]
    while (w := ends.get(end)) and w[1] in rules.trailing_flags and len(w[0]) >= 2 and w[2] >= start + 2:
        if w[0] in rules.head_words:
            break
        end = w[2]
    return start, end


def _org_head(name: str, rules: ChineseRules) -> bool:
    """``name`` ends in an organisation's head word ("…海关", "…委员会") and is more than it;
    a venue's head ("…剧院") leaves the model's type as it was."""
    if any(name.endswith(w) for w in rules.not_head_words) or any(name.endswith(w) for w in rules.venue_heads):
        return False
    return any(label == "ORG" and name.endswith(head) and len(name) > len(head) for head, label in rules.compound_heads)


def _with_short_forms(body: str, mentions: list[Mention], rules: ChineseRules,
                      sentence_starts: list[int]) -> list[Mention]:  # fmt: skip
    """A short form the article defines right after a name ("哈萨克斯坦国家铁路公司（以下简称
    “哈铁”）", "（简称长影）") is that name wherever the article uses it: same type, same
    entity (resolution "acronym", as "China Media Group (CMG)" is in English). It replaces
    what the model made of those words ("哈铁" as a person, "汉江" in "汉江半导体" as a
    river), except inside a longer name."""
    pattern = rules.short_form
    if pattern is None:
        return mentions
    defined: dict[str, Mention] = {}
    for m in mentions:
        found = pattern.match(body, m.char_end)
        if found and found.group(1) != m.surface and m.label not in ("WORK_OF_ART", "NORP"):
            defined.setdefault(found.group(1), m)
    if not defined:
        return mentions
    added: list[Mention] = []
    for short, long in defined.items():
        for found in re.finditer(re.escape(short), body):
            start, end = found.span()
            latin_edge = short.isascii() and any(
                c.isascii() and c.isalnum() for c in body[start - 1 : start] + body[end : end + 1]
            )
            inside = any(m.char_start <= start and end <= m.char_end and (m.char_end - m.char_start) > len(short)
                         for m in mentions)  # fmt: skip
            if latin_edge or inside or any(start < a.char_end and a.char_start < end for a in added):
                continue
            sentence = max(0, bisect_right(sentence_starts, start) - 1)
            added.append(Mention(start, end, short, start, end, short, long.label, long.entity_type, sentence,
                                 canonical=long.canonical, resolution="acronym",
                                 latin_key=latin_key(long.canonical)))  # fmt: skip
    kept = [m for m in mentions if not any(m.char_start < a.char_end and a.char_start < m.char_end for a in added)]
    return sorted(kept + added, key=lambda m: m.char_start)


def _titled_persons(body: str, words: list[tuple[str, str, int, int]], surnames: frozenset[str],
                    rules: ChineseRules) -> list[tuple[int, int, str, str]]:  # fmt: skip
    """Persons named right after a title or role ("记者邵明远", "副攻戴雨桐", "董事长覃立新"),
    where the trained model found nobody: Chinese news names almost everyone so, and the
    model, trained on encyclopaedia text, misses many such names it has not seen.

    The name is a word jieba flags as a person's (nr) that starts with a surname, or a
    surname jieba cut off from a one- or two-character given name ("邵" + "明远") when
    nothing written in Chinese characters follows the two but a word that ends a name (a
    speech verb, a day). jieba's person flag alone is too loose to trust ("玉米" corn,
    "安静" quiet); after a title it is a name. A name so found is the person wherever else
    the article writes it ("戴雨桐贡献6次拦网"); any other evidence there wins."""
    out: list[tuple[int, int, str, str]] = []

    def han(i: int) -> bool:
        return i < len(words) and bool(_HAN.match(words[i][0][0]))

    def ends_a_name(i: int) -> bool:
        return not han(i) or words[i][0] in rules.not_name_endings

    for i, (word, flag, start, end) in enumerate(words):
        before = i - 2 if i >= 2 and words[i - 1][0].isspace() else i - 1  # "记者　柏云舟"
        if before < 0 or words[before][0] not in rules.person_titles:
            continue
        adverbial = i + 1 < len(words) and words[i + 1][1] in ("uv", "ud")  # "院长安静地听完" listened quietly
        if (
            flag == "nr"
            and 2 <= len(word) <= 3
            and word[0] in surnames
            and word not in rules.not_names
            and not adverbial
        ):
            if len(word) == 2 and han(i + 1) and len(words[i + 1][0]) == 1 and not han(i + 2):
                end = words[i + 1][3]  # "汪子" + "健" before a bracket
            out.append((start, end, "PERSON", "title"))
        elif (
            (word in surnames or flag == "nr")
            and len(word) == 1
            and han(i + 1)
            and len(words[i + 1][0]) <= 2
            and words[i + 1][2] == end
            and ends_a_name(i + 2)
        ):
            out.append((start, words[i + 1][3], "PERSON", "title"))
    found = {(start, end) for start, end, _, _ in out}
    names = {body[start:end] for start, end in found}
    out += [(m.start(), m.end(), "PERSON", "title") for name in names for m in re.finditer(re.escape(name), body)
            if (m.start(), m.end()) not in found]  # fmt: skip
    return out


def chinese_mentions(body: str, segmenter: ChineseSegmenter) -> list[Mention]:
    """Entity mentions of a Chinese body, offsets into it."""
    bounds = sentence_bounds(body)
    sentence_starts = [a for a, _ in bounds]
    spans: list[tuple[int, int, str, str]] = []  # start, end, label, how

    words = _words(body, segmenter.tokenizer)
    rules = segmenter.rules
    # reference names: jieba keeps each one a word (they are in its dictionary), so a name
    # is found where it is a word ("中方" is no name inside "集中方式"); jieba never keeps
    # "·" inside a word, so names with one are searched as they are
    taken: list[tuple[int, int]] = []
    for name in segmenter.dotted_names:
        for m in re.finditer(re.escape(name), body):
            if not any(m.start() < e and s < m.end() for s, e in taken):
                taken.append((m.start(), m.end()))
                spans.append((m.start(), m.end(), segmenter.reference[name][0], "reference"))
    for word, _flag, start, end in words:
        if word in segmenter.reference and not any(start < e and s < end for s, e in taken):
            how = "city" if word in segmenter.weak else "reference"
            spans.append((start, end, segmenter.reference[word][0], how))
    for m in _BOOK_TITLE.finditer(body):
        spans.append((m.start(1), m.end(1), "WORK_OF_ART", "book_title"))
    for m in rules.dateline.finditer(body) if rules.dateline else ():
        spans.append((m.start(1), m.end(1), "GPE", "dateline"))  # the model misreads "曼谷电" and "达喀尔电"
    if segmenter.model is not None:  # sentence by sentence, as it was trained
        context = segmenter.model.context
        for start, end in (piece for bound in bounds for piece in _pieces(body, *bound)):
            sentence = body[start:end]
            sentence_words = _words(sentence, context.tokenizer)
            after = {w[2]: w[1] for w in sentence_words}
            for s, e, label in segmenter.model.tag(sentence, sentence_words):
                s, e = _without_edge_words(sentence_words, s, e, label, rules)
                if after.get(e) in rules.adverbial_flags:
                    continue  # "院长安静地听": a word before the adverbial "地" says how, it names nobody
                if len(sentence[s:e].strip()) >= 2 and not _NOT_ONE_NAME.search(sentence[s:e]):
                    if label == "PER":
                        e = s + len(_person_name(sentence[s:e], rules))
                    spans.append((start + s, start + e, _MODEL_LABELS[label], "model"))
    i = 0
    while i < len(words):
        word, flag, start, end = words[i]
        # a foreign name: parts joined by "·" ("斯韦特兰娜·巴拉诺娃"), its first part the
        # name-like words before the first "·"
        j = i
        while j + 2 < len(words) and words[j + 1][0] in ("·", "・") and _HAN.search(words[j + 2][0]):
            j += 2
        if j > i and _HAN.search(word):
            while j + 1 < len(words) and words[j + 1][1] in _NAME_PART_FLAGS and words[j + 1][2] == words[j][3]:
                j += 1  # jieba may cut the last part ("巴拉诺" + "娃")
            first = i
            while first > 0 and words[first - 1][1] in _NAME_PART_FLAGS and words[first - 1][3] == words[first][2]:
                first -= 1
            name = _person_name(body[words[first][2] : words[j][3]], rules)
            spans.append((words[first][2], words[first][2] + len(name), "PERSON", "interpunct"))
            i = j + 1
            continue
        # a name built on a proper noun (or a "中俄"-like modifier) and ended by a head word
        compound = _compound_end(words, i, rules) if flag in rules.flag_labels or word in rules.not_names else None
        if compound is not None:
            spans.append((start, words[compound[0]][3], compound[1], "compound"))
            i = compound[0] + 1
            continue
        label = rules.flag_labels.get(flag)
        if label and len(word) >= 2 and word not in rules.not_names:
            spans.append((start, end, label, "self"))
        i += 1

    # a foreign name given in full is then written by its last part alone ("朱马别科夫")
    full_names: dict[tuple[int, int], str] = {}
    for start, end, label, _how in list(spans):
        name = body[start:end]
        last = re.split(r"[·・]", name)[-1]
        if label == "PERSON" and last != name and len(last) >= 2:
            for m in re.finditer(re.escape(last), body):
                if not start <= m.start() < end:
                    spans.append((m.start(), m.end(), "PERSON", "surname"))
                    full_names[(m.start(), m.end())] = name

    mentions: list[Mention] = []
    taken = []
    priority = {"reference": 0, "book_title": 1, "dateline": 1, "team": 1, "model": 2, "interpunct": 3, "surname": 4,
                "compound": 5, "city": 6, "self": 7, "title": 8}  # fmt: skip

    def wraps(span: tuple[int, int, str, str], other: tuple[int, int, str, str]) -> bool:
        """``span`` is a longer name built on ``other``: a head-word name on a reference name
        or on the model's ("莫斯科国立大学", "伏尔加杯"), a team on its place ("阿根廷国家队"),
        the model's name on a reference name ("香港航空", "中国大陆", "德国斯图加特"; a longer
        place is linked through the last reference place in it, see ``_inner_place``)."""
        if not (span[0] <= other[0] and other[1] <= span[1] and other[:2] != span[:2]):
            return False
        if span[3] in ("compound", "team"):
            return other[3] in ("reference", "city", "model")
        return span[3] == "model" and other[3] in ("reference", "city")

    def wraps_only_places(span: tuple[int, int, str, str]) -> bool:
        """A model span is built on places alone: one with a person or an organisation of
        the reference inside ("克里姆林宫新闻秘书佩斯科夫") ran over several names."""
        inside = [o for o in spans if wraps(span, o)]
        return bool(inside) and (span[3] != "model" or all(o[2] == "GPE" for o in inside))

    def rank(span: tuple[int, int, str, str]) -> tuple[int, int]:
        return (-1 if wraps_only_places(span) else priority[span[3]], span[0])

    spans += _team_spans(words, segmenter)
    certain = [(s, e) for s, e, _, how in spans if how in ("dateline", "team")]
    # a model span over a dateline's place or a team ran past it ("曼谷电" an organisation,
    # "中国队先失两局" the team and the games it lost) or read the team as its place
    spans = [x for x in spans if x[3] != "model" or not any(x[0] < e and s < x[1] for s, e in certain)]
    if segmenter.model is not None:  # the model reads jieba's flags and more: its spans replace the flags'
        spans = [s for s in spans if s[3] != "self"]
        spans += _titled_persons(body, words, segmenter.model.context.surnames, rules)
    word_at = {start: word for word, _flag, start, _end in words}
    for start, end, label, how in sorted(spans, key=rank):
        if any(start < e and s < end for s, e in taken) or _DATE_UNIT_AFTER_DIGIT.match(body, max(0, start - 1)):
            continue
        if how == "model" and label != "ORG" and _org_head(body[start:end], rules):
            label = "ORG"  # "乌鲁木齐海关", "霍尔果斯海关": a name ending in an organisation's head word
        if label == "GPE" and word_at.get(end) in rules.demonym_suffixes:
            # "日本人", "北京人": the people of a place, a group like "Japanese" (not "人民")
            end, label, how = end + len(word_at[end]), "NORP", "demonym"
        taken.append((start, end))
        surface = body[start:end]
        named = surface  # the text looked up in the reference
        inner = _inner_place(spans, start, end) if how == "model" and label == "GPE" else None
        if inner is not None:  # "中国大陆" is China, "德国斯图加特" Stuttgart: linked as the place it narrows to
            named, how = body[inner[0] : inner[1]], "reference"
        elif label == "ORG" and (team := _team_of(surface, segmenter)) is not None:
            named, how = team, "reference"  # "中国队" plays for China, as "China" does in "China beat Brazil"
        canonical = full_names.get((start, end)) or segmenter.reference.get(named, (label, named))[1]
        if how == "demonym":
            canonical = surface
        canonical = segmenter.reference.get(canonical, (label, canonical))[1]
        sentence = max(0, bisect_right(sentence_starts, start) - 1)
        resolution = {"reference": "reference", "city": "reference", "surname": "surname"}.get(how, "self")
        mentions.append(Mention(start, end, surface, start, end, surface, label, entity_type(label), sentence,
                                canonical=canonical, resolution=resolution, latin_key=latin_key(canonical)))  # fmt: skip
    return _with_short_forms(body, sorted(mentions, key=lambda m: m.char_start), rules, sentence_starts)
