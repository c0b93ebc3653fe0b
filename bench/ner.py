"""Named-entity recognition against Universal NER gold: the bare model vs our pipeline.

    python bench/ner.py                  # English-EWT and Chinese-GSDSIMP, dev and test
    python bench/ner.py --split test --language zh
    python bench/ner.py --gold news      # our own English news articles (bench/data/news_ner)
    python bench/ner.py --gold heldout   # 16 more, by a writer who saw neither code nor set: never tuned on
    python bench/ner.py --gold ru|ru-heldout|zh|zh-heldout   # Russian and Chinese news, same markup
    python bench/ner.py --gold zh-traditional   # Chinese news written in Traditional characters

Gold: bench/data/uner (UNER v1, CC BY-SA 4.0, see its README and licence files): web
English (EWT) and Simplified Chinese Wikipedia-style text (GSDSIMP), PER / ORG / LOC.
Strict scoring: a prediction counts only with the exact character span and type.

* English, bare: the spaCy package's own NER (PERSON → PER, ORG → ORG, GPE/LOC/FAC → LOC).
* English, pipeline: our mentions (flows/annotate/nlp.py: span cleaning, the reference
  EntityRuler, compass words as groups; a recogniser tuned by bench/train_en_ner.py where
  one has been written to flows/annotate/models/en_ner, none shipped), same mapping.
* Chinese, bare: jieba's proper-noun flags alone (nr → PER, ns → LOC, nt → ORG).
* Chinese, pipeline: flows/annotate/chinese.py (reference names, book titles, "·"
  names, compound names with head words).
Each sentence is one document (UNER gives no paragraphs).

News gold: bench/data/news_ner, 24 English news articles in many outlets' styles, invented
for this project and marked inline (``[[name|TYPE]]``, conventions in its README): UNER's
EWT is web text, not news, and the warehouse reads news. Headline and body are two
documents, as the warehouse stores them; the body's dateline is read as the normaliser
reads it. The rules were developed looking at news_ner's errors; news_ner_heldout (16
articles by a writer who saw neither the code nor the first set) only measures them.

Russian and Chinese news gold (bench/data/{ru,zh}_news_ner and their _heldout twins, and
zh_news_ner_traditional in Traditional characters) has the same markup, each set by its
own writer. Russian bare: natasha's NER; Chinese bare: jieba's
flags; pipeline: the annotator the flow routes the language to (flows/annotate/languages.py).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT / "bench" / "data" / "uner"
NEWS = {  # name -> (folder, language)
    "news": (ROOT / "bench" / "data" / "news_ner", "en"),
    "heldout": (ROOT / "bench" / "data" / "news_ner_heldout", "en"),
    "ru": (ROOT / "bench" / "data" / "ru_news_ner", "ru"),
    "ru-extra": (ROOT / "bench" / "data" / "ru_news_ner_extra", "ru"),
    "ru-heldout": (ROOT / "bench" / "data" / "ru_news_ner_heldout", "ru"),
    "zh": (ROOT / "bench" / "data" / "zh_news_ner", "zh"),
    "zh-heldout": (ROOT / "bench" / "data" / "zh_news_ner_heldout", "zh"),
    "zh-traditional": (ROOT / "bench" / "data" / "zh_news_ner_traditional", "zh"),
}
INLINE = re.compile(r"\[\[([^\]|]+)\|(PER|ORG|LOC)\]\]")
FILES = {"en": "en_ewt-ud-{split}.iob2", "zh": "zh_gsdsimp-ud-{split}.iob2"}
SPACY_TYPES = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
JIEBA_TYPES = {"nr": "PER", "nrfg": "PER", "nrt": "PER", "ns": "LOC", "nt": "ORG"}
Span = tuple[int, int, str]


def read_gold(path: Path) -> list[tuple[str, set[Span]]]:
    """(text, gold spans in character offsets) per sentence."""
    out: list[tuple[str, set[Span]]] = []
    text, tokens = None, []

    def flush() -> None:
        if text is None:
            return
        spans, at, current = set(), 0, None
        for token, tag in tokens:
            start = text.find(token, at)
            start = at if start < 0 else start
            end = start + len(token)
            at = end
            if tag.startswith("B-") or (tag.startswith("I-") and (current is None or current[2] != tag[2:])):
                if current:
                    spans.add(current)
                current = (start, end, tag[2:])
            elif tag.startswith("I-") and current:
                current = (current[0], end, current[2])
            else:
                if current:
                    spans.add(current)
                current = None
        if current:
            spans.add(current)
        out.append((text, spans))

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# text = "):
            flush()
            text, tokens = line[len("# text = ") :], []
        elif line and not line.startswith("#"):
            cols = line.split("\t")
            if len(cols) >= 3 and cols[0].isdigit():
                tokens.append((cols[1], cols[2]))
    flush()
    return out


def read_inline(path: Path) -> list[tuple[str, set[Span]]]:
    """(text, gold spans) of one article marked ``[[surface|TYPE]]``: its headline and its
    body, as two documents (the warehouse stores the headline apart from the body)."""
    marked = path.read_text(encoding="utf-8").strip()
    text, spans, at = [], set(), 0
    length = 0
    for match in INLINE.finditer(marked):
        before = marked[at : match.start()]
        text.append(before)
        length += len(before)
        spans.add((length, length + len(match.group(1)), match.group(2)))
        text.append(match.group(1))
        length += len(match.group(1))
        at = match.end()
    text.append(marked[at:])
    whole = "".join(text)
    cut = whole.index("\n\n")
    head = {(a, b, k) for a, b, k in spans if b <= cut}
    body = {(a - cut - 2, b - cut - 2, k) for a, b, k in spans if a > cut}
    return [(whole[:cut], head), (whole[cut + 2 :], body)]


def joined_chains(spans: set[Span]) -> set[Span]:
    """Universal NER's convention for Chinese: a chain of places written without a break
    ("江西省宜春市", "首尔江南区") is one name. Our writers tagged each level; joining their
    adjacent places scores the pipeline, which follows UNER, on the convention it follows."""
    out, chain = set(), None
    for start, end, kind in sorted(spans):
        if chain and kind == "LOC" == chain[2] and start == chain[1]:
            chain = (chain[0], end, kind)
            continue
        if chain:
            out.add(chain)
        chain = (start, end, kind)
    return out | ({chain} if chain else set())


def english(texts: list[str]) -> tuple[list[set[Span]], list[set[Span]]]:
    from flows.annotate.annotation import AnnotationInput
    from flows.annotate.nlp import annotate, load_model
    from flows.normalise.metadata import dateline_length, parse_dateline
    from flows.settings import Settings

    nlp = load_model(Settings().spacy_model)
    plain = load_model(Settings().spacy_model, tuned=False)  # the package's own recogniser: the baseline
    bare = [
        {(e.start_char, e.end_char, SPACY_TYPES[e.label_]) for e in doc.ents if e.label_ in SPACY_TYPES}
        for doc in plain.pipe(texts, disable=["news_reference", "news_events"])
    ]
    datelines = [parse_dateline(t) for t in texts]  # as the normaliser reads a body's opening line
    items = [AnnotationInput(str(i), t, date(2020, 1, 1), d.place if d else None, dateline_length(t), "en", 1.0)
             for i, (t, d) in enumerate(zip(texts, datelines, strict=True))]  # fmt: skip
    return bare, [_ours(a.mentions) for a in annotate(nlp, items)]


def _ours(mentions) -> set[Span]:
    """The pipeline's mentions as gold-comparable spans: persons, organisations, and places."""
    return {(m.char_start, m.char_end, SPACY_TYPES[m.label]) for m in mentions
            if (m.label in SPACY_TYPES and m.entity_type == "place") or m.label in ("PERSON", "ORG")}  # fmt: skip


