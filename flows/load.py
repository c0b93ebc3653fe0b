"""The ``raw`` schema of the warehouse and the single writer that loads it.

Rows arrive as whole batches and each batch is one transaction: a run killed half-way
leaves no half-loaded document, and because a file's row is written in the same
transaction as its document, the next run sees the file as not yet loaded and redoes
it. Values travel as Arrow tables bound to the query, never spliced into SQL text.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from flows.schema import DOCUMENT_TABLES, RAW_TABLES, missing_columns, schema_sql

if TYPE_CHECKING:
    from flows.settings import Settings

# Bump when a raw table changes incompatibly; a warehouse built by another version is
# refused with a clear message instead of being half-migrated.
SCHEMA_VERSION = 4

SCHEMA_SQL = schema_sql()  # flows/schema.py: one definition of every raw table


LATEST_FILES_SQL = """
select path, sha256, status, error from raw.files
qualify row_number() over (partition by path order by file_seq desc) = 1
"""


def latest_files(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str | None, str]]:
    """path → (sha256, status) of the latest recorded version of every path."""
    return {path: (sha, status) for path, sha, status, _ in con.execute(LATEST_FILES_SQL).fetchall()}


def failing_files(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(path, reason) of every file whose latest version failed: what is failing now, whichever run saw it."""
    rows = con.execute(f"select path, error from ({LATEST_FILES_SQL}) where status = 'failed' order by path")
    return [(path, error or "failed") for path, error in rows.fetchall()]


@dataclass(frozen=True)
class BuildState:
    """What the marts were last built from, to tell whether dbt has anything to do."""

    max_file_seq: int  # newest raw.files row (0 when none)
    built_file_seq: int | None  # raw.files rows the last successful dbt build saw (None: never built)
    dbt_project_hash: str | None  # the dbt project that build used
    marts_exist: bool
    last_run_status: str | None = None  # how the latest finished run ended

    def build_needed(self, project_hash: str) -> str | None:
        """Why dbt must run, or None when the marts are up to date."""
        if self.built_file_seq is None or not self.marts_exist:
            return "the marts have not been built yet"
        if self.last_run_status not in (None, "succeeded"):
            # its build may have replaced some marts and not others: never leave them mixed
            return f"the last run ended {self.last_run_status}, so its build may be incomplete"
        if self.max_file_seq > self.built_file_seq:
            return "files were loaded, changed, removed or failed since the last build"
        if self.dbt_project_hash != project_hash:
            return "the dbt project changed since the last build"
        return None


def build_state(con: duckdb.DuckDBPyConnection) -> BuildState:
    tables = {
        (schema, name) for schema, name in con.execute("select schema_name, table_name from duckdb_tables()").fetchall()
    }
    if ("raw", "files") not in tables:
        return BuildState(0, None, None, False)
    max_seq = con.execute("select coalesce(max(file_seq), 0) from raw.files").fetchone()[0]
    columns = {r[0] for r in con.execute(
        "select column_name from duckdb_columns() where schema_name = 'raw' and table_name = 'runs'").fetchall()}  # fmt: skip
    last = None
    if "built_file_seq" in columns:
        last = con.execute(
            """
            select built_file_seq, dbt_project_hash from raw.runs
            where status = 'succeeded' and built_file_seq is not null
            order by started_at desc limit 1
            """
        ).fetchone()
    (last_status,) = con.execute(
        "select status from raw.runs where status <> 'running' order by started_at desc limit 1"
    ).fetchone() or (None,)
    marts = any(schema == "marts" for schema, _ in tables)
    return BuildState(int(max_seq), last[0] if last else None, last[1] if last else None, marts, last_status)


def now_utc() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class WarehouseVersionError(RuntimeError):
    """The warehouse file was built by an incompatible version of the raw schema."""


@dataclass
class FileRecord:
    """One row of ``raw.files``: a version of a file and what became of it."""

    path: str
    sha256: str | None
    bytes: int | None
    modified_at: datetime | None
    format: str | None
    change: str
    status: str
    error: str | None = None
    encoding: str | None = None
    note: str | None = None
    doc_ids: Sequence[str] = ()


@dataclass
class Batch:
    """Everything one batch writes; loaded all at once or not at all.

    ``rows`` maps each raw table of DOCUMENT_TABLES to the batch's rows as an Arrow table
    of that table's schema (a table may be missing when it has no rows).
    """

    files: list[FileRecord]
    rows: dict[str, pa.Table] = field(default_factory=dict)

    def doc_ids(self) -> list[str]:
        documents = self.rows.get("documents")
        return documents.column("doc_id").to_pylist() if documents is not None else []

    def only(self, records: list[FileRecord]) -> Batch:
        """The part of this batch that belongs to ``records``: their rows and no others."""
        ids = {d for r in records for d in r.doc_ids}
        return Batch(records, {name: rows_of(table, ids) for name, table in self.rows.items()})


