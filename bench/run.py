"""Benchmark: a fresh warehouse from N generated files, a one-file top-up, bare NLP, queries.

    python bench/run.py --n 1000 [--out bench/out] [--processes 2]

Prints, for the full run: seconds and share per stage (discover, extract, normalise,
annotate, load, dbt), Prefect start-up, articles/s and words/s end to end, and peak
resident memory; then the time to add one file to that warehouse; then spaCy
``nlp.pipe`` alone over the same texts in this process, and the ratio full run / bare
NLP; then the README's cookbook queries (median of 5 runs each). Figures also go to
``<out>/n<N>/results.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

from bench.generate import generate  # noqa: E402
from flows.extract.html import extract_html  # noqa: E402
from flows.extract.text import extract_text  # noqa: E402
from flows.normalise.document import normalise  # noqa: E402
from flows.normalise.encoding import decode_bytes  # noqa: E402
from flows.settings import Settings  # noqa: E402


def peak_mb() -> tuple[float, float]:
    """Peak RSS of this process and of its largest child process (MB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, child


def bodies(seeds: Path):
    """The normalised bodies of the generated files, one at a time (untimed preparation)."""
    for path in sorted(seeds.iterdir()):
        decoded = decode_bytes(path.read_bytes())
        extracted = extract_html(decoded.text) if path.suffix == ".html" else extract_text(decoded.text)
        yield normalise(extracted).body


def bare_nlp_seconds(seeds: Path, model: str, processes: int, batch_size: int) -> tuple[float, int]:
    import spacy

    texts = list(bodies(seeds))
    nlp = spacy.load(model)
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=processes):
        pass
    return time.perf_counter() - started, sum(len(t.split()) for t in texts)


def readme_queries() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## SQL cookbook", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, re.S)


def time_queries(warehouse: Path) -> list[tuple[str, float]]:
    import duckdb

    out = []
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for sql in readme_queries():
            runs = []
            for _ in range(5):
                started = time.perf_counter()
                con.execute(sql).fetchall()
                runs.append(time.perf_counter() - started)
            first = next(line for line in sql.splitlines() if line.strip())
            out.append((first.strip()[:60], statistics.median(runs) * 1000))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--processes", type=int, default=Settings().nlp_processes)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    work = args.out / f"n{args.n}"
    shutil.rmtree(work, ignore_errors=True)
    seeds, warehouse = work / "seeds", work / "warehouse" / "news.duckdb"
    started = time.perf_counter()
    generate(args.n, seeds, args.seed)
    print(f"generated {args.n} files in {time.perf_counter() - started:.1f} s ({seeds})")

    settings = Settings.from_env()
    # the bare baseline runs first, before Prefect starts threads in this process
    bare, words = bare_nlp_seconds(seeds, settings.spacy_model, args.processes, settings.nlp_batch_size)
    print(f"bare spaCy nlp.pipe (n_process={args.processes}): {bare:.1f} s for {words:,} words")

    os.environ.update(
        NEWS_NLP_PROCESSES=str(args.processes),
        NEWS_DBT_TARGET_DIR=str(work / "target"),
        NEWS_DBT_LOG_DIR=str(work / "logs"),
    )
    from flows.pipeline import pipeline

    started = time.perf_counter()
    full = pipeline(seeds_dir=str(seeds), warehouse_path=str(warehouse), docs=False)
    full_wall = time.perf_counter() - started
    own_peak, child_peak = peak_mb()

    generate(1, seeds, args.seed, start=args.n)
    started = time.perf_counter()
    top_up = pipeline(seeds_dir=str(seeds), warehouse_path=str(warehouse), docs=False)
    top_up_wall = time.perf_counter() - started

    queries = time_queries(warehouse)

    stages = dict(full.seconds)
    stages["dbt"] = stages.pop("dbt_build", 0.0) + stages.pop("dbt_docs", 0.0)
    staged = sum(stages.values())
    stages["prefect and other"] = max(0.0, full_wall - staged)
    print(f"\nfull run: {args.n} files, {full.counts.get('documents', 0)} documents, {full_wall:.1f} s wall")
    print(f"{'stage':20} {'seconds':>9} {'share':>7}")
    for name in ("discover", "extract", "normalise", "annotate", "load", "dbt", "prefect and other"):
        print(f"{name:20} {stages.get(name, 0.0):9.1f} {100 * stages.get(name, 0.0) / full_wall:6.1f}%")
    print(f"articles/s {args.n / full_wall:.1f}   words/s {words / full_wall:,.0f}")
    print(f"peak RSS: pipeline process {own_peak:,.0f} MB, largest child process {child_peak:,.0f} MB")
    print(f"\nadd 1 file: {top_up_wall:.1f} s = {100 * top_up_wall / full_wall:.1f}% of the full run "
          f"(stages: {', '.join(f'{k} {v:.1f}' for k, v in top_up.seconds.items())})")  # fmt: skip
    print(f"bare NLP: {bare:.1f} s; full run / bare NLP = {full_wall / bare:.2f}")
    print("\nREADME queries (median of 5, ms):")
    for name, ms in queries:
        print(f"  {ms:7.1f}  {name}")

    results = {
        "n": args.n, "processes": args.processes, "full_wall_s": full_wall, "stages_s": stages,
        "articles_per_s": args.n / full_wall, "words_per_s": words / full_wall, "peak_rss_mb": own_peak,
        "peak_child_rss_mb": child_peak, "add_one_file_s": top_up_wall, "bare_nlp_s": bare,
        "ratio_full_to_bare": full_wall / bare, "queries_ms": dict(queries),
    }  # fmt: skip
    (work / "results.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
