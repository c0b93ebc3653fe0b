"""Format readers: turn one file's bytes into text plus whatever metadata the format carries.

Each reader is a pure function of the file content, so it is tested without Prefect or
DuckDB. Readers raise :class:`ExtractionError` with a reason a person can act on; the
ingest flow records that reason against the file and carries on with the batch.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class ExtractionError(Exception):
    """A file that cannot become an article; ``reason`` is stored in ``raw.files.error``."""

    def __init__(self, status: str, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass
class Extracted:
    """What a reader found in one file, before text normalisation."""

    text: str
    method: str
    encoding: str | None = None
    title: str | None = None
    published: str | None = None
    author: str | None = None
    source: str | None = None
    url: str | None = None
    description: str | None = None
    language: str | None = None
    keywords: list[str] = field(default_factory=list)
