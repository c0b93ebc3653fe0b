"""``ingest`` flow: discover → extract → normalise → annotate → load, in batches.

One Prefect task per *batch*, not per document: task bookkeeping would otherwise cost
more than the NLP. Each batch is extracted, annotated with one ``nlp.pipe`` call and
loaded in one transaction, so memory stays bounded by the batch size and a crash loses
at most the batch in flight (which the next run redoes).
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import asdict, dataclass, field

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows.annotate.nlp import AnnotationInput, model_version
from flows.annotate.parallel import Annotator
from flows.discover import Discovery, FoundFile, discover
from flows.extract import ExtractionError
from flows.load import Batch, FileRecord, Warehouse
from flows.normalise.document import NormalisedDocument, normalise
from flows.normalise.metadata import dateline_length
from flows.read import read_found_file
from flows.settings import Settings


@dataclass
class IngestResult:
    """What ingest did, for the run summary."""

    counts: Counter[str] = field(default_factory=Counter)
    seconds: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (path, status, reason)
    spacy_model: str | None = None


def _document_row(doc: NormalisedDocument, model: str) -> dict[str, object]:
    row = asdict(doc)
    row["spacy_model"] = model
    return row


@task(cache_policy=NO_CACHE)
def discover_files(settings: Settings, warehouse: Warehouse) -> Discovery:
    """Hash the seeds folder and compare it with what ``raw.files`` already holds."""
    return discover(settings.seeds_dir, settings.suffixes, warehouse.latest_files())


def extract_batch(
    files: list[FoundFile], changes: dict[str, str], settings: Settings, result: IngestResult
) -> tuple[list[FileRecord], list[NormalisedDocument]]:
    """Read and normalise each file; a bad file becomes a failed record, never an exception."""
    records: list[FileRecord] = []
    docs: list[NormalisedDocument] = []
    for found in files:
        record = FileRecord(found.path, found.sha256, found.bytes, found.modified_at, found.format,
                            change=changes[found.path], status="loaded")  # fmt: skip
        started = time.perf_counter()
        try:
            extracted, decoded = read_found_file(found, settings.max_file_bytes)
            record.encoding, record.note = decoded.encoding, decoded.note
            result.seconds["extract"] += time.perf_counter() - started
            started = time.perf_counter()
            normalised = [normalise(item) for item in extracted]
            result.seconds["normalise"] += time.perf_counter() - started
        except ExtractionError as exc:
            result.seconds["extract"] += time.perf_counter() - started
            record.status, record.error = "failed", f"{exc.status}: {exc.reason}"
            result.failures.append((found.path, exc.status, exc.reason))
        except Exception as exc:  # a reader bug must not stop the batch: record it with the file
            record.status, record.error = "failed", f"internal_error: {type(exc).__name__}: {exc}"
            result.failures.append((found.path, "internal_error", str(exc)))
        else:
            record.doc_ids = [d.doc_id for d in normalised]
            docs.extend(normalised)
        records.append(record)
    return records, docs


@task(cache_policy=NO_CACHE)
def process_batch(
    files: list[FoundFile],
    changes: dict[str, str],
    settings: Settings,
    annotator: Annotator,
    model: str,
    warehouse: Warehouse,
    run_id: str,
    result: IngestResult,
) -> None:
    """Extract, normalise, annotate and load one batch of files in one transaction."""
    records, docs = extract_batch(files, changes, settings, result)
    known = warehouse.existing_doc_ids([d.doc_id for d in docs])
    seen: set[str] = set()
    for record in records:
        # A body already stored (under another name, or twice in this batch) is one document.
        if record.status == "loaded" and record.doc_ids and all(d in known or d in seen for d in record.doc_ids):
            record.status = "duplicate"
        seen.update(record.doc_ids)
    fresh = list({d.doc_id: d for d in docs if d.doc_id not in known}.values())

    started = time.perf_counter()
    inputs = [
        AnnotationInput(d.doc_id, d.body, d.published_at, d.dateline_place, dateline_length(d.body)) for d in fresh
    ]
    sentences, mentions, events, quotes = [], [], [], []
    for ann in annotator.annotate(inputs):
        sentences += [{"doc_id": ann.doc_id, **asdict(s)} for s in ann.sentences]
        mentions += [{"doc_id": ann.doc_id, **asdict(m)} for m in ann.mentions]
        events += [{"doc_id": ann.doc_id, **asdict(e)} for e in ann.events]
        quotes += [{"doc_id": ann.doc_id, **asdict(q)} for q in ann.quotes]
    result.seconds["annotate"] += time.perf_counter() - started

    started = time.perf_counter()
    batch = Batch(records, [_document_row(d, model) for d in fresh], sentences, mentions, events, quotes)
    warehouse.load_batch(batch, run_id)
    result.seconds["load"] += time.perf_counter() - started
    result.counts["documents"] += len(fresh)
    result.counts["failed"] += sum(1 for r in records if r.status == "failed")
    result.counts["duplicate"] += sum(1 for r in records if r.status == "duplicate")


def record_unprocessable(discovery: Discovery, known: dict[str, tuple[str | None, str]],
                         warehouse: Warehouse, run_id: str, result: IngestResult) -> None:  # fmt: skip
    """Unreadable files and deleted paths get their own rows (no document)."""
    records = []
    for found in discovery.unreadable:
        result.failures.append((found.path, "unreadable", found.error or "cannot read file"))
        if known.get(found.path) != (None, "failed"):
            records.append(FileRecord(found.path, None, None, None, found.format, change="unreadable",
                                      status="failed", error=f"unreadable: {found.error}"))  # fmt: skip
    for path in discovery.deleted:
        records.append(FileRecord(path, None, None, None, None, change="deleted", status="deleted"))
    if records:
        warehouse.load_batch(Batch(records, [], [], [], []), run_id)


@flow(name="ingest", log_prints=True)
def ingest(settings: Settings, run_id: str) -> IngestResult:
    """Load new and changed files from ``settings.seeds_dir`` into the ``raw`` schema.

    The warehouse connection is opened here and closed before returning, so dbt can
    take the file next.
    """
    with Warehouse(settings.warehouse_path) as warehouse:
        return _ingest(settings, run_id, warehouse)


def _ingest(settings: Settings, run_id: str, warehouse: Warehouse) -> IngestResult:
    logger = get_run_logger()
    result = IngestResult()
    started = time.perf_counter()
    known = warehouse.latest_files()
    discovery = discover_files(settings, warehouse)
    result.seconds["discover"] += time.perf_counter() - started
    result.counts.update(
        seen=discovery.seen,
        new=len(discovery.new),
        changed=len(discovery.changed),
        unchanged=len(discovery.unchanged),
        deleted=len(discovery.deleted),
    )
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
        result.spacy_model = model_version(settings.spacy_model)
        annotator = Annotator(settings.spacy_model, settings.nlp_processes, settings.nlp_batch_size)
        done, clock = 0, time.perf_counter()
        with annotator:
            for i in range(0, len(todo), settings.files_per_batch):
                chunk = todo[i : i + settings.files_per_batch]
                process_batch(chunk, changes, settings, annotator, result.spacy_model, warehouse, run_id, result)
                done += len(chunk)
                rate = done / max(time.perf_counter() - clock, 1e-9)
                logger.info(
                    "processed %d/%d files (%.0f%%, %.1f files/s)", done, len(todo), 100 * done / len(todo), rate
                )
    for path, status, reason in result.failures:
        logger.warning("file %s failed (%s): %s", path, status, reason)
    return result