def rows_of(table: pa.Table, doc_ids: set[str]) -> pa.Table:
    """The rows of ``table`` whose ``doc_id`` is one of ``doc_ids``."""
    return table.filter(pc.is_in(table["doc_id"], value_set=pa.array(sorted(doc_ids), pa.string())))


@dataclass(frozen=True)
class Loaded:
    """What one ``load_batch`` wrote."""

    new_doc_ids: set[str]
    duplicates: int


class Warehouse:
    """A read-write connection to the warehouse file; the only writer of a run."""

    @classmethod
    def for_settings(cls, settings: Settings) -> Warehouse:
        return cls(settings.warehouse_path, memory_limit=settings.duckdb_memory_limit)

    def __init__(self, path: Path, wait_seconds: float = 30.0, memory_limit: str | None = None) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.wait_seconds = wait_seconds
        self.config = {"memory_limit": memory_limit} if memory_limit else {}
        self.con = self._connect(wait_seconds)
        self._check_version()
        self.con.execute(SCHEMA_SQL)
        for statement in missing_columns(self.con):  # columns added since this warehouse was built
            self.con.execute(statement)
        if not self.con.execute("select count(*) from raw.schema_version").fetchone()[0]:
            self.con.execute("insert into raw.schema_version values (?)", [SCHEMA_VERSION])

    def _connect(self, wait_seconds: float) -> duckdb.DuckDBPyConnection:
        """Open for writing; a reader holding the file (a query) is waited for, within a bound."""
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                return duckdb.connect(str(self.path), config=self.config)
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                    raise
                time.sleep(0.5)

    def _check_version(self) -> None:
        tables = {
            row[0]
            for row in self.con.execute("select table_name from duckdb_tables() where schema_name = 'raw'").fetchall()
        }
        if "files" not in tables:
            return
        version = 1
        if "schema_version" in tables:
            version = self.con.execute("select max(version) from raw.schema_version").fetchone()[0] or 1
        if version != SCHEMA_VERSION:
            self.con.close()
            raise WarehouseVersionError(
                f"{self.path} was built with raw schema version {version}; this code needs {SCHEMA_VERSION}. "
                "The warehouse is derived from seeds/: move it aside and run again to rebuild it."
            )

    def close(self) -> None:
        self.con.close()

    def reconnect(self) -> None:
        """Close the connection and open a new one on the same file (between transactions).

        DuckDB keeps what a connection wrote in memory (table blocks, primary-key index
        nodes, its allocator's cache) until the connection closes: loading 32 batches of
        2,000 articles grew a process by 110 MB, and by 25 MB when it reopened every 8.
        """
        self.con.close()
        self.con = self._connect(self.wait_seconds)

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- what is already loaded -------------------------------------------------
    def latest_files(self) -> dict[str, tuple[str | None, str]]:
        return latest_files(self.con)

    def failing_files(self) -> list[tuple[str, str]]:
        return failing_files(self.con)

    def annotators_of_run(self, run_id: str) -> list[tuple[str, str | None, int]]:
        """(annotator, language, documents) this run loaded (language routing, see annotate.languages)."""
        return self.con.execute(
            "select coalesce(annotator, spacy_model), language, count(*) from raw.documents where run_id = ?"
            " group by 1, 2 order by 1, 2",
            [run_id],
        ).fetchall()

    def build_state(self) -> BuildState:
        return build_state(self.con)

    def existing_doc_ids(self, doc_ids: Sequence[str]) -> set[str]:
        if not doc_ids:
            return set()
        ids = pa.table({"doc_id": pa.array(list(doc_ids), pa.string())})
        self.con.register("wanted_ids", ids)
        try:
            found = self.con.execute("select d.doc_id from raw.documents d join wanted_ids w using (doc_id)").fetchall()
        finally:
            self.con.unregister("wanted_ids")
        return {row[0] for row in found}

    # --- writing --------------------------------------------------------------
    def _insert(self, table: str, data: pa.Table | None, stamp: tuple[str, datetime] | None = None) -> None:
        """Insert an Arrow table's rows in one statement (``stamp``: the run id and load time to set)."""
        if data is None or data.num_rows == 0:
            return
        self.con.register("batch_rows", data)
        try:
            if stamp:
                self.con.execute(f"insert into raw.{table} by name select * replace (? as run_id, ? as loaded_at) "
                                 "from batch_rows", list(stamp))  # fmt: skip
            else:
                self.con.execute(f"insert into raw.{table} by name select * from batch_rows")
        finally:
            self.con.unregister("batch_rows")

    def _insert_files(self, records: list[FileRecord], stamp: tuple[str, datetime]) -> None:
        """``raw.files`` and ``raw.file_documents`` rows of ``records``, two statements in all.

        The file numbers are drawn from the sequence at once and given out in the records'
        order, so the newest version of a path still has the highest number. One
        statement per file cost more than all the batch's documents: 20,000 statements
        for 10,000 files, each with DuckDB's per-call overhead.
        """
        if not records:
            return
        seqs = sorted(s for (s,) in self.con.execute("select nextval('raw.file_seq') from range(?)",
                                                     [len(records)]).fetchall())  # fmt: skip
        files = [{"file_seq": seq, "path": r.path, "sha256": r.sha256, "bytes": r.bytes, "modified_at": r.modified_at,
                  "format": r.format, "encoding": r.encoding, "change": r.change, "status": r.status,
                  "error": r.error, "note": r.note} for seq, r in zip(seqs, records, strict=True)]  # fmt: skip
        self._insert("files", RAW_TABLES["files"].to_arrow(files), stamp)
        links = [{"file_seq": seq, "doc_id": d, "position": i}
                 for seq, r in zip(seqs, records, strict=True) for i, d in enumerate(r.doc_ids)]  # fmt: skip
        self._insert("file_documents", RAW_TABLES["file_documents"].to_arrow(links))

    def load_batch(self, batch: Batch, run_id: str) -> Loaded:
        """Write one batch in one transaction (documents first, the file rows last).

        A loaded file whose every body is already stored (or came earlier in this batch)
        is recorded as a duplicate. Returns the ids of the documents this batch added and
        how many files were duplicates. Nothing handed in is changed.
        """
        loaded_at = now_utc()
        doc_ids = batch.doc_ids()
        existing = self.existing_doc_ids(doc_ids)
        first: dict[str, int] = {}  # each new document's first row
        for i, doc_id in enumerate(doc_ids):
            if doc_id not in existing:
                first.setdefault(doc_id, i)
        new_ids = set(first)
        seen: set[str] = set()
        records = []  # the caller's records stay as they were handed in
        for record in batch.files:
            stored = all(d in existing or d in seen for d in record.doc_ids)
            if record.status == "loaded" and record.doc_ids and stored:
                record = replace(record, status="duplicate")
            records.append(record)
            seen.update(record.doc_ids)
        self.con.execute("begin transaction")
        try:
            if first:
                self._insert("documents", batch.rows["documents"].take(list(first.values())), (run_id, loaded_at))
            for name in DOCUMENT_TABLES[1:]:
                table = batch.rows.get(name)
                if table is not None and new_ids:
                    self._insert(name, rows_of(table, new_ids))
            self._insert_files(records, (run_id, loaded_at))
            self.con.execute("commit")
        except BaseException:
            self.con.execute("rollback")
            raise
        return Loaded(new_ids, sum(1 for r in records if r.status == "duplicate"))

    # --- runs -------------------------------------------------------------------
    def start_run(self, run_id: str, spacy_model: str) -> None:
        self.con.execute(
            "insert into raw.runs (run_id, started_at, status, spacy_model) values (?, ?, 'running', ?)",
            [run_id, now_utc(), spacy_model],
        )

    def mark_interrupted_runs(self) -> int:
        """Runs still 'running' when a new run holds the lock were killed or crashed."""
        rows = self.con.execute(
            """
            update raw.runs set status = 'interrupted',
                error = 'the run ended without finishing (killed or crashed); its unfinished batch was rolled back'
            where status = 'running' returning run_id
            """
        ).fetchall()
        return len(rows)

    def record_abandoned_runs(self, runs: list[tuple[str, datetime]]) -> None:
        """Killed runs whose build file could not be resumed (the published file had changed)."""
        for run_id, started_at in runs:
            self.con.execute(
                """
                insert into raw.runs (run_id, started_at, finished_at, status, error)
                select ?, ?, ?, 'interrupted',
                    'the run was killed and its unpublished work discarded, because the published warehouse '
                    || 'had changed since; its files are loaded again by a later run'
                where not exists (select 1 from raw.runs where run_id = ?)
                """,
                [run_id, started_at, now_utc(), run_id],
            )

    def finish_run(self, run_id: str, status: str, counts: dict[str, int], seconds: dict[str, float],
                   rows_by_mart: dict[str, int] | None = None, error: str | None = None,
                   built: tuple[str, int] | None = None) -> None:  # fmt: skip
        """Record how the run ended; ``built`` is (dbt project hash, newest file_seq) when dbt built the marts."""
        project_hash, built_seq = built if built else (None, None)
        self.con.execute(
            """
            update raw.runs set finished_at = ?, status = ?, files_seen = ?, files_new = ?, files_changed = ?,
                files_unchanged = ?, files_failed = ?, files_deleted = ?, documents_loaded = ?,
                seconds_by_stage = ?, rows_by_mart = ?, error = ?, dbt_project_hash = ?, built_file_seq = ?
            where run_id = ?
            """,
            [now_utc(), status, counts.get("seen", 0), counts.get("new", 0), counts.get("changed", 0),
             counts.get("unchanged", 0), counts.get("failed", 0), counts.get("deleted", 0),
             counts.get("documents", 0), json.dumps(seconds), json.dumps(rows_by_mart or {}), error,
             project_hash, built_seq, run_id],
        )  # fmt: skip
