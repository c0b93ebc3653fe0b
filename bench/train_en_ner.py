"""Fine-tune the English model's entity recogniser on our own invented texts, offline.

    python bench/train_en_ner.py                 # a few minutes on one core
    python bench/ner.py --gold news              # then score it (and --language en)

spaCy's small English model reads news and web text with persons, organisations and
places confused (strict F1 about 0.57 on UNER English-EWT and on our news sets), and no
larger English model installs here. Its recogniser has its own token-to-vector layers, so
it can be tuned alone and shipped alone: flows/annotate/models/en_ner/ (6 MB), which
``flows.annotate.nlp.load_model`` puts in place of the package's when the package is the
one it was tuned from. None is shipped yet: the tuned recogniser gained on news and lost
on EWT and on sentences our tests hold (bench/RESULTS.md, "Tuning the recogniser itself").

Training texts: bench/data/en_train (invented reviews, e-mails, forum posts, blogs and
news, marked PER/ORG/LOC by the helper sessions that wrote them; README there). Only those
three types are marked, so each text's other entities (dates, money, nationalities, works
…) are the model's own reading of it, kept where they do not overlap a marked name: the
model is taught our three types without forgetting the rest. A marked place takes the
label the model gave that span (GPE, LOC or FAC), else GPE when GeoNames knows the name,
else LOC. The number of passes was chosen on the development sets (our English news dev
set and EWT dev); the held-out sets are only scored.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from ner import read_inline  # noqa: E402  (the benchmark's reader)

from flows.annotate.nlp import TUNED_NER, tuned_ner_base  # noqa: E402
from flows.annotate.places import default_place_rules  # noqa: E402
from flows.settings import Settings  # noqa: E402

DATA = ROOT / "bench" / "data" / "en_train"
MATERIAL = ROOT / "bench" / "material" / "html"  # real news pages (bench/generate.py's material)
PLACE_LABELS = ("GPE", "LOC", "FAC")
OURS = {"PERSON", "ORG", *PLACE_LABELS}
EPOCHS, DROPOUT, BATCH, SEED = 4, 0.2, 16, 0
REHEARSE = 220  # paragraphs of real pages the model is shown with its own reading, to keep it


def examples(nlp, texts: list[tuple[str, set[tuple[int, int, str]]]]) -> list:
    """spaCy Examples: the marked names with spaCy's labels, the model's other entities kept."""
    from spacy.training import Example
    from spacy.util import filter_spans

    places = default_place_rules()
    out = []
    for doc, (_, marks) in zip(nlp.pipe([t for t, _ in texts]), texts, strict=True):
        predicted = {(e.start_char, e.end_char): e.label_ for e in doc.ents}
        spans = []
        for start, end, kind in sorted(marks):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            if kind == "PER":
                label = "PERSON"
            elif kind == "ORG":
                label = "ORG"
            else:
                label = predicted.get((start, end))
                if label not in PLACE_LABELS:
                    label = "GPE" if places.place(doc.text[start:end]) else "LOC"
            spans.append(doc.char_span(span.start_char, span.end_char, label=label))
        for ent in doc.ents:  # the model's other types, where no marked name is
            if ent.label_ not in OURS and not any(s.start < ent.end and ent.start < s.end for s in spans):
                spans.append(ent)
        reference = nlp.make_doc(doc.text)
        entities = [(s.start_char, s.end_char, s.label_) for s in filter_spans(spans)]
        out.append(Example.from_dict(reference, {"entities": entities}))
    return out


def rehearsal(nlp, count: int) -> list:
    """``count`` paragraphs of the real pages in bench/material, each with the package model's
    own entities as the target: passes over them pull the tuned model back towards what it
    read well before (pseudo-rehearsal), so a few hundred new names do not unlearn the rest."""
    from spacy.training import Example

    from flows.discover import FoundFile
    from flows.normalise.document import normalise
    from flows.read import read_found_file

    paragraphs = []
    for path in sorted(MATERIAL.glob("*.html")):
        found = FoundFile(path.name, path, None, path.stat().st_size, None, "html")
        for item in read_found_file(found, 10_000_000)[0]:
            paragraphs += [p for p in normalise(item).body.split("\n\n") if len(p) >= 200]
    random.Random(SEED).shuffle(paragraphs)
    return [
        Example.from_dict(
            nlp.make_doc(doc.text), {"entities": [(e.start_char, e.end_char, e.label_) for e in doc.ents]}
        )
        for doc in nlp.pipe(paragraphs[:count])
    ]


def training_texts(folder: Path = DATA) -> list[tuple[str, set[tuple[int, int, str]]]]:
    return [part for path in sorted(folder.glob("*.txt")) for part in read_inline(path) if part[0].strip()]


def train(out: Path, epochs: int = EPOCHS, dropout: float = DROPOUT, rehearse: int = REHEARSE) -> None:
    import spacy
    from spacy.util import minibatch

    name = Settings().spacy_model
    nlp = spacy.load(name)
    train_set = examples(nlp, training_texts())
    print(f"{len(train_set)} texts, {sum(len(e.reference.ents) for e in train_set)} entities")
    train_set += rehearsal(nlp, rehearse) if rehearse else []
    rng = random.Random(SEED)
    spacy.util.fix_random_seed(SEED)
    with nlp.select_pipes(enable=["ner"]):
        optimizer = nlp.resume_training()
        for epoch in range(epochs):
            rng.shuffle(train_set)
            losses: dict[str, float] = {}
            for batch in minibatch(train_set, size=BATCH):
                nlp.update(batch, sgd=optimizer, drop=dropout, losses=losses)
            print(f"  pass {epoch + 1}: loss {losses.get('ner', 0):.1f}", flush=True)
    if out.exists():
        shutil.rmtree(out)
    nlp.get_pipe("ner").to_disk(out, exclude=["vocab"])  # the package has the vocabulary
    (out / "base.txt").write_text(name + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--dropout", type=float, default=DROPOUT)
    parser.add_argument("--rehearse", type=int, default=REHEARSE, help="real paragraphs read back (0: none)")
    parser.add_argument("--out", type=Path, default=TUNED_NER, help="where the tuned recogniser goes")
    args = parser.parse_args()
    started = time.perf_counter()
    train(args.out, args.epochs, args.dropout, args.rehearse)
    print(f"trained in {time.perf_counter() - started:.0f} s; written to {args.out} (base {tuned_ner_base(args.out)})")


if __name__ == "__main__":
    main()
