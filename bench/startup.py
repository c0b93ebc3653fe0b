"""Benchmark: the main job's fixed costs, quiet and under load, and how long a reader waits.

    python bench/startup.py [--repeat 2] [--out bench/out]

Measures, the way a user runs them (``make run``, a subprocess, wall time):

1. the seeds-only run into a new warehouse;
2. a re-run with nothing changed;
3. both again while two CPU-bound processes keep this machine's two cores busy;
4. a reader polling the published warehouse (open read-only, count the articles) every
   50 ms through a run that adds ten files: the longest single wait and the number of
   refusals.

Targets (issue "sure and quick"): seeds run <= 20 s quiet, unchanged run <= 5 s, no
failure under load, longest reader wait <= 1 s. Figures go to ``<out>/startup.json``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent


def burn(stop: multiprocessing.synchronize.Event) -> None:  # type: ignore[name-defined]
    """A CPU-bound process: arithmetic until told to stop."""
    x = 0
    while not stop.is_set():
        for i in range(200_000):
            x = (x * 31 + i) % 1_000_003


class Load:
    """Two CPU-bound processes for the duration of a ``with`` block."""

    def __enter__(self) -> Load:
        self.stop = multiprocessing.Event()
        self.procs = [multiprocessing.Process(target=burn, args=(self.stop,), daemon=True) for _ in range(2)]
        for p in self.procs:
            p.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for p in self.procs:
            p.join(timeout=10)
            if p.is_alive():
                p.kill()


def make_run(warehouse: Path, seeds: Path, work: Path) -> tuple[float, int, str]:
    """``make run`` against ``warehouse``/``seeds``: (seconds, exit code, last output lines)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWS_")}
    env.update(NEWS_WAREHOUSE_PATH=str(warehouse), NEWS_SEEDS_DIR=str(seeds),
               NEWS_DBT_TARGET_DIR=str(work / "target"), NEWS_DBT_LOG_DIR=str(work / "logs"))  # fmt: skip
    started = time.perf_counter()
    done = subprocess.run(["make", "--no-print-directory", "run"], cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-6:])
    return seconds, done.returncode, tail


def seeds_copy(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for src in (ROOT / "seeds").glob("*.txt"):
        shutil.copy(src, folder / src.name)
    return folder


def add_variants(folder: Path, n: int) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for i in range(n):
        (folder / f"variant {i:03d}.txt").write_text(
            texts[i % len(texts)] + f"\n\nThis is follow-up number {i} in the benchmark.\n", encoding="utf-8"
        )


def fixed_costs(work: Path, loaded: bool) -> dict[str, object]:
    seeds = seeds_copy(work / "seeds")
    warehouse = work / "warehouse" / "news.duckdb"
    first = make_run(warehouse, seeds, work)
    again = make_run(warehouse, seeds, work)
    return {
        "load": "two CPU-bound processes" if loaded else "quiet",
        "seeds_run_s": round(first[0], 1),
        "seeds_run_ok": first[1] == 0,
        "unchanged_run_s": round(again[0], 1),
        "unchanged_run_ok": again[1] == 0,
        "unchanged_said": again[2].splitlines()[-1] if again[2] else "",
        "failure": None if first[1] == 0 and again[1] == 0 else first[2] + "\n" + again[2],
    }


def reader_waits(work: Path) -> dict[str, object]:
    seeds = seeds_copy(work / "seeds")
    warehouse = work / "warehouse" / "news.duckdb"
    make_run(warehouse, seeds, work)
    add_variants(seeds, 10)
    waits: list[float] = []
    refused: list[str] = []
    answers: set[int] = set()
    finished = threading.Event()

    def poll() -> None:
        while not finished.is_set():
            started = time.perf_counter()
            try:
                with duckdb.connect(str(warehouse), read_only=True) as con:
                    answers.add(con.execute("select count(*) from marts.articles").fetchone()[0])
            except duckdb.Error as exc:
                refused.append(str(exc)[:200])
            waits.append(time.perf_counter() - started)
            time.sleep(0.05)

    reader = threading.Thread(target=poll)
    reader.start()
    seconds, code, _ = make_run(warehouse, seeds, work)
    finished.set()
    reader.join()
    return {
        "run_s": round(seconds, 1),
        "run_ok": code == 0,
        "reads": len(waits),
        "refused": len(refused),
        "longest_wait_s": round(max(waits), 3) if waits else None,
        "median_wait_s": round(statistics.median(waits), 3) if waits else None,
        "answers_seen": sorted(answers),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args(argv)
    results: dict[str, object] = {"runs": []}
    with tempfile.TemporaryDirectory(prefix="startup-bench-") as tmp:
        for loaded in (False, True):
            for k in range(args.repeat):
                work = Path(tmp) / f"{'load' if loaded else 'quiet'}-{k}"
                if loaded:
                    with Load():
                        row = fixed_costs(work, loaded)
                else:
                    row = fixed_costs(work, loaded)
                results["runs"].append(row)  # type: ignore[union-attr]
                print(json.dumps(row), flush=True)
        results["reader"] = reader_waits(Path(tmp) / "reader")
        print(json.dumps({"reader": results["reader"]}), flush=True)
    rows = results["runs"]  # type: ignore[assignment]
    for load in ("quiet", "two CPU-bound processes"):
        mine = [r for r in rows if r["load"] == load]
        print(
            f"{load:>24}: seeds run {statistics.median(r['seeds_run_s'] for r in mine):5.1f} s (median of {len(mine)}), "
            f"unchanged run {statistics.median(r['unchanged_run_s'] for r in mine):4.1f} s, "
            f"failures {sum(1 for r in mine if r['failure'])}"
        )
    reader = results["reader"]
    print(f"{'reader during a run':>24}: {reader['reads']} reads, {reader['refused']} refused, "  # type: ignore[index]
          f"longest wait {reader['longest_wait_s']} s, median {reader['median_wait_s']} s")  # type: ignore[index]  # fmt: skip
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "startup.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
