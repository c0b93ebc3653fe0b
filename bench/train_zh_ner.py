"""Train the small Chinese NER model the Chinese annotator uses, offline, on UNER
Chinese-GSDSIMP's train split.

    python bench/train_zh_ner.py            # about 5-10 minutes on 2 cores
    python bench/ner.py --language zh       # then score it

No Chinese NER model installs offline (stanza, hanlp, spacy-pkuseg need downloads), so
we train one: a spaCy pipeline on characters (spaCy's own Chinese "char" segmentation,
no extra package) with a CNN token-to-vector layer and a transition-based NER, PER / ORG
/ LOC. The result is written to flows/annotate/models/zh_ner (a few MB, committed with
the licence of its training data, CC BY-SA 4.0); the dev split picks the best epoch.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from ner import read_gold  # noqa: E402  (the same reader the benchmark scores with)

DATA = ROOT / "bench" / "data" / "uner"
OUT = ROOT / "flows" / "annotate" / "models" / "zh_ner"


def config(work: Path):
    """spaCy's own efficiency config for Chinese NER, sized for characters: a char's
    identity and shape are its features (prefix and suffix of one character say nothing)."""
    from spacy.cli.init_config import init_config

    cfg = init_config(lang="zh", pipeline=["ner"], optimize="efficiency", gpu=False)
    cfg["paths"]["train"] = str(work / "train.spacy")
    cfg["paths"]["dev"] = str(work / "dev.spacy")
    # jieba's words and flags as each character's NORM (flows/annotate/chinese.py)
    cfg["nlp"]["pipeline"] = ["news_zh_word_features", "tok2vec", "ner"]
    cfg["components"]["news_zh_word_features"] = {"factory": "news_zh_word_features"}
    cfg["training"]["annotating_components"] = ["news_zh_word_features"]
    embed = cfg["components"]["tok2vec"]["model"]["embed"]
    embed["attrs"] = ["ORTH", "NORM", "LEMMA", "SHAPE"]
    embed["rows"] = [8000, 1000, 10000, 100]
    encode = cfg["components"]["tok2vec"]["model"]["encode"]
    encode["width"], encode["depth"] = 128, 6
    cfg["components"]["ner"]["model"]["hidden_width"] = 128
    training = cfg["training"]
    training["max_epochs"], training["max_steps"], training["patience"] = 8, 0, 1200
    training["dropout"] = 0.2
    return cfg


def docbin(split: str, path: Path) -> int:
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("zh")  # char segmentation: every gold span is aligned
    store = DocBin()
    sentences = read_gold(DATA / f"zh_gsdsimp-ud-{split}.iob2")
    for text, spans in sentences:
        doc = nlp.make_doc(text)
        ents = [doc.char_span(s, e, label=label) for s, e, label in sorted(spans)]
        doc.ents = [e for e in ents if e is not None]
        store.add(doc)
    store.to_disk(path)
    return len(sentences)


def main() -> None:
    from spacy.cli.train import train

    import flows.annotate.chinese  # noqa: F401  (registers the word-features component)

    work = Path(tempfile.mkdtemp(prefix="zh-ner-"))
    counts = {split: docbin(split, work / f"{split}.spacy") for split in ("train", "dev")}
    print(f"training on {counts['train']} sentences, choosing on {counts['dev']}")
    path = work / "config.cfg"
    config(work).to_disk(path)
    train(path, work / "out")
    if OUT.exists():
        shutil.rmtree(OUT)
    shutil.copytree(work / "out" / "model-best", OUT)
    (OUT / "LICENSE.md").write_text(
        "Trained by bench/train_zh_ner.py on UNER Chinese-GSDSIMP (train split; Mayhew et al.,\n"
        '"Universal NER", NAACL 2024), whose labels are licensed CC BY-SA 4.0\n'
        "(https://creativecommons.org/licenses/by-sa/4.0/); this model is shared under the same licence.\n",
        encoding="utf-8",
    )
    print(f"model written to {OUT}")


if __name__ == "__main__":
    main()
