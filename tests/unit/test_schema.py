"""flows/schema.py: one definition of the raw tables, and everything that must agree with it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import duckdb
import pytest
import yaml

from flows.schema import RAW_TABLES, Column, Table, missing_columns, schema_sql

SOURCES = Path(__file__).resolve().parents[2] / "dbt" / "models" / "staging" / "news" / "_news__sources.yml"


def test_a_fresh_warehouse_has_exactly_the_defined_columns_and_keys():
    con = duckdb.connect()
    con.execute(schema_sql())
    for table in RAW_TABLES.values():
        rows = con.execute(
            "select column_name, data_type, is_nullable from information_schema.columns "
            "where table_schema = 'raw' and table_name = ? order by ordinal_position",
            [table.name],
        ).fetchall()
        assert [r[0] for r in rows] == table.names
        assert [r[2] == "NO" for r in rows] == [c.required or c.name in table.primary_key for c in table.columns]
        assert table.arrow_schema().names == table.names


def test_the_dbt_sources_describe_every_raw_column_and_no_other():
    sources = yaml.safe_load(SOURCES.read_text(encoding="utf-8"))["sources"]
    described = {t["name"]: [c["name"] for c in t.get("columns", [])] for s in sources for t in s["tables"]}
    for table in RAW_TABLES.values():
        assert sorted(described.get(table.name, [])) == sorted(table.names), f"raw.{table.name} in {SOURCES.name}"


@pytest.mark.parametrize(
    ("record", "table", "filled_by_loader"),
    [
        ("flows.annotate.annotation:Sentence", "sentences", {"doc_id"}),
        ("flows.annotate.mentions:Mention", "entity_mentions", {"doc_id"}),
        ("flows.annotate.quotes:Quote", "quotes", {"doc_id"}),
        ("flows.annotate.happenings:EventCandidate", "event_candidates", {"doc_id"}),
        ("flows.normalise.document:NormalisedDocument", "documents",
         {"spacy_model", "annotator", "tone_method", "dateline_end", "run_id", "loaded_at"}),
    ],
)  # fmt: skip
def test_each_record_fills_its_table(record, table, filled_by_loader):
    import importlib

    module, name = record.split(":")
    fields = {f.name for f in dataclasses.fields(getattr(importlib.import_module(module), name))}
    columns = set(RAW_TABLES[table].names)
    assert fields - columns == set(), f"{name} fields with no column in raw.{table}"
    required = {c.name for c in RAW_TABLES[table].columns if c.required}
    assert required - fields - filled_by_loader == set(), f"required raw.{table} columns nobody fills"


def test_an_older_warehouse_gains_the_new_nullable_columns_in_place():
    con = duckdb.connect()
    con.execute(schema_sql())
    con.execute("alter table raw.sentences drop column tone")
    con.execute("alter table raw.entity_mentions drop column content_key")
    statements = missing_columns(con)
    assert statements == [
        "alter table raw.sentences add column if not exists tone double;",
        "alter table raw.entity_mentions add column if not exists content_key varchar;",
    ]
    for statement in statements:
        con.execute(statement)
    assert missing_columns(con) == []


def test_a_missing_required_column_is_refused(monkeypatch):
    con = duckdb.connect()
    con.execute(schema_sql())
    grown = Table("quotes", (*RAW_TABLES["quotes"].columns, Column("speaker_role", "varchar", required=True)))
    monkeypatch.setitem(RAW_TABLES, "quotes", grown)
    with pytest.raises(RuntimeError, match="speaker_role"):
        missing_columns(con)


def test_an_unknown_column_type_is_refused():
    with pytest.raises(ValueError, match="no Arrow type"):
        Column("x", "hugeint")
