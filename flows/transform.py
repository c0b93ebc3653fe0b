"""``transform`` flow: ``dbt build`` then ``dbt docs generate`` on the warehouse.

dbt runs in-process (``dbtRunner``), which saves a second interpreter start per run.
The profile holds the DuckDB file for a whole invocation (so a reader cannot take it
between two models and fail the build) and this module closes dbt-duckdb's connection
when dbt returns, so readers and the next run can open the file right after.
"""

from __future__ import annotations

import gc
import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from prefect import flow, get_run_logger

from flows.plan import DOCS_STAMP, docs_current
from flows.settings import Settings


class DbtFailedError(RuntimeError):
    """dbt build failed; the message names every failing model or test."""


@dataclass
class DbtOutcome:
    success: bool
    failures: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    skipped: bool = False  # nothing changed since the last build: dbt did not run


# dbt events that carry one node's result ("12 of 153 OK created sql table model …")
_RESULT_EVENTS = frozenset({"LogModelResult", "LogTestResult", "LogSeedResult", "LogSnapshotResult"})


class DbtLogStream:
    """Stream each model's and test's result to the run's log as dbt reports it.

    Results are gathered and written as one multi-line record at most every
    ``interval`` seconds: a Prefect log record per node (153 on the seeds) cost about a
    third of a small build. Failures and warnings are written at once, on their own.
    """

    def __init__(self, logger: logging.Logger | logging.LoggerAdapter, interval: float = 1.0) -> None:
        self.logger, self.interval = logger, interval
        self.pending: list[str] = []
        self.last = time.monotonic()

    def __call__(self, event: Any) -> None:
        try:
            name, level = event.info.name, str(event.info.level).lower()
        except AttributeError:
            return
        if name not in _RESULT_EVENTS:
            return
        message = re.sub(r"\x1b\[[0-9;]*m", "", event.info.msg or "").strip()
        if level in ("warn", "error"):
            self.logger.warning("dbt: %s", message)
            return
        self.pending.append(message)
        if time.monotonic() - self.last >= self.interval:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self.logger.info("dbt:\n%s", "\n".join(self.pending))
            self.pending = []
        self.last = time.monotonic()


def release_duckdb() -> None:
    """Close dbt-duckdb's connection so no handle on the warehouse outlives the dbt call.

    The profile keeps the file open for a whole invocation (keep_open) so readers cannot
    slip in between two models; this is where it is let go.
    """
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    environment = DuckDBConnectionManager._ENV
    if environment is not None:
        environment.close()
    DuckDBConnectionManager.close_all_connections()
    gc.collect()


def dbt_args(command: list[str], settings: Settings) -> list[str]:
    """The dbt command line for ``settings``: the warehouse and its memory limit reach
    profiles.yml as ``--vars``, with any thresholds the settings override (no environment
    variable is set or changed)."""
    profile_vars = {"warehouse_path": str(settings.warehouse_path), "duckdb_memory_limit": settings.duckdb_memory_limit}
    profile_vars |= settings.dbt_vars  # thresholds overridden in the settings (NEWS_DBT_VARS)
    return [
        *command,
        "--vars", json.dumps(profile_vars),
        "--project-dir", str(settings.dbt_project_dir),
        "--profiles-dir", str(settings.dbt_project_dir),
        "--target-path", str(settings.dbt_target_dir),
        "--log-path", str(settings.dbt_log_dir),
        "--log-level-file", "info",  # debug file logging of every statement cost ~40% of a small build
        "--quiet",
    ]  # fmt: skip


def invoke_dbt(command: list[str], settings: Settings, callbacks: list[Callable[[Any], None]] | None = None,
               ) -> tuple[bool, list[str]]:  # fmt: skip
    """Run one dbt command; return success and a line per failing node."""
    from dbt.cli.main import dbtRunner

    try:
        res = dbtRunner(callbacks=callbacks or []).invoke(dbt_args(command, settings))
    finally:
        release_duckdb()
    failures: list[str] = []
    results = getattr(res.result, "results", None) or []
    for node_result in results:
        status = str(getattr(node_result, "status", "")).lower()
        if status in ("error", "fail", "runtimeerror"):
            node = getattr(node_result, "node", None)
            name = getattr(node, "unique_id", "?")
            failures.append(f"{name}: {status}: {(node_result.message or '').strip()[:500]}")
    if not res.success and not failures:
        failures.append(
            f"dbt {' '.join(command)} failed: {res.exception or 'see dbt log in ' + str(settings.dbt_log_dir)}"
        )
    return res.success, failures


# What a build on an unchanged project leaves out: the dbt unit tests, the seeds and the
# models that only read seeds, with the data tests on them alone. "cautious" keeps a test
# that also reads news (event types of the news against the seed event_types).
PROJECT_ONLY_NODES = ["--exclude-resource-type", "unit_test",
                      "--exclude", "resource_type:seed", "path:models/staging/reference",
                      "--indirect-selection", "cautious"]  # fmt: skip


def build_command(project_changed: bool) -> list[str]:
    """``dbt build``, without the nodes that cannot have a new answer when only the data changed.

    A dbt unit test checks a model's logic on rows it brings itself, with the thresholds
    it pins: its result depends on the project (and the DuckDB and dbt it runs on, which
    the project hash includes), never on the warehouse's data. Seeds are files of the
    project too, so the tables the last build loaded from them are still what they say,
    and so are the views over seeds alone and their tests. All of these run when the
    project changed or was never built; the models and data tests over the news run on
    every build. Reloading the seeds was 2 of a top-up's 12 s of dbt at 1,000 articles.
    """
    return ["build"] if project_changed else ["build", *PROJECT_ONLY_NODES]


@flow(name="transform")
def transform(settings: Settings, project_hash: str, project_changed: bool = True) -> DbtOutcome:
    """Build and test every dbt model, then generate the docs site (lineage) if the project changed."""
    logger = get_run_logger()
    outcome = DbtOutcome(success=True)
    started = time.perf_counter()
    stream = DbtLogStream(logger)
    if not project_changed:
        logger.info(
            "dbt unit tests, seeds and seed-only models not rebuilt: the dbt project is the one they "
            "were last built and passed on"
        )
    try:
        ok, failures = invoke_dbt(build_command(project_changed), settings, [stream])
    finally:
        stream.flush()
    outcome.seconds["dbt_build"] = time.perf_counter() - started
    if not ok:
        outcome.success, outcome.failures = False, failures
        for line in failures:
            logger.error("dbt: %s", line)
        return outcome
    if settings.docs and not docs_current(settings, project_hash):
        started = time.perf_counter()
        # the build just wrote a compiled manifest: only the catalog is new (0.3 s instead of 2)
        ok, failures = invoke_dbt(["docs", "generate", "--no-compile"], settings)
        outcome.seconds["dbt_docs"] = time.perf_counter() - started
        if not ok:
            outcome.success, outcome.failures = False, failures
            for line in failures:
                logger.error("dbt docs: %s", line)
        else:
            (settings.dbt_target_dir / DOCS_STAMP).write_text(project_hash, encoding="utf-8")
    elif settings.docs:
        logger.info("dbt docs are current (the dbt project did not change): not regenerated")
    return outcome
