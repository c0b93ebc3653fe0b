"""The marts in a DuckLake catalog: the same rows as the warehouse file, one snapshot per
run, readers that never see half a run, and a failed publish that the next run repairs."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import duckdb
import pytest

from flows.lake import attach_lake
from tests.conftest import SEEDS, dbt_output_in, mart_rows

NEW_ARTICLE = """Lake Baikal film week opens in Irkutsk

IRKUTSK, June 3 -- A week of documentary films about Lake Baikal opened in Irkutsk on
Monday, the regional culture department said. Director Anna Sokolova presented the
first film to an audience of students.
"""


def lake(catalog: Path, data: Path | None) -> duckdb.DuckDBPyConnection:
    """A reader of the catalog, as another program on this machine would open it."""
    con = duckdb.connect(":memory:")
    attach_lake(con, str(catalog), str(data) if data else None, read_only=True)
    return con


def run(seeds: Path, warehouse: Path):
    from flows.pipeline import pipeline

    return pipeline(seeds_dir=str(seeds), warehouse_path=str(warehouse), docs=False)


@pytest.fixture
def lake_env(tmp_path, monkeypatch) -> tuple[Path, Path, Path, Path]:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    catalog, data = tmp_path / "lake" / "catalog.sqlite", tmp_path / "lake" / "files"
    monkeypatch.setenv("NEWS_DUCKLAKE_CATALOG", str(catalog))
    monkeypatch.setenv("NEWS_DUCKLAKE_DATA_PATH", str(data))
    return seeds, tmp_path / "warehouse" / "news.duckdb", catalog, data


def test_the_lake_holds_the_marts_of_the_file_and_readers_see_whole_runs(prefect_harness, lake_env, tmp_path):
    seeds, warehouse, catalog, data = lake_env
    with dbt_output_in(tmp_path):
        first = run(seeds, warehouse)
        assert first.status == "succeeded" and "ducklake" in first.seconds and not first.notes
        with duckdb.connect(str(warehouse), read_only=True) as con:
            file_marts = mart_rows(con)
        reader = lake(catalog, None)  # a reader need not know the data path: the catalog does
        assert mart_rows(reader, "lake.marts") == file_marts
        (snapshot,) = reader.execute("select max(snapshot_id) from ducklake_snapshots('lake')").fetchone()

        # a reader polling while the next run adds an article sees 5 articles, then 6, never a mix
        (seeds / "baikal.txt").write_text(NEW_ARTICLE, encoding="utf-8")
        seen, errors, stop = [], [], threading.Event()

        def poll() -> None:
            con = lake(catalog, data)
            while not stop.is_set():
                try:
                    seen.append(con.execute(
                        "select (select count(*) from lake.marts.articles), "
                        "(select count(distinct doc_id) from lake.marts.mentions where doc_id not in "
                        "(select doc_id from lake.marts.articles))").fetchone())  # fmt: skip
                except duckdb.Error as exc:
                    errors.append(str(exc))
            con.close()

        poller = threading.Thread(target=poll)
        poller.start()
        try:
            second = run(seeds, warehouse)
        finally:
            stop.set()
            poller.join()
        assert second.status == "succeeded"
        assert {articles for articles, _ in seen} <= {5, 6} and all(orphans == 0 for _, orphans in seen)
        assert not errors
        fresh = lake(catalog, data)
        assert fresh.execute("select count(*) from lake.marts.articles").fetchone() == (6,)
        # the first run's marts are still there, one snapshot back
        old = fresh.execute(f"select count(*) from lake.marts.articles at (version => {snapshot})").fetchone()
        assert old == (5,)


def test_a_failed_publish_is_a_note_and_the_next_run_publishes(prefect_harness, lake_env, tmp_path):
    seeds, warehouse, catalog, data = lake_env
    catalog.mkdir(parents=True)  # a folder where the catalog file should be: the lake cannot be opened
    with dbt_output_in(tmp_path):
        first = run(seeds, warehouse)
        assert first.status == "succeeded"
        assert any("DuckLake catalog not updated" in note for note in first.notes)
        catalog.rmdir()  # fixed: nothing else changed, yet the plan sees the lake behind
        from flows.plan import plan_run
        from flows.settings import Settings

        plan = plan_run(Settings.from_env(seeds_dir=seeds, warehouse_path=warehouse, docs=False))
        assert plan.lake_behind and not plan.nothing_to_do
        second = run(seeds, warehouse)
        assert second.status == "succeeded" and not any("DuckLake" in note for note in second.notes)
        assert "dbt_build" not in second.seconds  # the marts were current: only the publish ran
        with duckdb.connect(str(warehouse), read_only=True) as con:
            assert mart_rows(lake(catalog, data), "lake.marts") == mart_rows(con)
        third = plan_run(Settings.from_env(seeds_dir=seeds, warehouse_path=warehouse, docs=False))
        assert third.nothing_to_do
