"""The ``raw`` schema, defined once.

Each raw table is a :class:`Table` of typed columns here. Everything else is derived from
it: the DDL that creates the schema, the Arrow schema each batch is loaded with, the
columns a warehouse built by an older version gains in place (nullable columns only),
and a test that the dbt sources (dbt/models/staging/news/_news__sources.yml) describe
exactly these columns. Adding a column is one line here, one description in the sources
yml (the test says so if it is missing), and whatever fills it.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pyarrow as pa

ARROW_TYPES: dict[str, pa.DataType] = {
    "varchar": pa.string(),
    "varchar[]": pa.list_(pa.string()),
    "bigint[]": pa.list_(pa.int64()),
    "bigint": pa.int64(),
    "integer": pa.int32(),
    "double": pa.float64(),
    "date": pa.date32(),
    "timestamp": pa.timestamp("us"),
    "boolean": pa.bool_(),
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a DuckDB type, one of ARROW_TYPES
    required: bool = False  # not null
    default: str | None = None  # a SQL expression

    def __post_init__(self) -> None:
        if self.type not in ARROW_TYPES:
            raise ValueError(f"column {self.name}: type {self.type!r} has no Arrow type here")

    def ddl(self) -> str:
        return " ".join([self.name, self.type, *(["not null"] if self.required else []),
                         *([f"default {self.default}"] if self.default else [])])  # fmt: skip


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def ddl(self) -> str:
        lines = [c.ddl() for c in self.columns]
        if self.primary_key:
            lines.append(f"primary key ({', '.join(self.primary_key)})")
        body = ",\n    ".join(lines)
        return f"create table if not exists raw.{self.name} (\n    {body}\n);"

    def arrow_schema(self) -> pa.Schema:
        return pa.schema([(c.name, ARROW_TYPES[c.type]) for c in self.columns])

    def to_arrow(self, rows: list[dict[str, object]]) -> pa.Table:
        """Rows as an Arrow table of exactly this table's columns (missing keys are null).

        Workers call this, so the flow process receives columns (cheap to pickle, loaded
        in one statement) rather than a dict per row.
        """
        schema = self.arrow_schema()
        return pa.Table.from_pylist([{name: row.get(name) for name in schema.names} for row in rows], schema=schema)


# The raw tables a batch fills with its documents' rows (besides files and file_documents).
DOCUMENT_TABLES: tuple[str, ...] = ("documents", "sentences", "entity_mentions", "event_candidates", "quotes")

RAW_TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "runs",
            (
                Column("run_id", "varchar", required=True),
                Column("started_at", "timestamp", required=True),
                Column("finished_at", "timestamp"),
                Column("status", "varchar", required=True),
                Column("spacy_model", "varchar"),
                Column("files_seen", "integer"),
                Column("files_new", "integer"),
                Column("files_changed", "integer"),
                Column("files_unchanged", "integer"),
                Column("files_failed", "integer"),
                Column("files_deleted", "integer"),
                Column("documents_loaded", "integer"),
                Column("seconds_by_stage", "varchar"),
                Column("rows_by_mart", "varchar"),
                Column("error", "varchar"),
                Column("dbt_project_hash", "varchar"),
                Column("built_file_seq", "bigint"),
            ),
            primary_key=("run_id",),
        ),
        Table(
            "files",
            (
                Column("file_seq", "bigint", required=True, default="nextval('raw.file_seq')"),
                Column("path", "varchar", required=True),
                Column("sha256", "varchar"),
                Column("bytes", "bigint"),
                Column("modified_at", "timestamp"),
                Column("format", "varchar"),
                Column("encoding", "varchar"),
                Column("change", "varchar", required=True),
                Column("status", "varchar", required=True),
                Column("error", "varchar"),
                Column("note", "varchar"),
                Column("run_id", "varchar", required=True),
                Column("loaded_at", "timestamp", required=True),
            ),
            primary_key=("file_seq",),
        ),
        Table(
            "file_documents",
            (
                Column("file_seq", "bigint", required=True),
                Column("doc_id", "varchar", required=True),
                Column("position", "integer", required=True),
            ),
            primary_key=("file_seq", "position"),
        ),
        Table(
            "documents",
            (
                Column("doc_id", "varchar", required=True),
                Column("title", "varchar"),
                Column("body", "varchar", required=True),
                Column("published_at", "date"),
                Column("published_source", "varchar"),
                Column("source", "varchar"),
                Column("agency", "varchar"),
                Column("dateline_place", "varchar"),
                Column("dateline_end", "integer"),
                Column("author", "varchar"),
                Column("language", "varchar"),
                Column("language_score", "double"),
                Column("url", "varchar"),
                Column("description", "varchar"),
                Column("keywords", "varchar[]"),
                Column("captions", "varchar[]"),
                Column("dropped", "varchar[]"),
                Column("word_count", "integer"),
                Column("extraction_method", "varchar"),
                Column("encoding", "varchar"),
                Column("minhash", "bigint[]"),
                Column("lsh_bands", "varchar[]"),
                Column("spacy_model", "varchar"),
                Column("annotator", "varchar"),
                Column("tone_method", "varchar"),
                Column("run_id", "varchar", required=True),
                Column("loaded_at", "timestamp", required=True),
            ),
            primary_key=("doc_id",),
        ),
        Table(
            "sentences",
            (
                Column("doc_id", "varchar", required=True),
                Column("sentence_index", "integer", required=True),
                Column("char_start", "integer", required=True),
                Column("char_end", "integer", required=True),
                Column("text", "varchar", required=True),
                Column("tone", "double"),
            ),
            primary_key=("doc_id", "sentence_index"),
        ),
        Table(
            "entity_mentions",
            (
                Column("doc_id", "varchar", required=True),
                Column("char_start", "integer", required=True),
                Column("char_end", "integer", required=True),
                Column("surface", "varchar", required=True),
                Column("raw_start", "integer", required=True),
                Column("raw_end", "integer", required=True),
                Column("raw_surface", "varchar", required=True),
                Column("label", "varchar", required=True),
                Column("entity_type", "varchar", required=True),
                Column("sentence_index", "integer", required=True),
                Column("canonical", "varchar"),
                Column("resolution", "varchar"),
                Column("latin_key", "varchar"),
                Column("content_key", "varchar"),
                Column("lead_key", "varchar"),
                Column("sound_key", "varchar"),
            ),
            primary_key=("doc_id", "char_start", "char_end"),
        ),
        Table(
            "event_candidates",
            (
                Column("doc_id", "varchar", required=True),
                Column("sentence_index", "integer", required=True),
                Column("event_type", "varchar", required=True),
                Column("trigger", "varchar", required=True),
                Column("trigger_lemma", "varchar", required=True),
                Column("trigger_start", "integer", required=True),
                Column("trigger_end", "integer", required=True),
                Column("status", "varchar", required=True),
                Column("modality", "varchar", required=True),
                Column("date_text", "varchar"),
                Column("event_date", "date"),
                Column("end_date", "date"),
                Column("date_precision", "varchar"),
                Column("date_method", "varchar"),
                Column("place", "varchar"),
                Column("clause_start", "integer", required=True),
                Column("clause_end", "integer", required=True),
                Column("actor_start", "integer"),
                Column("actor_end", "integer"),
                Column("target_start", "integer"),
                Column("target_end", "integer"),
                Column("antecedent_start", "integer"),
                Column("anaphoric", "boolean", required=True),
                Column("summary", "varchar", required=True),
                Column("keywords", "varchar[]", required=True),
                Column("happening_index", "integer"),
            ),
            primary_key=("doc_id", "trigger_start"),
        ),
        Table(
            "quotes",
            (
                Column("doc_id", "varchar", required=True),
                Column("sentence_index", "integer", required=True),
                Column("quote_start", "integer", required=True),
                Column("quote_end", "integer", required=True),
                Column("quote_text", "varchar", required=True),
                Column("speaker_start", "integer"),
                Column("speaker_end", "integer"),
                Column("speaker_name", "varchar"),
                Column("method", "varchar", required=True),
                Column("tone", "double"),
            ),
            primary_key=("doc_id", "quote_start"),
        ),
    )
}


def schema_sql() -> str:
    """The DDL of the raw schema (idempotent: every statement is ``if not exists``)."""
    return "\n".join([
        "create schema if not exists raw;",
        "create table if not exists raw.schema_version (version integer not null);",
        "create sequence if not exists raw.file_seq start 1;",
        *(t.ddl() for t in RAW_TABLES.values()),
    ])  # fmt: skip


def missing_columns(con: duckdb.DuckDBPyConnection) -> list[str]:
    """``alter table`` statements for the columns this code has and the warehouse lacks.

    Only nullable columns can be added in place (rows already loaded get null); a missing
    required column means an incompatible warehouse, which SCHEMA_VERSION refuses.
    """
    present: dict[str, set[str]] = {}
    for table, column in con.execute(
        "select table_name, column_name from information_schema.columns where table_schema = 'raw'"
    ).fetchall():
        present.setdefault(table, set()).add(column)
    statements = []
    for table in RAW_TABLES.values():
        if table.name not in present:
            continue  # created by schema_sql with every column
        for column in table.columns:
            if column.name not in present[table.name]:
                if column.required:
                    raise RuntimeError(f"raw.{table.name} lacks required column {column.name}: rebuild the warehouse")
                statements.append(f"alter table raw.{table.name} add column if not exists {column.name} {column.type};")
    return statements
