"""Are Russian and Chinese mentions found, and linked to the right (English) entity?

    python bench/entities_multilingual.py                 # build a warehouse from the fixtures, score it
    python bench/entities_multilingual.py --warehouse W   # score a warehouse already built
    python bench/entities_multilingual.py --misses        # also list every gold mention missed or mislinked

Corpus: tests/fixtures/multilingual (30 invented articles: 12 Russian, 12 Chinese, 6
English, with hand-made gold: every mention's exact text and the English canonical name
of its entity). The real flow builds the warehouse; then per language:
* found: share of gold mentions that some mention of the warehouse overlaps;
* linked: share of gold mentions whose overlapping mention belongs to the entity whose
  canonical name is the gold one (the Russian "Балановой" on the row "Svetlana Balanova");
  for a gold entity no row bears the English name of (named only in Russian or Chinese,
  as "Геннадий Осокин"), linked means all its gold mentions found sit on one row.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import duckdb
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from events import build  # the same real-flow build

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "multilingual"


def gold_spans(gold: dict, bodies: dict[str, str]) -> list[tuple[str, str, int, int, str, str]]:
    """(file, language, start, end, entity, type) of every gold mention."""
    out = []
    for article in gold["articles"]:
        body = bodies[article["file"]]
        for m in article["mentions"]:
            at = -1
            for _ in range(int(m.get("occurrence", 1))):
                at = body.find(m["text"], at + 1)
            if at < 0:
                raise SystemExit(f"{article['file']}: gold text {m['text']!r} not in the body")
            out.append((article["file"], article["language"], at, at + len(m["text"]), m["entity"], m["type"]))
    return out


def score(warehouse: Path, corpus: Path = CORPUS, misses: bool = False) -> dict[str, dict[str, float]]:
    gold = yaml.safe_load((corpus / "gold.yml").read_text(encoding="utf-8"))
    con = duckdb.connect(str(warehouse), read_only=True)
    rows = con.execute(
        """
        select files.path, documents.body, mentions.char_start, mentions.char_end, entities.canonical_name
        from raw.files as files
        inner join raw.file_documents as fd using (file_seq)
        inner join raw.documents as documents using (doc_id)
        left join marts.mentions as mentions using (doc_id)
        left join marts.entities as entities using (entity_id)
        """
    ).fetchall()
    bodies: dict[str, str] = {}
    found: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for path, body, start, end, name in rows:
        file = Path(path).name
        bodies[file] = body
        if start is not None:
            found[file].append((start, end, name or ""))
    totals: dict[str, dict[str, float]] = defaultdict(lambda: {"gold": 0, "found": 0, "linked": 0})
    spans = gold_spans(gold, bodies)
    hits_of = [[name for s, e, name in found[f] if s < end and start < e] for f, _, start, end, _, _ in spans]
    names = {name.lower() for rows in found.values() for _, _, name in rows}
    rows_of: dict[str, set[str]] = defaultdict(set)  # gold entity named by no row → the rows its mentions hit
    for (_, _, _, _, entity, _), hits in zip(spans, hits_of, strict=True):
        if entity.lower() not in names:
            rows_of[entity].update(hits[:1])
    for (file, language, start, end, entity, kind), hits in zip(spans, hits_of, strict=True):
        row = totals[language]
        row["gold"] += 1
        row["found"] += bool(hits)
        linked = any(name.lower() == entity.lower() for name in hits) or (
            bool(hits) and entity.lower() not in names and len(rows_of[entity]) == 1
        )
        row["linked"] += linked
        if misses and not linked:
            print(
                f"  {language} {file}: {bodies[file][start:end]!r} ({kind}) -> {hits or 'not found'}, want {entity!r}"
            )
    return {
        lang: {"gold mentions": r["gold"], "found": r["found"] / r["gold"], "linked": r["linked"] / r["gold"]}
        for lang, r in sorted(totals.items())
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--warehouse", type=Path)
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    if args.warehouse:
        warehouse = args.warehouse
    else:
        work = Path(tempfile.mkdtemp(prefix="bench-multilingual-"))
        warehouse = build(CORPUS / "articles", work)
    for language, figures in score(warehouse, misses=args.misses).items():
        print(f"{language}: {figures['gold mentions']:>4} gold mentions, "
              f"found {figures['found']:.3f}, linked {figures['linked']:.3f}")  # fmt: skip
    print(f"warehouse: {warehouse}")


if __name__ == "__main__":
    main()
