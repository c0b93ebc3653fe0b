"""Crash safety, overlapping runs, readers during a run, and dbt failures."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from flows.lock import RunInProgressError, run_lock
from flows.settings import Settings
from tests.conftest import ROOT, SEEDS, seed_text


def variant_folder(folder: Path, n: int) -> None:
    """n distinct articles made from the seeds (a numbered sentence makes each body unique)."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = [seed_text(p) for p in ("000", "001", "002", "003", "004")]
    for i in range(n):
        lines = texts[i % 5].split("\n")
        first_paragraph = [k for k, line in enumerate(lines) if len(line) > 150][1]
        lines.insert(first_paragraph + 1, f"This is follow-up report number {i} on the story.")
        (folder / f"article {i:03d}.txt").write_text("\n".join(lines), encoding="utf-8")


def subprocess_env(tmp: Path, seeds: Path, warehouse: Path, api_url: str | None = None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "NEWS_"))}
    env.update(
        PREFECT_HOME=str(tmp / "prefect"),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        NEWS_SEEDS_DIR=str(seeds),
        NEWS_WAREHOUSE_PATH=str(warehouse),
        NEWS_DBT_TARGET_DIR=str(tmp / "target"),
        NEWS_DBT_LOG_DIR=str(tmp / "logs"),
        NEWS_DOCS="false",
        **extra,
    )
    if api_url:  # the session's server: a subprocess run then starts none of its own
        env["PREFECT_API_URL"] = api_url
    return env