def routed(texts: list[str], language: str) -> list[set[Span]]:
    """Our Russian or Chinese annotation of each text, as the flow routes it (flows/annotate/languages.py)."""
    from flows.annotate.annotation import AnnotationInput
    from flows.annotate.languages import annotate_other, default_reference

    reference = default_reference()
    out = []
    for i, text in enumerate(texts):
        item = AnnotationInput(str(i), text, date(2020, 1, 1), None, 0, language, 1.0)
        out.append(_ours(annotate_other(item, language, reference).mentions))
    return out


def russian(texts: list[str]) -> tuple[list[set[Span]], list[set[Span]]]:
    """Bare: natasha's NER alone (PER/ORG/LOC, its own labels); pipeline: the routed annotator."""
    from flows.annotate.russian import load_russian, parse

    models = load_russian()
    bare = [{(s.start, s.stop, s.type) for s in parse(t, models).spans if s.type in ("PER", "ORG", "LOC")}
            for t in texts]  # fmt: skip
    return bare, routed(texts, "ru")


def chinese_news(texts: list[str]) -> tuple[list[set[Span]], list[set[Span]]]:
    """Chinese articles: jieba's flags as the bare baseline, the routed annotator as the pipeline."""
    bare, _ = chinese(texts)
    return bare, routed(texts, "zh")


