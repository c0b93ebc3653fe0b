"""A character CRF that finds persons, places and organisations in Chinese sentences.

No Chinese NER model installs offline (stanza, hanlp, spacy-pkuseg download theirs), so we
train one on UNER Chinese-GSDSIMP (bench/train_zh_ner.py) and ship it as one small file,
models/zh_ner.crfsuite. A linear-chain CRF over characters suits the size of that data
(4,000 sentences): each character is described by what is known about it and around it,

- the characters within two places of it, alone and in pairs;
- the word jieba cuts around it, that word's part-of-speech flag (jieba's own proper-noun
  guesses: nr, ns, nt) and the character's place in the word (B/I/E/S);
- whether it starts or continues a name of the entity reference (countries, GeoNames
  cities, the hand-written aliases; dbt/seeds), so a user's new alias helps the model;
- whether its word ends in an organisation or event head word (vocab/chinese.yml);
- whether it is a common surname (the first characters of jieba's person words).

The feature function is shared by training and use, so both see the same features; the
gazetteer and head words come from the data files at load time.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

MODEL_PATH = Path(__file__).parent / "models" / "zh_ner.crfsuite"
LABELS = ("PER", "ORG", "LOC")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_SURNAMES = 400  # the commonest first characters of jieba's person words; beyond them the list is noise
_LONG_WORD = 6  # longer words are rare: their identity is a weak feature, their flag is kept
Span = tuple[int, int, str]
Word = tuple[str, str, int, int]  # (word, jieba flag, start, end), as chinese._words gives them


@dataclass(frozen=True, eq=False)
class TaggerContext:
    """What the features read besides the sentence: built once per process."""

    tokenizer: Any  # a plain jieba POS tokenizer (no reference words: training saw none)
    gazetteer: dict[str, str]  # Chinese name → "PER"/"ORG"/"LOC"/"OTHER" from the entity reference
    heads: tuple[tuple[str, str], ...]  # (head word, label), longest first
    not_heads: frozenset[str]
    surnames: frozenset[str]

    @cached_property  # read for every sentence: the gazetteer holds some 15,000 names
    def longest_name(self) -> int:
        return max(map(len, self.gazetteer), default=0)


def jieba_surnames(count: int = _SURNAMES) -> frozenset[str]:
    """The ``count`` commonest first characters of the 2–3 character person names (flag
    nr) in jieba's dictionary: the surnames, read from data rather than listed by hand."""
    import jieba

    first: Counter[str] = Counter()
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) == 3 and parts[2] == "nr" and 2 <= len(parts[0]) <= 3:
                first[parts[0][0]] += 1
    return frozenset(c for c, _ in first.most_common(count))


def _char_kind(c: str) -> str:
    if _HAN.match(c):
        return "H"
    if c.isdigit():
        return "D"
    if c.isalpha():
        return "L"
    return "S" if c.isspace() else "P"


def _gazetteer_marks(text: str, context: TaggerContext) -> list[str]:
    """B<label>/I<label> over the longest reference names, left to right; "-" elsewhere."""
    marks = ["-"] * len(text)
    longest = context.longest_name
    i = 0
    while i < len(text):
        for size in range(min(longest, len(text) - i), 1, -1):
            label = context.gazetteer.get(text[i : i + size])
            if label:
                marks[i : i + size] = ["B" + label] + ["I" + label] * (size - 1)
                i += size
                break
        else:
            i += 1
    return marks


def char_features(text: str, words: Sequence[Word], context: TaggerContext) -> list[list[str]]:
    """The features of every character of one sentence (``words``: jieba's cut of it)."""
    n = len(text)
    place, word_of, head = ["O"] * n, [""] * n, ["-"] * n
    for word, flag, start, _end in words:
        label = None if word in context.not_heads else next((lab for h, lab in context.heads if word.endswith(h)), None)
        for k in range(len(word)):
            position = "S" if len(word) == 1 else "B" if k == 0 else "E" if k == len(word) - 1 else "I"
            place[start + k] = f"{position}-{flag}"
            word_of[start + k] = word
            head[start + k] = label or "-"
    gazetteer = _gazetteer_marks(text, context)

    def char(i: int) -> str:
        return text[i] if 0 <= i < n else ("<s>" if i < 0 else "</s>")

    def at(values: list[str], i: int) -> str:
        return values[i] if 0 <= i < n else "#"

    out = []
    for i in range(n):
        word = word_of[i]
        flag = place[i].split("-", 1)[-1]
        out.append([
            "bias", f"c0={char(i)}", f"c-1={char(i - 1)}", f"c1={char(i + 1)}", f"c-2={char(i - 2)}",
            f"c2={char(i + 2)}", f"c-1c0={char(i - 1)}{char(i)}", f"c0c1={char(i)}{char(i + 1)}",
            f"c-2c-1={char(i - 2)}{char(i - 1)}", f"c1c2={char(i + 1)}{char(i + 2)}", f"c-1c1={char(i - 1)}{char(i + 1)}",
            f"p0={place[i]}", f"p-1={at(place, i - 1)}", f"p1={at(place, i + 1)}", f"p-2={at(place, i - 2)}",
            f"p2={at(place, i + 2)}", f"f0={flag}", f"f-1f0={at(place, i - 1).split('-', 1)[-1]}|{flag}",
            f"w={word if len(word) <= _LONG_WORD else 'LONG'}", f"wfirst={word[:1]}", f"wlast={word[-1:]}",
            f"k={_char_kind(char(i))}{_char_kind(char(i - 1))}{_char_kind(char(i + 1))}",
            f"sur={char(i) in context.surnames:d}", f"sur-1={char(i - 1) in context.surnames:d}",
            f"g0={gazetteer[i]}", f"g-1={at(gazetteer, i - 1)}", f"g1={at(gazetteer, i + 1)}",
            f"h0={head[i]}", f"h1={at(head, i + 1)}", f"h2={at(head, i + 2)}",
        ])  # fmt: skip
    return out


def bio_labels(length: int, spans: Iterable[Span]) -> list[str]:
    """Character tags B-X / I-X / O of ``spans`` (start, end, label) in a text of ``length``."""
    tags = ["O"] * length
    for start, end, label in spans:
        tags[start] = "B-" + label
        tags[start + 1 : end] = ["I-" + label] * (end - start - 1)
    return tags


def spans_of(tags: Sequence[str]) -> list[Span]:
    """(start, end, label) of each run B-X I-X…; a stray I-X starts a span of its own."""
    spans: list[Span] = []
    current: list[Any] | None = None
    for i, tag in enumerate([*tags, "O"]):
        continues = tag.startswith("I-") and current is not None and current[2] == tag[2:]
        if continues:
            current[1] = i + 1  # type: ignore[index]
            continue
        if current:
            spans.append((current[0], current[1], current[2]))
        current = [i, i + 1, tag[2:]] if tag != "O" else None
    return spans


@dataclass(frozen=True, eq=False)
class ChineseTagger:
    """The trained CRF with the context its features need."""

    tagger: Any  # pycrfsuite.Tagger, opened on the model file
    context: TaggerContext

    def tag(self, sentence: str, words: Sequence[Word]) -> list[Span]:
        """Persons, places and organisations of one sentence, offsets into it."""
        if not sentence.strip():
            return []
        return spans_of(self.tagger.tag(char_features(sentence, words, self.context)))


def load_tagger(context: TaggerContext, path: Path = MODEL_PATH) -> ChineseTagger | None:
    """The shipped model, or None when its file is missing (the rules still work)."""
    if not path.is_file():
        return None
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return ChineseTagger(tagger, context)
