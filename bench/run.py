"""Benchmark: a fresh warehouse from N generated files, a one-file top-up, bare NLP, queries.

    python bench/run.py --n 1000 [--out bench/out] [--processes 2]

Prints, for the full run: seconds and share per stage (discover, extract, normalise,
annotate, load, dbt), Prefect start-up, articles/s and words/s end to end, each worker
stage's CPU share (CPU seconds / wall seconds, reported by the workers) and each worker
process's CPU share over its life, and peak resident memory summed over every process
of the run (this one, the workers, Prefect's server); then the time to add one file to
that warehouse and an unchanged run through the CLI; then spaCy ``nlp.pipe`` alone over
the same texts, and the ratio full run / bare NLP; then the README's cookbook queries
(median of 5 runs each). Figures also go to ``<out>/n<N>/results.json``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
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


class ProcessSampler:
    """Samples this process and all its descendants every ``interval`` seconds: the peak of
    their summed RSS, and each process's CPU seconds and lifetime (for its CPU share).

    Summed RSS is what the machine has to hold at once; the per-process peaks of
    ``getrusage`` cannot say that (they may come at different moments).
    """

    def __init__(self, interval: float = 0.25) -> None:
        import psutil

        self.me = psutil.Process()
        self.interval = interval
        self.peak_total_mb = 0.0
        self.peak_parts: dict[str, float] = {}
        # pid -> (kind, CPU s since first seen, first seen, last seen). A process's CPU times
        # count from its start, so this one's would include the benchmark's own preparation
        # (generating files, reading them for the bare baseline) without the first reading.
        self.cpu: dict[int, tuple[str, float, float, float]] = {}
        self._cpu_at_first_sight: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    @staticmethod
    def kind(proc) -> str:
        try:
            cmd = " ".join(proc.cmdline())
        except Exception:
            return "other"
        if "resource_tracker" in cmd:
            return "other"
        if "multiprocessing" in cmd or "dask" in cmd or "distributed" in cmd:
            return "worker"
        if ("prefect" in cmd and "server" in cmd) or "uvicorn" in cmd:
            return "prefect server"
        return "other"

    def _loop(self) -> None:
        import psutil

        while not self._stop.is_set():
            now = time.perf_counter()
            parts: dict[str, float] = {}
            for proc in [self.me, *self.me.children(recursive=True)]:
                try:
                    with proc.oneshot():
                        rss = proc.memory_info().rss / 2**20
                        times = proc.cpu_times()
                except psutil.Error:
                    continue
                known = self.cpu.get(proc.pid)
                if proc.pid == self.me.pid:
                    kind = "flow process"
                elif known and known[0] != "other":  # a new process's command line may not be readable yet
                    kind = known[0]
                else:
                    kind = self.kind(proc)
                parts[kind] = parts.get(kind, 0.0) + rss
                first = self.cpu.get(proc.pid, (kind, 0.0, now, now))[2]
                spent = times.user + times.system
                # a child first seen now started after sampling began: all its CPU counts
                baseline = self._cpu_at_first_sight.setdefault(proc.pid, spent if proc.pid == self.me.pid else 0.0)
                self.cpu[proc.pid] = (kind, spent - baseline, first, now)
            total = sum(parts.values())
            if total > self.peak_total_mb:
                self.peak_total_mb, self.peak_parts = total, parts
            self._stop.wait(self.interval)

    def __enter__(self) -> ProcessSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop sampling (idempotent): the figures are those of what ran until now."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def cpu_by_kind(self) -> dict[str, float]:
        """CPU seconds spent by each kind of process while sampled (where the cores went)."""
        out: dict[str, float] = {}
        for kind, cpu, _, _ in self.cpu.values():
            out[kind] = out.get(kind, 0.0) + cpu
        return out

    def worker_shares(self) -> list[float]:
        """CPU seconds over seen lifetime of each worker process that lived over a second."""
        return [cpu / (last - first) for kind, cpu, first, last in self.cpu.values()
                if kind == "worker" and last - first > 1.0]  # fmt: skip


def unchanged_run_seconds(seeds: Path, warehouse: Path, work: Path) -> float:
    """A run through the CLI (as the schedule runs it) when nothing changed."""
    env = {**os.environ, "NEWS_SEEDS_DIR": str(seeds), "NEWS_WAREHOUSE_PATH": str(warehouse), "NEWS_DOCS": "false"}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "flows", "run"], env=env, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - started


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
    # The bare baseline runs first, in a process of its own: run here, the texts and the
    # model it held stayed in this process's memory and counted as the pipeline's.
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        bare, words = pool.submit(bare_nlp_seconds, seeds, settings.spacy_model, args.processes,
                                  settings.nlp_batch_size).result()  # fmt: skip
    print(f"bare spaCy nlp.pipe (n_process={args.processes}): {bare:.1f} s for {words:,} words")

    os.environ.update(
        NEWS_NLP_PROCESSES=str(args.processes),
        NEWS_DBT_TARGET_DIR=str(work / "target"),
        NEWS_DBT_LOG_DIR=str(work / "logs"),
    )
    from flows.pipeline import pipeline
    from flows.prefect_api import TemporaryServer, choose_api, prefect_api

    # The Prefect API as the CLI sets it up (flows/__main__.py): the environment's server, or a
    # temporary one whose address the task runner's worker processes inherit. A bare call of
    # the flow would let Prefect start an ephemeral server of its own, which the worker
    # processes cannot see: each of them then started a third and a fourth.
    choice = choose_api(dict(os.environ), settings.prefect_home)
    server = None
    started = time.perf_counter()
    with ProcessSampler() as sampler:
        if choice.url is None:
            server = TemporaryServer(settings.prefect_home, dict(os.environ), settings.prefect_startup_timeout)
            server.start()
        with prefect_api(choice, server):
            full = pipeline(seeds_dir=str(seeds), warehouse_path=str(warehouse), docs=False)
            full_wall = time.perf_counter() - started
            sampler.stop()

            generate(1, seeds, args.seed, start=args.n)
            started = time.perf_counter()
            top_up = pipeline(seeds_dir=str(seeds), warehouse_path=str(warehouse), docs=False)
            top_up_wall = time.perf_counter() - started
    unchanged = unchanged_run_seconds(seeds, warehouse, work)

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
    print(f"worker CPU share per stage: {', '.join(f'{k} {v:.0%}' for k, v in full.worker_utilisation.items())}"
          f" ({len(full.workers)} worker processes)")  # fmt: skip
    shares = sampler.worker_shares()
    print(f"worker processes' CPU share over their life: {', '.join(f'{v:.0%}' for v in shares)}")
    spent = ", ".join(f"{k} {v:,.1f}" for k, v in sorted(sampler.cpu_by_kind().items()))
    print(f"CPU seconds by process kind: {spent} (of {2 * full_wall:,.0f} core-seconds on 2 cores)")
    parts = ", ".join(f"{k} {v:,.0f}" for k, v in sorted(sampler.peak_parts.items()))
    print(f"peak RSS summed over all processes: {sampler.peak_total_mb:,.0f} MB ({parts})")
    print(f"\nadd 1 file: {top_up_wall:.1f} s = {100 * top_up_wall / full_wall:.1f}% of the full run "
          f"(stages: {', '.join(f'{k} {v:.1f}' for k, v in top_up.seconds.items())})")  # fmt: skip
    print(f"unchanged run through the CLI: {unchanged:.1f} s")
    print(f"bare NLP: {bare:.1f} s; full run / bare NLP = {full_wall / bare:.2f}")
    print("\nREADME queries (median of 5, ms):")
    for name, ms in queries:
        print(f"  {ms:7.1f}  {name}")

    results = {
        "n": args.n, "processes": args.processes, "full_wall_s": full_wall, "stages_s": stages,
        "articles_per_s": args.n / full_wall, "words_per_s": words / full_wall,
        "peak_rss_total_mb": sampler.peak_total_mb, "peak_rss_parts_mb": sampler.peak_parts,
        "worker_stage_cpu_share": full.worker_utilisation, "worker_process_cpu_share": shares,
        "worker_processes": len(full.workers), "cpu_s_by_process_kind": sampler.cpu_by_kind(), "add_one_file_s": top_up_wall, "unchanged_run_s": unchanged,
        "bare_nlp_s": bare,
        "ratio_full_to_bare": full_wall / bare, "queries_ms": dict(queries),
    }  # fmt: skip
    (work / "results.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