def chinese(texts: list[str]) -> tuple[list[set[Span]], list[set[Span]]]:
    from flows.annotate.chinese import _words, chinese_mentions, load_chinese
    from flows.annotate.languages import default_reference

    segmenter = load_chinese(default_reference())
    bare, ours = [], []
    types = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
    for text in texts:
        words = _words(text, segmenter.tokenizer)
        bare.append({(s, e, JIEBA_TYPES[f]) for w, f, s, e in words if f in JIEBA_TYPES and len(w) >= 2})
        ours.append({(m.char_start, m.char_end, types[m.label]) for m in chinese_mentions(text, segmenter)
                     if m.label in types})  # fmt: skip
    return bare, ours


def scores(gold: list[set[Span]], predicted: list[set[Span]]) -> dict[str, tuple[float, float, float, int]]:
    """Per type and overall: (precision, recall, F1, gold count), strict match."""
    tp, fp, fn = Counter(), Counter(), Counter()
    for g, p in zip(gold, predicted, strict=True):
        for span in p:
            (tp if span in g else fp)[span[2]] += 1
        for span in g - p:
            fn[span[2]] += 1
    out = {}
    for kind in ("PER", "ORG", "LOC", "all"):
        t = sum(tp.values()) if kind == "all" else tp[kind]
        f_p = sum(fp.values()) if kind == "all" else fp[kind]
        f_n = sum(fn.values()) if kind == "all" else fn[kind]
        precision = t / (t + f_p) if t + f_p else 0.0
        recall = t / (t + f_n) if t + f_n else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[kind] = (precision, recall, f1, t + f_n)
    return out


def print_errors(texts: list[str], gold: list[set[Span]], predicted: list[set[Span]]) -> None:
    """The pipeline's misses and false spans, text by text, to read what a rule should change."""
    for text, g, p in zip(texts, gold, predicted, strict=True):
        for start, end, kind in sorted(g - p):
            print(f"  miss  {kind} {text[start:end]!r}")
        for start, end, kind in sorted(p - g):
            print(f"  false {kind} {text[start:end]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--language", choices=["en", "zh"], action="append")
    parser.add_argument("--split", choices=["dev", "test"], action="append")
    parser.add_argument("--gold", choices=["uner", *NEWS], default="uner")
    parser.add_argument("--errors", action="store_true", help="list the pipeline's misses and false spans")
    parser.add_argument(
        "--as-written",
        action="store_true",
        help="Chinese news: score chains of places as tagged, level by level (default: joined, as UNER)",
    )
    args = parser.parse_args()
    if args.gold in NEWS:
        folder, language = NEWS[args.gold]
        articles = [part for path in sorted(folder.glob("*.txt")) for part in read_inline(path)]
        texts, gold = [t for t, _ in articles], [g for _, g in articles]
        if language == "zh" and not args.as_written:
            gold = [joined_chains(g) for g in gold]
        bare, ours = {"en": english, "ru": russian, "zh": chinese_news}[language](texts)
        print(f"== {language} {args.gold}: {len(texts) // 2} articles, {sum(len(g) for g in gold)} gold entities")
        for name, predicted in (("bare", bare), ("pipeline", ours)):
            figures = scores(gold, predicted)
            line = "  ".join(f"{k} P {p:.3f} R {r:.3f} F1 {f:.3f}" for k, (p, r, f, _) in figures.items())
            print(f"  {name:<9} {line}")
        if args.errors:
            print_errors(texts, gold, ours)
        return
    for language in args.language or ["en", "zh"]:
        for split in args.split or ["dev", "test"]:
            sentences = read_gold(DATA / FILES[language].format(split=split))
            texts, gold = [t for t, _ in sentences], [g for _, g in sentences]
            bare, ours = (english if language == "en" else chinese)(texts)
            print(f"== {language} {split}: {len(texts)} sentences, {sum(len(g) for g in gold)} gold entities")
            for name, predicted in (("bare", bare), ("pipeline", ours)):
                figures = scores(gold, predicted)
                line = "  ".join(f"{k} P {p:.3f} R {r:.3f} F1 {f:.3f}" for k, (p, r, f, _) in figures.items())
                print(f"  {name:<9} {line}")
            if args.errors:
                print_errors(texts, gold, ours)


if __name__ == "__main__":
    main()
