"""Chinese documents: jieba's segmentation and part-of-speech flags, the reference names,
and the conventions of Chinese print.

No Chinese NER model installs offline, so we train a small one (bench/train_zh_ner.py,
on UNER Chinese-GSDSIMP, shipped in models/zh_ner) and put it beside what is dependable,
strongest evidence first:
- every Chinese name in the entity reference, added to jieba's dictionary so it is one word;
- a title between book-title marks 《…》 is a work (films, books, songs);
- names joined by the interpunct "·" (斯韦特兰娜·巴拉诺娃) are one foreign person's name;
- the trained model's persons, places and organisations;
- a proper noun followed by a head word (…集团, …大学, …论坛) is one name;
- jieba's proper-noun flags (nr person, ns place, nt organisation), only without the model.
The head words and the flags' labels are in vocab/chinese.yml.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from flows.annotate.mentions import Mention, entity_type
from flows.annotate.reference import Reference
from flows.annotate.translit import latin_key

VOCABULARY = Path(__file__).parent / "vocab" / "chinese.yml"
MODEL_DIR = Path(__file__).parent / "models" / "zh_ner"
_MODEL_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}
_SENTENCE_END = re.compile(r"[。！？!?；;]+[”’」』)]?|\n+")
_BOOK_TITLE = re.compile(r"《([^《》\n]{1,40})》")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# flags besides nouns (n…) that may stand inside a name: verbal nouns, abbreviations, distinguishing words
_NOUNISH = frozenset({"vn", "j", "b", "a"})
# jieba flags of the pieces it cuts a transliterated name into
_NAME_PART_FLAGS = frozenset({"nr", "nrt", "nrfg", "ng", "nz", "ns"})


@dataclass(frozen=True)
class ChineseRules:
    flag_labels: dict[str, str]  # jieba part-of-speech flag → entity label
    compound_heads: tuple[tuple[str, str], ...]  # (head, label), longest head first
    not_head_words: frozenset[str]
    max_compound_words: int
    not_names: frozenset[str]


@dataclass(frozen=True, eq=False)  # hashed by identity: a cache key, loaded once
class ChineseSegmenter:
    tokenizer: Any  # jieba.posseg.POSTokenizer with the reference names in its dictionary
    reference: dict[str, tuple[str, str]]  # Chinese name → (label, name as written)
    weak: frozenset[str]  # reference names from the GeoNames city list: any other evidence beats them
    rules: ChineseRules
    model: Any = None  # the trained NER (bench/train_zh_ner.py), when flows/annotate/models/zh_ner exists

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
    )


def _pos_tokenizer(extra_words: dict[str, str] | None = None) -> Any:
    """A jieba part-of-speech tokenizer of our own (not jieba's global one), knowing
    ``extra_words`` (word → flag) besides its dictionary."""
    import logging
    import warnings

    with warnings.catch_warnings():  # jieba imports the deprecated pkg_resources
        warnings.simplefilter("ignore", UserWarning)
        import jieba
        import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    for word, flag in (extra_words or {}).items():
        tokenizer.add_word(word, 1_000_000, flag)
    return jieba.posseg.POSTokenizer(tokenizer)


@lru_cache(maxsize=2)
def load_chinese(reference: Reference) -> ChineseSegmenter:
    """A jieba tokenizer that knows the reference names, the rules and the trained model."""
    names: dict[str, tuple[str, str]] = {}
    weak: set[str] = set()
    flags = {"PERSON": "nr", "GPE": "ns", "ORG": "nt"}
    for name in reference.in_language("zh"):
        if name.alias in names:
            continue
        names[name.alias] = (name.label, name.alias)
        if name.kind == "geonames":
            weak.add(name.alias)
    model = None
    if (MODEL_DIR / "meta.json").is_file():
        import spacy

        model = spacy.load(MODEL_DIR)
    tokenizer = _pos_tokenizer({name: flags.get(label, "nz") for name, (label, _) in names.items()})
    return ChineseSegmenter(tokenizer, names, frozenset(weak), load_rules(), model)


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
            if word in rules.not_head_words
            else next((lab for head, lab in rules.compound_heads if word.endswith(head)), None)
        )
        if label:
            found = (k, label)  # the longest name wins: "…传媒集团", not "…传媒"
        elif not (flag.startswith("n") or flag in _NOUNISH):
            break  # a head may be any word ("杯" is a measure word to jieba); what leads to it is nouns
    return found


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
    if segmenter.model is not None:  # sentence by sentence, as it was trained (and never over spaCy's length limit)
        for (offset, _), sentence in zip(bounds, segmenter.model.pipe(body[a:b] for a, b in bounds), strict=True):
            for ent in sentence.ents:
                if ent.label_ in _MODEL_LABELS and len(ent.text.strip()) >= 2:
                    spans.append((offset + ent.start_char, offset + ent.end_char, _MODEL_LABELS[ent.label_], "model"))
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
            spans.append((words[first][2], words[j][3], "PERSON", "interpunct"))
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
    priority = {"reference": 0, "book_title": 1, "interpunct": 2, "surname": 3, "model": 4, "compound": 5, "city": 6,
                "self": 7}  # fmt: skip

    def rank(span: tuple[int, int, str, str]) -> tuple[int, int]:
        # an organisation built on a reference place ("莫斯科国立大学") outranks the place
        wraps = span[3] == "compound" and any(
            o[3] in ("reference", "city") and span[0] <= o[0] and o[1] <= span[1] and (o[0], o[1]) != span[:2]
            for o in spans
        )
        return (-1 if wraps else priority[span[3]], span[0])

    if segmenter.model is not None:  # the model reads jieba's flags and more: its spans replace the flags'
        spans = [s for s in spans if s[3] != "self"]
    for start, end, label, how in sorted(spans, key=rank):
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        surface = body[start:end]
        canonical = full_names.get((start, end)) or segmenter.reference.get(surface, (label, surface))[1]
        canonical = segmenter.reference.get(canonical, (label, canonical))[1]
        sentence = max(0, bisect_right(sentence_starts, start) - 1)
        mentions.append(Mention(start, end, surface, start, end, surface, label, entity_type(label), sentence,
                                canonical=canonical, resolution={"reference": "reference", "city": "reference", "surname": "surname"}.get(how, "self"),
                                latin_key=latin_key(canonical)))  # fmt: skip
    return sorted(mentions, key=lambda m: m.char_start)


class WordFeatures:
    """The ``news_zh_word_features`` component of the Chinese NER model: each character
    token's NORM becomes the position of the character in the word jieba cuts and that
    word's part-of-speech flag ("B-ns", "E-nr", "S-v"), its LEMMA the word itself. The
    model reads characters, so this is how it sees words and jieba's proper-noun guesses. Plain jieba, without the
    reference: training and use must see the same features."""

    def __init__(self) -> None:
        self.tokenizer = _pos_tokenizer()

    def __call__(self, doc: Any) -> Any:
        text = doc.text
        tags = ["O"] * len(text)
        words = [""] * len(text)
        for word, flag, start, _ in _words(text, self.tokenizer):
            for k in range(len(word)):
                position = "S" if len(word) == 1 else "B" if k == 0 else "E" if k == len(word) - 1 else "I"
                tags[start + k] = f"{position}-{flag}"
                words[start + k] = word
        for token in doc:
            inside = token.idx < len(tags)
            token.norm_ = tags[token.idx] if inside else "O"
            token.lemma_ = words[token.idx] if inside and words[token.idx] else token.text
        return doc


def _register() -> None:
    from spacy.language import Language

    if "news_zh_word_features" not in Language.factories:
        Language.factory("news_zh_word_features", func=lambda nlp, name: WordFeatures())


_register()
