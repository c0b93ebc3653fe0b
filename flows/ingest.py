"""``ingest`` flow: discover → extract → normalise → annotate → load, in batches.

Files go in batches (``NEWS_FILES_PER_BATCH``). Each batch is read, normalised and
annotated by a ``prepare_batch`` task (flows/batch.py) submitted to this flow's task
runner, and loaded here in one transaction: one Prefect task per batch rather than per
document, since task bookkeeping would otherwise cost more than the NLP. Memory stays
bounded by the batches in flight, and a crash loses at most the batch being loaded
(which the next run redoes).
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field, replace

import duckdb
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows.annotate.nlp import model_version
from flows.batch import BatchJob, PreparedBatch, batches_in_flight, check_model, prepared_in_order
from flows.discover import Discovery, already_recorded, discover
from flows.load import Batch, FileRecord, Loaded, Warehouse
from flows.settings import Settings


@dataclass
class IngestResult:
    """What ingest did, for the run summary."""

    counts: Counter[str] = field(default_factory=Counter)
    seconds: Counter[str] = field(default_factory=Counter)
    cpu_seconds: Counter[str] = field(default_factory=Counter)  # worker CPU seconds per stage
    workers: set[str] = field(default_factory=set)  # host:pid of each process that prepared a batch
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (path, status, reason)
    held: list[str] = field(default_factory=list)  # missing files not marked deleted (all vanished at once)
    spacy_model: str | None = None


@task(cache_policy=NO_CACHE)
def discover_files(settings: Settings, known: dict[str, tuple[str | None, str]]) -> Discovery:
    """Hash the seeds folder and compare it with ``known``, the latest version of each path in ``raw.files``."""
    return discover(settings.seeds_dir, settings.suffixes, known, settings.allow_remove_all, settings.retry_failed)


# Errors that say the machine or the database is in trouble, not that one file is bad:
# they stop the run (the next run redoes the batch) instead of being blamed on a file.
INFRASTRUCTURE_ERRORS: tuple[type[BaseException], ...] = (
    OSError, MemoryError, duckdb.IOException, duckdb.OutOfMemoryException, duckdb.FatalException,
    duckdb.InternalException, duckdb.TransactionException,
)  # fmt: skip


def load_isolated(batch: Batch, warehouse: Warehouse, run_id: str) -> tuple[Loaded, list[tuple[str, str, str]]]:
    """Load a batch in one transaction; if it is refused, load file by file so only the culprit fails."""
    try:
        return warehouse.load_batch(batch, run_id), []
    except INFRASTRUCTURE_ERRORS:
        raise
    except Exception:  # a value the database or Arrow refuses: find the file it belongs to
        pass
    fresh: set[str] = set()
    duplicates = 0
    failures: list[tuple[str, str, str]] = []
    for single in (batch.only([record]) for record in batch.files):
        try:
            loaded = warehouse.load_batch(single, run_id)
            fresh |= loaded.new_doc_ids
            duplicates += loaded.duplicates
        except INFRASTRUCTURE_ERRORS:
            raise
        except Exception as exc:
            (record,) = single.files
            reason = f"load: {type(exc).__name__}: {str(exc)[:300]}"
            failed = replace(record, status="failed", error=f"internal_error: {reason}", doc_ids=())
            warehouse.load_batch(Batch([failed]), run_id)
            failures.append((record.path, "internal_error", reason))
    return Loaded(fresh, duplicates), failures


@task(cache_policy=NO_CACHE)
def load_prepared(prepared: PreparedBatch, warehouse: Warehouse, run_id: str, result: IngestResult) -> None:
    """Load one prepared batch in one transaction (the warehouse marks files whose bodies it holds as duplicates)."""
    started = time.perf_counter()
    batch = Batch(prepared.records, prepared.rows)
    loaded, load_failures = load_isolated(batch, warehouse, run_id)
    failed_paths = {path for path, _, _ in load_failures}
    result.seconds.update(prepared.seconds)
    result.cpu_seconds.update(prepared.cpu_seconds)
    result.workers.add(prepared.worker)
    result.seconds["load"] += time.perf_counter() - started
    result.failures.extend(prepared.failures + load_failures)
    result.counts["documents"] += len(loaded.new_doc_ids)
    result.counts["failed"] += sum(1 for r in prepared.records if r.status == "failed" or r.path in failed_paths)
    result.counts["duplicate"] += loaded.duplicates


def record_unprocessable(discovery: Discovery, known: dict[str, tuple[str | None, str]],
                         warehouse: Warehouse, run_id: str, result: IngestResult) -> None:  # fmt: skip
    """Unreadable files and deleted paths get their own rows (no document)."""
    records = []
    for found in discovery.unreadable:
        result.failures.append((found.path, "unreadable", found.error or "cannot read file"))
        if not already_recorded(found, known):
            records.append(FileRecord(found.path, None, None, None, found.format, change="unreadable",
                                      status="failed", error=f"unreadable: {found.error}"))  # fmt: skip
    for path in discovery.deleted:
        records.append(FileRecord(path, None, None, None, None, change="deleted", status="deleted"))
    if records:
        warehouse.load_batch(Batch(records), run_id)


@flow(name="ingest", log_prints=True)
def ingest(settings: Settings, run_id: str) -> IngestResult:
    """Load new and changed files from ``settings.seeds_dir`` into the ``raw`` schema.

    The warehouse connection is opened here and closed before returning, so dbt can
    take the file next.
    """
    with Warehouse.for_settings(settings) as warehouse:
        return _ingest(settings, run_id, warehouse)


def _ingest(settings: Settings, run_id: str, warehouse: Warehouse) -> IngestResult:
    logger = get_run_logger()
    result = IngestResult()
    started = time.perf_counter()
    known = warehouse.latest_files()
    discovery = discover_files(settings, known)
    result.seconds["discover"] += time.perf_counter() - started
    result.counts.update(discovery.counts())
    result.held = list(discovery.held)
    result.counts["failed"] += len(discovery.unreadable)
    logger.info(
        "%d files in %s: %d new, %d changed, %d unchanged, %d unreadable, %d deleted",
        discovery.seen, settings.seeds_dir, len(discovery.new), len(discovery.changed),
        len(discovery.unchanged), len(discovery.unreadable), len(discovery.deleted),
    )  # fmt: skip
    record_unprocessable(discovery, known, warehouse, run_id, result)

    todo = discovery.to_process
    changes = {f.path: "new" for f in discovery.new} | {f.path: "changed" for f in discovery.changed}
    if todo:
        check_model(settings.spacy_model)
        result.spacy_model = model_version(settings.spacy_model)
        job = BatchJob.for_settings(settings, result.spacy_model)
        batches = [todo[i : i + settings.files_per_batch] for i in range(0, len(todo), settings.files_per_batch)]
        done, clock = 0, time.perf_counter()
        for loaded, prepared in enumerate(prepared_in_order(batches, changes, job, batches_in_flight(settings)), 1):
            load_prepared(prepared, warehouse, run_id, result)
            if loaded % settings.batches_per_connection == 0 and loaded < len(batches):
                warehouse.reconnect()  # frees what DuckDB holds of the batches written so far
            done += len(prepared.records)
            rate = done / max(time.perf_counter() - clock, 1e-9)
            logger.info("processed %d/%d files (%.0f%%, %.1f files/s)", done, len(todo), 100 * done / len(todo), rate)
    for path, status, reason in result.failures:
        logger.warning("file %s failed (%s): %s", path, status, reason)
    return result