def copy_seeds(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for src in SEEDS.glob("*.txt"):
        shutil.copy(src, folder / src.name)


def test_sigkill_mid_load_leaves_the_published_warehouse_intact_and_the_next_run_resumes(prefect_harness, tmp_path):
    from flows.pipeline import pipeline
    from flows.publish import BuildFile

    seeds, warehouse = tmp_path / "seeds", tmp_path / "w" / "news.duckdb"
    copy_seeds(seeds)
    pipeline(seeds_dir=str(seeds), warehouse_path=str(warehouse), docs=False)
    variant_folder(seeds, 40)
    env = subprocess_env(tmp_path, seeds, warehouse, prefect_harness, NEWS_FILES_PER_BATCH="4")
    proc = subprocess.Popen(
        [sys.executable, "-m", "flows", "run", "--no-docs"], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )  # fmt: skip
    seen = []
    deadline = time.monotonic() + 400
    for line in proc.stdout:
        seen.append(line)
        if "processed 12/40" in line:
            os.killpg(proc.pid, signal.SIGKILL)  # in the middle of loading, no clean-up allowed
            break
        assert time.monotonic() < deadline, "".join(seen[-20:])
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "".join(seen[-20:])

    with duckdb.connect(str(warehouse), read_only=True) as con:  # readers still see the last published state
        assert con.execute("select count(*) from raw.files").fetchone()[0] == 5
        assert con.execute("select count(*) from marts.articles").fetchone()[0] == 5
    build = BuildFile(warehouse)
    assert build.resumable()
    with duckdb.connect(str(build.path), read_only=True) as con:
        loaded = con.execute("select count(*) from raw.files where status = 'loaded'").fetchone()[0] - 5
        docs_without_sentences = con.execute(
            "select count(*) from raw.documents d where not exists (select 1 from raw.sentences s where s.doc_id = d.doc_id)"
        ).fetchone()[0]
    assert 12 <= loaded < 40  # whole batches only, kept for the next run
    assert docs_without_sentences == 0  # no half-loaded document

    summary = pipeline(seeds_dir=str(seeds), warehouse_path=str(warehouse), docs=False)
    assert summary.status == "succeeded" and summary.counts["new"] == 40 - loaded
    assert not build.path.exists()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute(
            "select count(*), count(distinct path) from raw.files where status = 'loaded'"
        ).fetchone() == (45, 45)
        assert con.execute("select count(*) from raw.documents").fetchone()[0] == 45
        assert con.execute("select count(*) from marts.articles where article_status = 'current'").fetchone()[0] == 45
        statuses = [r[0] for r in con.execute("select status from raw.runs order by started_at").fetchall()]
    assert statuses == ["succeeded", "interrupted", "succeeded"]


def test_a_reader_polling_during_a_run_is_never_refused_nor_kept_waiting(prefect_harness, tmp_path):
    from flows.pipeline import pipeline

    seeds, warehouse = tmp_path / "seeds", tmp_path / "news.duckdb"
    copy_seeds(seeds)
    pipeline(seeds_dir=str(seeds), warehouse_path=str(warehouse), docs=False)
    variant_folder(seeds, 6)
    proc = subprocess.Popen(
        [sys.executable, "-m", "flows", "run", "--no-docs"], cwd=ROOT,
        env=subprocess_env(tmp_path, seeds, warehouse, prefect_harness),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    waits, answers = [], set()
    deadline = time.monotonic() + 400
    while proc.poll() is None:
        assert time.monotonic() < deadline, "the run did not finish"
        started = time.monotonic()
        with duckdb.connect(str(warehouse), read_only=True) as con:  # raises if the file were locked
            answers.add(con.execute("select count(*) from marts.articles").fetchone()[0])
        waits.append(time.monotonic() - started)
        time.sleep(0.05)
    output = proc.stdout.read()
    assert proc.returncode == 0, output[-3000:]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        answers.add(con.execute("select count(*) from marts.articles").fetchone()[0])
    assert len(waits) > 20  # the reader really polled through the run
    assert max(waits) < 1.0
    assert answers == {5, 11}  # the old state, then the new one: never a half-built one


def test_second_run_while_one_holds_the_warehouse_exits_naming_it(prefect_harness, tmp_path):
    from flows.pipeline import pipeline

    settings = Settings.from_env(seeds_dir=SEEDS, warehouse_path=tmp_path / "news.duckdb")
    with run_lock(settings.lock_path, "run-in-progress-42"):
        with pytest.raises(RunInProgressError, match="run-in-progress-42"):
            pipeline(seeds_dir=str(SEEDS), warehouse_path=str(settings.warehouse_path), docs=False)
        started = time.monotonic()
        cli = subprocess.run(
            [sys.executable, "-m", "flows", "run"], cwd=ROOT, capture_output=True, text=True, timeout=60,
            env=subprocess_env(tmp_path, SEEDS, settings.warehouse_path, prefect_harness),
        )  # fmt: skip
        assert cli.returncode == 3 and "run-in-progress-42" in cli.stderr
        assert time.monotonic() - started < 30  # refused before starting Prefect
    assert not settings.warehouse_path.exists()  # the refused runs never touched the file


def test_reader_during_a_write_gets_a_clear_message_not_a_hang(tmp_path):
    warehouse = tmp_path / "news.duckdb"
    writer = duckdb.connect(str(warehouse))  # a run holding the file for writing
    try:
        writer.execute("create table t as select 1 as x")
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "flows", "query", "select 1", "--warehouse", str(warehouse)],
            cwd=ROOT, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert result.returncode != 0
        assert "held open for writing by another program" in (result.stderr + result.stdout)
        assert time.monotonic() - started < 60
    finally:
        writer.close()


def test_dbt_failure_fails_the_run_names_the_test_and_keeps_raw_tables(prefect_harness, tmp_path):
    from flows.pipeline import pipeline
    from flows.transform import DbtFailedError

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (src,) = SEEDS.glob("003_*.txt")
    shutil.copy(src, seeds / src.name)
    warehouse = tmp_path / "news.duckdb"
    os.environ["NEWS_DBT_TARGET_DIR"] = str(tmp_path / "target")
    try:
        pipeline(seeds_dir=str(seeds), warehouse_path=str(warehouse), docs=False)
        with duckdb.connect(str(warehouse)) as con:  # corrupt one mention's offsets
            con.execute(
                "update raw.entity_mentions set char_end = char_end + 1 where char_start = (select min(char_start) from raw.entity_mentions)"
            )
            before = con.execute("select count(*) from raw.entity_mentions").fetchone()[0]
        (other,) = SEEDS.glob("004_*.txt")
        shutil.copy(other, seeds / other.name)  # new work, so the run builds (and meets the corrupt row)
        with pytest.raises(DbtFailedError, match="assert_mentions_slice_article_body"):
            pipeline(seeds_dir=str(seeds), warehouse_path=str(warehouse), docs=False)
    finally:
        os.environ.pop("NEWS_DBT_TARGET_DIR", None)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        status, error = con.execute("select status, error from raw.runs order by started_at desc limit 1").fetchone()
        after = con.execute("select count(*) from raw.entity_mentions").fetchone()[0]
    assert status == "failed" and "assert_mentions_slice_article_body" in error
    assert after > before  # the raw rows stay, the new file's with them
