"""How well the events mart finds, merges and dates happenings, against hand-made gold.

    python bench/events.py                      # the development corpus and the seeds
    python bench/events.py --corpus events      # one of them
    python bench/events.py --warehouse W.duckdb --gold G.yml   # score a warehouse already built

For each corpus the real pipeline (``python -m flows run``) builds a throwaway warehouse;
then every event row is mapped to gold through the sentences of its reports: a report
belongs to the gold happening whose evidence string one of its sentences contains.

Printed figures:
* B-cubed precision / recall / F1 over gold (article, happening) items: the system
  cluster of an item is the event row holding that article's report of the happening;
* row precision: share of event rows whose reports all belong to one gold happening;
* multi-report happenings held by exactly one row with all their articles, and rows
  spanning two happenings;
* date accuracy at precision (start, precision and any end date right) and status
  accuracy, over happenings found.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import duckdb
import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPORA = {
    "events": (
        ROOT / "tests" / "fixtures" / "events" / "articles",
        ROOT / "tests" / "fixtures" / "events" / "gold.yml",
    ),
    "seeds": (ROOT / "seeds", ROOT / "tests" / "fixtures" / "events" / "seeds_gold.yml"),
}


def build(corpus: Path, workdir: Path) -> Path:
    """Run the real pipeline on ``corpus`` into a warehouse under ``workdir``."""
    seeds = workdir / "seeds"
    shutil.copytree(corpus, seeds)
    warehouse = workdir / "warehouse" / "news.duckdb"
    env = {**os.environ, "NEWS_SEEDS_DIR": str(seeds), "NEWS_WAREHOUSE_PATH": str(warehouse), "NEWS_DOCS": "false"}
    done = subprocess.run([sys.executable, "-m", "flows", "run"], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"pipeline failed on {corpus}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return warehouse


Report = tuple[str, str, list[tuple[int, int, int]], str]  # file name, report_id, candidate offsets, body


def load_rows(warehouse: Path) -> tuple[dict[str, dict], dict[str, list[Report]]]:
    """events by id, and per event its reports: file name, id, (trigger, clause start, clause end) offsets, body."""
    con = duckdb.connect(str(warehouse), read_only=True)
    events = {
        r[0]: {
            "event_type": r[1],
            "event_date": r[2],
            "end_date": r[3],
            "date_precision": r[4],
            "status": r[5],
            "summary": r[6],
        }
        for r in con.execute(
            "select event_id, event_type, event_date, end_date, date_precision, event_status, summary from marts.events"
        ).fetchall()
    }
    rows = con.execute(
        """
        select ev.event_id, art.file_paths, rep.report_id,
               list((cand.trigger_start, cand.clause_start, cand.clause_end)), any_value(art.body)
        from intermediate.int_events_identified as ev
        join intermediate.int_events_clustered as cl on cl.cluster_id = ev.cluster_id
        join intermediate.int_event_reports_grouped as rep on rep.report_id = cl.report_id
        join staging.stg_news__event_candidates as cand on cand.report_id = rep.report_id
        join marts.articles as art on art.doc_id = rep.doc_id
        group by all
        """
    ).fetchall()
    con.close()
    reports: dict[str, list[Report]] = defaultdict(list)
    for event_id, paths, report_id, offsets, body in rows:
        reports[event_id].append(
            (
                Path(paths[0]).name,
                report_id,
                [tuple(o.values()) if isinstance(o, dict) else tuple(o) for o in offsets],
                body,
            )
        )
    return events, reports


def _label(report: Report, evidence: dict[str, list[tuple[str, str]]]) -> str | None:
    """The gold happening a report describes: the evidence span holding one of its triggers,
    else the one its clauses overlap most."""
    file, _id, offsets, body = report
    spans = []
    for text, happening in evidence.get(file, []):
        at = body.find(text)
        if at >= 0:
            spans.append((at, at + len(text), happening))
    votes: Counter[str] = Counter()
    for trigger, start, end in offsets:
        best, best_score = None, 0.0
        for s, e, happening in spans:
            value = 2.0 if s <= trigger < e else max(0, min(e, end) - max(s, start)) / (e - s)
            if value > best_score:
                best, best_score = happening, value
        if best is not None and best_score >= 0.5:
            votes[best] += 1
    return votes.most_common(1)[0][0] if votes else None


def score(warehouse: Path, gold_path: Path) -> dict[str, float]:
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    happenings = {h["id"]: h for h in gold["happenings"]}
    evidence: dict[str, list[tuple[str, str]]] = defaultdict(list)
    items: set[tuple[str, str]] = set()
    for article in gold["articles"]:
        for ev in article.get("events") or []:
            items.add((article["file"], ev["happening"]))
            for text in ev["evidence"]:
                evidence[article["file"]].append((text, ev["happening"]))
    events, reports = load_rows(warehouse)

    row_labels: dict[str, list[str | None]] = {}
    holders: dict[tuple[str, str], set[str]] = defaultdict(set)  # gold item → rows holding it
    for event_id in sorted(events):
        labels = []
        for report in reports.get(event_id, []):
            label = _label(report, evidence)
            labels.append(label)
            if label is not None:
                holders[(report[0], label)].add(event_id)
        row_labels[event_id] = labels
    # an item held by several rows (an article reporting one happening in two places) counts
    # in the row holding most of that happening: a fixed choice, so equal warehouses score equal
    system: dict[tuple[str, str], str] = {
        item: min(rows, key=lambda e: (-row_labels[e].count(item[1]), e)) for item, rows in holders.items()
    }

    # B-cubed over gold items; an item no row holds is a singleton of its own
    cluster_of = {item: system.get(item, f"missing:{item}") for item in items}
    by_gold: dict[str, set] = defaultdict(set)
    by_system: dict[str, set] = defaultdict(set)
    for item, cluster in cluster_of.items():
        by_gold[item[1]].add(item)
        by_system[cluster].add(item)
    precision = sum(len(by_gold[i[1]] & by_system[cluster_of[i]]) / len(by_system[cluster_of[i]]) for i in items) / len(
        items
    )
    recall = sum(len(by_gold[i[1]] & by_system[cluster_of[i]]) / len(by_gold[i[1]]) for i in items) / len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    pure = [
        e
        for e, labels in row_labels.items()
        if labels and all(lab is not None for lab in labels) and len(set(labels)) == 1
    ]
    spanning = [e for e, labels in row_labels.items() if len({lab for lab in labels if lab}) > 1]

    multi = {h: {f for f, hh in items if hh == h} for h in happenings}
    multi = {h: files for h, files in multi.items() if len(files) >= 2}
    whole = 0
    for h, files in multi.items():
        rows = {e for e, labels in row_labels.items() if h in labels}
        if len(rows) == 1 and {f for f, hh in system if hh == h and system[(f, hh)] in rows} == files:
            whole += 1

    found: dict[str, str] = {}  # happening → the pure row holding most of its reports
    for event_id in sorted(pure, key=lambda e: -len(row_labels[e])):
        found.setdefault(row_labels[event_id][0], event_id)
    date_ok = status_ok = dated = 0
    for h, event_id in found.items():
        want, got = happenings[h], events[event_id]
        status_ok += got["status"] == want.get("status")
        if want.get("date") is None:
            continue
        dated += 1
        start = str(want["date"])
        precision_want = want.get("precision", "day")
        same = got["event_date"] is not None and got["date_precision"] == precision_want
        if same and precision_want == "day":
            same = str(got["event_date"]) == start
        elif same and precision_want == "month":
            same = str(got["event_date"])[:7] == start[:7]
        elif same:
            same = str(got["event_date"])[:4] == start[:4]
        if same and want.get("end_date"):
            same = str(got["end_date"]) == str(want["end_date"])
        date_ok += same
    return {
        "articles": len({f for f, _ in items}),
        "gold happenings": len(happenings),
        "gold items": len(items),
        "  found in some row": len(system),
        "event rows": len(events),
        "b3 precision": precision,
        "b3 recall": recall,
        "b3 f1": f1,
        "row precision": len(pure) / len(events) if events else 0.0,
        "rows spanning 2+ happenings": len(spanning),
        "multi-report happenings": len(multi),
        "  held whole by one row": whole,
        "date accuracy": date_ok / dated if dated else 0.0,
        "status accuracy": status_ok / len(found) if found else 0.0,
        "happenings found": len(found),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", choices=sorted(CORPORA), action="append")
    parser.add_argument("--warehouse", type=Path, help="score this warehouse instead of building one")
    parser.add_argument("--gold", type=Path, help="gold file for --warehouse")
    parser.add_argument("--rows", action="store_true", help="also print every event row with its gold labels")
    args = parser.parse_args()
    if args.warehouse:
        runs = [("warehouse", args.warehouse, args.gold)]
    else:
        runs = []
        for name in args.corpus or ["events", "seeds"]:
            corpus, gold = CORPORA[name]
            work = Path(tempfile.mkdtemp(prefix=f"bench-events-{name}-"))
            runs.append((name, build(corpus, work), gold))
    for name, warehouse, gold in runs:
        print(f"== {name} ({gold.relative_to(ROOT) if gold.is_relative_to(ROOT) else gold})")
        for key, value in score(warehouse, gold).items():
            print(f"  {key:30s} {value:.3f}" if isinstance(value, float) else f"  {key:30s} {value}")
        if args.rows:
            print_rows(warehouse, gold)
        print(f"  warehouse: {warehouse}")


def print_rows(warehouse: Path, gold_path: Path) -> None:
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    evidence: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for article in gold["articles"]:
        for ev in article.get("events") or []:
            for text in ev["evidence"]:
                evidence[article["file"]].append((text, ev["happening"]))
    events, reports = load_rows(warehouse)
    for event_id, event in sorted(events.items(), key=lambda kv: (str(kv[1]["event_date"]), kv[0])):
        labels = [(r[0][:24], _label(r, evidence)) for r in reports.get(event_id, [])]
        print(
            f"  {event['event_type']:14s} {event['event_date']!s:10s} {event['status']:8s} {event['summary'][:60]:60s} {labels}"
        )


if __name__ == "__main__":
    main()
