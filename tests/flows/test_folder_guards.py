"""What the main job does with a missing, emptied or unchanged seeds folder, and odd queries.

Deletion is never inferred from nothing; a run with nothing to do says so in seconds
without starting Prefect; empty queries get one line, not a traceback.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from flows.discover import SeedsFolderMissingError
from flows.publish import BuildFile, file_identity
from tests.conftest import ROOT, SEEDS


def cli(args: list[str], tmp: Path, seeds: Path, warehouse: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "NEWS_"))}
    env.update(PREFECT_HOME=str(tmp / "prefect-home"), NEWS_SEEDS_DIR=str(seeds), NEWS_WAREHOUSE_PATH=str(warehouse),
               NEWS_DBT_TARGET_DIR=str(tmp / "target"), NEWS_DBT_LOG_DIR=str(tmp / "logs"), NEWS_DOCS="false")  # fmt: skip
    return subprocess.run([sys.executable, "-m", "flows", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout)  # fmt: skip


@pytest.fixture(scope="module")
def published(prefect_harness, tmp_path_factory):
    """A warehouse built from the five seeds, and its folder."""
    from flows.pipeline import pipeline

    base = tmp_path_factory.mktemp("guards")
    seeds = base / "seeds"
    seeds.mkdir()
    for src in SEEDS.glob("*.txt"):
        shutil.copy(src, seeds / src.name)
    warehouse = base / "news.duckdb"
    os.environ["NEWS_DBT_TARGET_DIR"] = str(base / "target")
    try:
        pipeline(seeds_dir=str(seeds), warehouse_path=str(warehouse), docs=False)
    finally:
        os.environ.pop("NEWS_DBT_TARGET_DIR", None)
    return base, seeds, warehouse


def current_articles(warehouse: Path) -> int:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("select count(*) from marts.articles where article_status = 'current'").fetchone()[0]


def test_a_missing_seeds_folder_exits_non_zero_and_changes_nothing(published, prefect_harness):
    from flows.pipeline import pipeline

    base, _, warehouse = published
    before = file_identity(warehouse)
    result = cli(["run", "--seeds", str(base / "no such dir")], base, base / "no such dir", warehouse)
    assert result.returncode == 2
    assert "does not exist" in result.stderr and "nothing was changed" in result.stderr
    with pytest.raises(SeedsFolderMissingError):
        pipeline(seeds_dir=str(base / "no such dir"), warehouse_path=str(warehouse), docs=False)
    assert file_identity(warehouse) == before and not BuildFile(warehouse).path.exists()
    assert current_articles(warehouse) == 5


def test_an_emptied_folder_removes_nothing_unless_asked(published, tmp_path):
    from flows.pipeline import pipeline

    *_, warehouse = published
    shutil.copy(warehouse, tmp_path / "news.duckdb")  # this test's own copy: the others keep theirs
    warehouse = tmp_path / "news.duckdb"
    empty = tmp_path / "empty seeds"
    empty.mkdir()
    os.environ["NEWS_DBT_TARGET_DIR"] = str(tmp_path / "target")
    try:
        held = pipeline(seeds_dir=str(empty), warehouse_path=str(warehouse), docs=False)
        assert held.counts["deleted"] == 0
        assert any("none was marked removed" in note and "--allow-remove-all" in note for note in held.notes)
        assert current_articles(warehouse) == 5
        removed = pipeline(seeds_dir=str(empty), warehouse_path=str(warehouse), docs=False, allow_remove_all=True)
    finally:
        os.environ.pop("NEWS_DBT_TARGET_DIR", None)
    assert removed.counts["deleted"] == 5
    assert current_articles(warehouse) == 0


def test_an_unchanged_folder_says_nothing_to_do_without_starting_prefect(published):
    base, seeds, warehouse = published
    before = file_identity(warehouse)
    started = time.monotonic()
    result = cli(["run"], base, seeds, warehouse)
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert "nothing to do" in result.stdout and "skipped" in result.stdout
    assert not (base / "prefect-home" / "temporary-server.log").exists()  # Prefect was never started
    assert file_identity(warehouse) == before
    assert elapsed < 60  # generous for a loaded machine; bench/ measures the real figure


def test_a_warehouse_held_open_for_writing_is_named_not_a_traceback(published, tmp_path):
    _, seeds, warehouse = published
    shutil.copy(warehouse, tmp_path / "news.duckdb")
    holder = duckdb.connect(str(tmp_path / "news.duckdb"))  # another program, read-write
    try:
        result = cli(["run"], tmp_path, seeds, tmp_path / "news.duckdb", timeout=120)
    finally:
        holder.close()
    assert result.returncode == 1
    assert "held open for writing by another program" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("sql", ["", "   ", "-- just a comment", "/* block */ ;", "-- a\n-- b\n;"])
def test_empty_or_comment_only_queries_get_one_line(published, sql):
    base, seeds, warehouse = published
    result = cli(["query", sql, "--warehouse", str(warehouse)], base, seeds, warehouse, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip() == "nothing to run: the query is empty or holds only comments"
    assert result.stdout == ""


def test_status_says_when_a_run_is_in_progress(published):
    from flows.lock import run_lock

    base, seeds, warehouse = published
    with run_lock(warehouse.with_name(warehouse.name + ".lock"), "run-in-progress-7"):
        result = cli(["status", "--warehouse", str(warehouse)], base, seeds, warehouse, timeout=120)
    assert result.returncode == 0
    assert "a run is in progress" in result.stdout and "run-in-progress-7" in result.stdout


def test_a_reader_that_stops_reading_gets_no_traceback(published):
    *_, warehouse = published
    proc = subprocess.Popen([sys.executable, "-m", "flows", "query", "select * from range(300000)", "--warehouse",
                             str(warehouse)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    _, err = proc.communicate(timeout=120)
    assert b"Traceback" not in err and proc.returncode == 0
