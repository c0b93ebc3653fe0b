"""The annotate stage on Dask (prefect-dask DaskTaskRunner, a 2-worker LocalCluster) gives the same marts."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

from tests.conftest import SEEDS

# What a mart row is, without the columns that record when or by which run it was loaded.
MART_QUERIES = {
    "articles": "select * exclude (first_loaded_at) from marts.articles",
    "entities": "select * from marts.entities",
    "mentions": "select * from marts.mentions",
    "events": "select * from marts.events",
    "event_mentions": "select * from marts.event_mentions",
    "event_participants": "select * from marts.event_participants",
    "quotes": "select * from marts.quotes",
    "entity_cooccurrence": "select * from marts.entity_cooccurrence",
}


def marts(warehouse: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {name: sorted(map(repr, con.execute(sql).fetchall())) for name, sql in MART_QUERIES.items()}


def test_dask_runner_gives_the_same_marts_as_the_default_runner(prefect_harness, tmp_path):
    from flows.pipeline import pipeline

    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    os.environ["NEWS_DBT_TARGET_DIR"] = str(tmp_path / "target")
    os.environ["NEWS_FILES_PER_BATCH"] = "2"  # several batches, so both workers get work
    try:
        default = pipeline(seeds_dir=str(seeds), warehouse_path=str(tmp_path / "default" / "news.duckdb"), docs=False)
        os.environ["NEWS_TASK_RUNNER"] = "dask"
        os.environ["NEWS_DASK_WORKERS"] = "2"
        on_dask = pipeline(seeds_dir=str(seeds), warehouse_path=str(tmp_path / "dask" / "news.duckdb"), docs=False)
    finally:
        for key in ("NEWS_DBT_TARGET_DIR", "NEWS_FILES_PER_BATCH", "NEWS_TASK_RUNNER", "NEWS_DASK_WORKERS"):
            os.environ.pop(key, None)
    assert default.status == on_dask.status == "succeeded"
    assert on_dask.counts["documents"] == 5
    assert marts(tmp_path / "dask" / "news.duckdb") == marts(tmp_path / "default" / "news.duckdb")
    assert not (tmp_path / "dask" / ".parquet").exists() or not any((tmp_path / "dask" / ".parquet").rglob("*.parquet"))
