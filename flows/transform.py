"""``transform`` flow: ``dbt build`` then ``dbt docs generate`` on the warehouse.

dbt runs in-process (``dbtRunner``), which saves a second interpreter start per run.
The profile holds the DuckDB file for a whole invocation (so a reader cannot take it
between two models and fail the build) and this module closes dbt-duckdb's connection
when dbt returns, so readers and the next run can open the file right after.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from prefect import flow, get_run_logger

from flows.settings import Settings


class DbtFailedError(RuntimeError):
    """dbt build failed; the message names every failing model or test."""


@dataclass
class DbtOutcome:
    success: bool
    failures: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


@contextmanager
def dbt_environment(settings: Settings) -> Iterator[None]:
    """Expose the warehouse path and memory limit to ``profiles.yml`` for one dbt call."""
    values = {
        "NEWS_WAREHOUSE_PATH": str(settings.warehouse_path),
        "NEWS_DUCKDB_MEMORY_LIMIT": settings.duckdb_memory_limit,
    }
    previous = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


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
    return [
        *command,
        "--project-dir", str(settings.dbt_project_dir),
        "--profiles-dir", str(settings.dbt_project_dir),
        "--target-path", str(settings.dbt_target_dir),
        "--log-path", str(settings.dbt_log_dir),
        "--quiet",
    ]  # fmt: skip


def invoke_dbt(command: list[str], settings: Settings) -> tuple[bool, list[str]]:
    """Run one dbt command; return success and a line per failing node."""
    from dbt.cli.main import dbtRunner

    with dbt_environment(settings):
        try:
            res = dbtRunner().invoke(dbt_args(command, settings))
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


@flow(name="transform")
def transform(settings: Settings) -> DbtOutcome:
    """Build and test every dbt model, then generate the docs site (lineage)."""
    logger = get_run_logger()
    outcome = DbtOutcome(success=True)
    started = time.perf_counter()
    ok, failures = invoke_dbt(["build"], settings)
    outcome.seconds["dbt_build"] = time.perf_counter() - started
    if not ok:
        outcome.success, outcome.failures = False, failures
        for line in failures:
            logger.error("dbt: %s", line)
        return outcome
    if settings.docs:
        started = time.perf_counter()
        ok, failures = invoke_dbt(["docs", "generate"], settings)
        outcome.seconds["dbt_docs"] = time.perf_counter() - started
        if not ok:
            outcome.success, outcome.failures = False, failures
            for line in failures:
                logger.error("dbt docs: %s", line)
    return outcome
