"""``pipeline`` flow: ingest, then transform, under the warehouse's run lock.

The parent flow owns the run: it takes the lock (one writer per warehouse file),
records the run in ``raw.runs`` so status works without a Prefect server, runs the two
child flows, and ends with a summary that is printed and saved as an artifact.
"""

from __future__ import annotations

import time
import uuid

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact
from prefect.runtime import flow_run
from prefect.task_runners import ThreadPoolTaskRunner

from flows.ingest import ingest
from flows.load import Warehouse
from flows.lock import run_lock
from flows.settings import Settings
from flows.summary import MARTS, RunSummary, render_markdown, render_text
from flows.transform import DbtFailedError, transform


def _run_id() -> str:
    return str(flow_run.get_id() or uuid.uuid4())


def task_runner(settings: Settings):
    """The ingest flow's task runner: threads by default, Dask when NEWS_TASK_RUNNER=dask."""
    if settings.task_runner != "dask":
        return ThreadPoolTaskRunner()
    from prefect_dask import DaskTaskRunner

    if settings.dask_address:
        return DaskTaskRunner(address=settings.dask_address)
    return DaskTaskRunner(
        cluster_kwargs={
            "n_workers": settings.dask_workers,
            "threads_per_worker": 1,
            "processes": True,
            "dashboard_address": None,
        }
    )


def mart_row_counts(warehouse: Warehouse) -> dict[str, int]:
    counts = {}
    for mart in MARTS:
        try:
            counts[mart] = warehouse.con.execute(f"select count(*) from marts.{mart}").fetchone()[0]
        except Exception:  # a mart missing after a failed build counts as empty
            counts[mart] = 0
    return counts


def run_pipeline(settings: Settings, wait_seconds: float = 0.0) -> RunSummary:
    """The body of the ``pipeline`` flow, callable with explicit settings."""
    logger = get_run_logger()
    run_id = _run_id()
    with run_lock(settings.lock_path, run_id, wait_seconds=wait_seconds):
        with Warehouse.for_settings(settings) as wh:
            interrupted = wh.mark_interrupted_runs()
            wh.start_run(run_id, settings.spacy_model)
        if interrupted:
            logger.warning("%d earlier run(s) had been interrupted; their unfinished work is redone now", interrupted)
        try:
            ingested = ingest.with_options(task_runner=task_runner(settings))(settings, run_id)
            outcome = transform(settings)
        except BaseException as exc:
            with Warehouse.for_settings(settings) as wh:
                wh.finish_run(run_id, "failed", {}, {}, error=f"{type(exc).__name__}: {exc}")
            raise
        seconds = {k: round(v, 3) for k, v in ingested.seconds.items()} | {
            k: round(v, 3) for k, v in outcome.seconds.items()
        }
        with Warehouse.for_settings(settings) as wh:
            rows = mart_row_counts(wh)
            status = "succeeded" if outcome.success else "failed"
            error = "; ".join(outcome.failures) or None
            wh.finish_run(run_id, status, dict(ingested.counts), seconds, rows, error)
    summary = RunSummary(run_id, status, dict(ingested.counts), seconds, rows, ingested.failures,
                         outcome.failures, str(settings.warehouse_path))  # fmt: skip
    print(render_text(summary))
    try:
        create_markdown_artifact(
            key="pipeline-summary", markdown=render_markdown(summary), description="Pipeline run summary"
        )
    except Exception as exc:  # the artifact is a copy of the summary; never fail a finished run over it
        logger.warning("could not save the summary artifact: %s", exc)
    if not outcome.success:
        raise DbtFailedError("dbt failed: " + "; ".join(outcome.failures))
    return summary


@flow(name="pipeline", log_prints=True)
def pipeline(
    seeds_dir: str | None = None,
    warehouse_path: str | None = None,
    docs: bool | None = None,
    wait_seconds: float = 0.0,
) -> RunSummary:
    """Ingest new and changed files from the seeds folder, then rebuild the dbt marts.

    Parameters override the ``NEWS_*`` environment settings; the scheduled deployment
    passes none and uses the environment.
    """
    started = time.perf_counter()
    settings = Settings.from_env(seeds_dir=seeds_dir, warehouse_path=warehouse_path, docs=docs)
    summary = run_pipeline(settings, wait_seconds=wait_seconds)
    get_run_logger().info("pipeline finished in %.1f s", time.perf_counter() - started)
    return summary
