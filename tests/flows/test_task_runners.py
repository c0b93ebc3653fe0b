"""One execution path, three task runners: the seeds' marts are the same whether batches are
prepared on a thread of the flow process, on Prefect's process pool, or on a 2-worker Dask
LocalCluster (prefect-dask)."""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import duckdb
import pytest

from tests.conftest import SEEDS, mart_rows


def marts(warehouse: Path) -> dict[str, list[str]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return mart_rows(con)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("runners") / "seeds"
    shutil.copytree(SEEDS, path)
    return path


def run_with(runner: str, seeds: Path, base: Path, monkeypatch) -> tuple[Path, object]:
    from flows.pipeline import pipeline

    monkeypatch.setenv("NEWS_DBT_TARGET_DIR", str(base / "target"))
    monkeypatch.setenv("NEWS_FILES_PER_BATCH", "2")  # several batches, so both workers get work
    monkeypatch.setenv("NEWS_BATCHES_PER_CONNECTION", "1")  # and the loader reopens the warehouse between them
    monkeypatch.setenv("NEWS_TASK_RUNNER", runner)
    monkeypatch.setenv("NEWS_NLP_PROCESSES", "2")
    monkeypatch.setenv("NEWS_DASK_WORKERS", "2")
    warehouse = base / runner / "news.duckdb"
    return warehouse, pipeline(seeds_dir=str(seeds), warehouse_path=str(warehouse), docs=False)


def test_every_task_runner_gives_the_same_marts(prefect_harness, seeds, tmp_path, monkeypatch):
    threads, on_threads = run_with("threads", seeds, tmp_path, monkeypatch)
    pool, on_pool = run_with("processes", seeds, tmp_path, monkeypatch)
    dask, on_dask = run_with("dask", seeds, tmp_path, monkeypatch)
    for summary in (on_threads, on_pool, on_dask):
        assert summary.status == "succeeded" and summary.counts["documents"] == 5
    # where the batches were prepared: this process, or two others
    here = {f"{socket.gethostname()}:{os.getpid()}"}
    assert set(on_threads.workers) == here
    for summary in (on_pool, on_dask):
        assert len(summary.workers) == 2 and not here & set(summary.workers)
    assert marts(pool) == marts(threads)
    assert marts(dask) == marts(threads)
    assert on_pool.worker_utilisation["annotate"] > 0


def test_the_default_runner_prepares_a_small_run_here_and_a_large_one_on_workers():
    from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

    from flows.batch import batch_task_runner
    from flows.settings import Settings

    settings = Settings(nlp_processes=2)
    assert isinstance(batch_task_runner(settings, 5), ThreadPoolTaskRunner)
    assert isinstance(batch_task_runner(settings, 500), ProcessPoolTaskRunner)
    assert isinstance(batch_task_runner(settings, None), ProcessPoolTaskRunner)  # a resumed run: count unknown
    assert isinstance(batch_task_runner(Settings(nlp_processes=1), 500), ThreadPoolTaskRunner)
    assert isinstance(batch_task_runner(settings.with_changes(task_runner="processes"), 5), ProcessPoolTaskRunner)


def test_a_batch_that_breaks_its_worker_stops_the_run_with_its_own_error_and_cancels_the_rest(
    prefect_harness, monkeypatch
):
    """A batch's error (a worker killed, the pool broken) stops the run; cancelling the batches
    still queued on the way out must not replace that error with one of its own."""
    import time

    from prefect import flow, task
    from prefect.task_runners import ThreadPoolTaskRunner

    import flows.batch
    from flows.batch import PreparedBatch, prepared_in_order

    started: list[int] = []

    @task
    def breaking_batch(files, changes, job) -> PreparedBatch:
        started.append(len(files))
        time.sleep(0.3)
        if len(started) == 1:
            raise RuntimeError("the worker running this batch died")
        return PreparedBatch(records=[])

    monkeypatch.setattr(flows.batch, "prepare_batch", breaking_batch)

    @flow(task_runner=ThreadPoolTaskRunner(max_workers=1))
    def loads_every_batch() -> int:
        return sum(1 for _ in prepared_in_order([[]] * 6, {}, None, in_flight=4))

    with pytest.raises(RuntimeError, match="worker running this batch died"):
        loads_every_batch()
    assert len(started) < 6  # the queued ones never ran


def test_cancel_reaches_the_future_a_prefect_future_wraps():
    import concurrent.futures
    import uuid

    from prefect.futures import PrefectConcurrentFuture

    from flows.batch import cancel

    queued: concurrent.futures.Future = concurrent.futures.Future()
    cancel(PrefectConcurrentFuture(uuid.uuid4(), queued))
    assert queued.cancelled()
    cancel(object())  # a future with nothing to cancel is left alone
