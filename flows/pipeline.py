"""``pipeline`` flow: ingest, then transform, under the warehouse's run lock.

The parent flow owns the run: it takes the lock (one writer per warehouse file),
records the run in ``raw.runs`` so status works without a Prefect server, runs the two
child flows, and ends with a summary that is printed and saved as an artifact.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb
from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact
from prefect.runtime import flow_run

from flows.batch import batch_task_runner
from flows.ingest import ingest
from flows.load import Warehouse, failing_files
from flows.lock import run_lock
from flows.plan import held_message, open_published, plan_run
from flows.publish import BuildFile
from flows.settings import Settings
from flows.summary import MARTS, RunSummary, annotation_notes, render_markdown, render_text
from flows.transform import DbtFailedError, DbtOutcome, transform


def _run_id() -> str:
    return str(flow_run.get_id() or uuid.uuid4())


def mart_row_counts(warehouse: Warehouse) -> dict[str, int]:
    counts = {}
    for mart in MARTS:
        try:
            counts[mart] = warehouse.con.execute(f"select count(*) from marts.{mart}").fetchone()[0]
        except Exception:  # a mart missing after a failed build counts as empty
            counts[mart] = 0
    return counts


def _report(summary: RunSummary) -> None:
    print(render_text(summary))
    try:
        create_markdown_artifact(
            key="pipeline-summary", markdown=render_markdown(summary), description="Pipeline run summary"
        )
    except Exception as exc:  # the artifact is a copy of the summary; never fail a finished run over it
        get_run_logger().warning("could not save the summary artifact: %s", exc)


def run_pipeline(settings: Settings, wait_seconds: float = 0.0) -> RunSummary:
    """The body of the ``pipeline`` flow, callable with explicit settings.

    Under the run lock: plan (read-only), then write into the build file (flows/publish.py),
    then publish it. A reader of the published warehouse never waits on any of it.
    """
    logger = get_run_logger()
    run_id = _run_id()
    with run_lock(settings.lock_path, run_id, wait_seconds=wait_seconds):
        plan = plan_run(settings)
        if plan.nothing_to_do:
            logger.info("%s", plan.describe())
            with _published_reader(settings) as con:
                failing = failing_files(con) if con is not None else []
            notes = [plan.describe()]
            briefing = ""
            if settings.briefing and not settings.briefing_path.exists() and settings.warehouse_path.exists():
                briefing, _, problem = write_briefing_safely(settings)  # the marts are there, the page is not
                notes += [problem] if problem else []
            summary = RunSummary(run_id, "skipped", plan.discovery.counts() if plan.discovery else {}, {},
                                 failing=failing, warehouse=str(settings.warehouse_path), notes=notes,
                                 briefing=briefing)  # fmt: skip
            _report(summary)
            return summary
        build = BuildFile(settings.warehouse_path)
        prepared = build.prepare()
        work = settings.with_changes(warehouse_path=build.path)
        with Warehouse.for_settings(work) as wh:
            interrupted = wh.mark_interrupted_runs()
            wh.record_abandoned_runs(prepared.abandoned_runs)
            wh.start_run(run_id, settings.spacy_model)
        if prepared.resumed:
            logger.warning("resuming the committed work of an interrupted run (%d run(s) marked interrupted)",
                           interrupted)  # fmt: skip
        notes: list[str] = []
        try:
            files = len(plan.discovery.to_process) if plan.discovery else None  # None: resuming, not counted
            ingested = ingest.with_options(task_runner=batch_task_runner(settings, files))(work, run_id)
            if ingested.held:
                notes.append(held_message(ingested.held))
                logger.warning("%s", notes[-1])
            with Warehouse.for_settings(work) as wh:
                state = wh.build_state()
            reason = state.build_needed(plan.project_hash) or plan.build_reason
            if reason is None:
                notes.append("no new, changed or removed file and no change to the dbt project: "
                             "dbt build and docs skipped")  # fmt: skip
                logger.info("%s", notes[-1])
                outcome = DbtOutcome(success=True, skipped=True)
            else:
                logger.info("dbt build: %s", reason)
                # the unit tests passed on this project at the last build unless it changed since
                outcome = transform(
                    work, plan.project_hash, project_changed=state.dbt_project_hash != plan.project_hash
                )
        except BaseException as exc:
            with Warehouse.for_settings(work) as wh:
                wh.finish_run(run_id, "failed", {}, {}, error=f"{type(exc).__name__}: {exc}")
            build.publish()  # what was committed (and the failure) becomes visible; the next run rebuilds
            raise
        seconds = {k: round(v, 3) for k, v in ingested.seconds.items()} | {
            k: round(v, 3) for k, v in outcome.seconds.items()
        }
        with Warehouse.for_settings(work) as wh:
            rows = mart_row_counts(wh)
            status = "succeeded" if outcome.success else "failed"
            error = "; ".join(outcome.failures) or None
            built = (plan.project_hash, state.max_file_seq) if outcome.success and not outcome.skipped else None
            wh.finish_run(run_id, status, dict(ingested.counts), seconds, rows, error, built=built)
            failing = wh.failing_files()
            notes += annotation_notes(wh.annotators_of_run(run_id))
        started = time.perf_counter()
        build.publish()
        seconds["publish"] = round(time.perf_counter() - started, 3)
        briefing = ""
        if settings.briefing and outcome.success and (not outcome.skipped or not settings.briefing_path.exists()):
            briefing, seconds["briefing"], problem = write_briefing_safely(settings)
            notes += [problem] if problem else []
        if settings.ducklake_catalog and outcome.success:  # under the lock: one publisher at a time
            seconds["ducklake"], problem = publish_lake_safely(settings, run_id, built=not outcome.skipped)
            notes += [problem] if problem else []
    summary = RunSummary(run_id, status, dict(ingested.counts), seconds, rows, ingested.failures,
                         outcome.failures, str(settings.warehouse_path), failing=failing, notes=notes,
                         briefing=briefing,
                         cpu_seconds={k: round(v, 3) for k, v in ingested.cpu_seconds.items()},
                         workers=sorted(ingested.workers))  # fmt: skip
    _report(summary)
    if not outcome.success:
        raise DbtFailedError("dbt failed: " + "; ".join(outcome.failures))
    return summary


def publish_lake_safely(settings: Settings, run_id: str, built: bool) -> tuple[float, str | None]:
    """Copy the published marts into the DuckLake catalog when it lags them: (seconds, why not).

    After a dbt build it does by definition; otherwise the catalog is asked. The local
    warehouse is complete whatever happens here, so a failure is a note, not a failed run;
    the lake stays at its last snapshot and the next run publishes again.
    """
    from flows.lake import LakeError, lake_needs_publish, publish_to_lake

    catalog, data_path = settings.ducklake_catalog, settings.ducklake_data_path
    started = time.perf_counter()
    try:
        if not built and not lake_needs_publish(settings.warehouse_path, catalog, data_path):
            return 0.0, None
        published = publish_to_lake(settings.warehouse_path, catalog, data_path, run_id)
    except LakeError as exc:
        problem = f"DuckLake catalog not updated (the next run tries again): {exc}"
        get_run_logger().warning("%s", problem)
        return round(time.perf_counter() - started, 3), problem
    get_run_logger().info("published %d marts to DuckLake %s as snapshot %d", published.tables, catalog,
                          published.snapshot)  # fmt: skip
    return round(time.perf_counter() - started, 3), None


def write_briefing_safely(settings: Settings) -> tuple[str, float, str | None]:
    """Write the briefing from the published marts: (its path or "", seconds taken, why not).

    The page is a view of data already committed, so failing to write it never fails the
    run: the reason becomes a note of the summary and `make briefing` can try again.
    """
    from flows.briefing import write_briefing

    started = time.perf_counter()
    try:
        with _published_reader(settings) as con:
            if con is None:
                return "", 0.0, None
            page = write_briefing(con, settings.briefing_path, str(settings.warehouse_path))
    except Exception as exc:
        problem = f"briefing not written: {type(exc).__name__}: {str(exc)[:300]}"
        get_run_logger().warning("%s", problem)
        return "", round(time.perf_counter() - started, 3), problem
    return str(page.path), round(time.perf_counter() - started, 3), None


@contextmanager
def _published_reader(settings: Settings) -> Iterator[duckdb.DuckDBPyConnection | None]:
    con = open_published(settings.warehouse_path)
    try:
        yield con
    finally:
        if con is not None:
            con.close()


@flow(name="pipeline", log_prints=True)
def pipeline(
    seeds_dir: str | None = None,
    warehouse_path: str | None = None,
    docs: bool | None = None,
    wait_seconds: float = 0.0,
    allow_remove_all: bool | None = None,
    retry_failed: bool | None = None,
) -> RunSummary:
    """Ingest new and changed files from the seeds folder, then rebuild the dbt marts.

    Parameters override the ``NEWS_*`` environment settings; the scheduled deployment
    passes none and uses the environment.
    """
    started = time.perf_counter()
    settings = Settings.from_env(seeds_dir=seeds_dir, warehouse_path=warehouse_path, docs=docs,
                                 allow_remove_all=allow_remove_all, retry_failed=retry_failed)  # fmt: skip
    summary = run_pipeline(settings, wait_seconds=wait_seconds)
    get_run_logger().info("pipeline finished in %.1f s", time.perf_counter() - started)
    return summary
