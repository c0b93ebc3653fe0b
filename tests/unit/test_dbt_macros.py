"""The project's own generic dbt tests, rendered and run on DuckDB: they must fail on bad data."""

from __future__ import annotations

import duckdb
import jinja2

from tests.conftest import ROOT


def render_test(macro_file: str, name: str, **kwargs: object) -> str:
    """The SQL a ``{% test name(...) %}`` block renders to (no dbt needed: plain Jinja)."""
    source = (ROOT / "dbt" / "macros" / macro_file).read_text(encoding="utf-8")
    source = source.replace("{% test ", "{% macro test_").replace("{% endtest %}", "{% endmacro %}")
    module = jinja2.Environment().from_string(source).module
    return str(getattr(module, f"test_{name}")(**kwargs))


def failures(sql: str, rows: list[tuple]) -> int:
    con = duckdb.connect()
    con.execute("create table t (k integer, v varchar)")
    if rows:
        con.executemany("insert into t values (?, ?)", rows)
    return len(con.execute(sql).fetchall())


def test_primary_key_passes_a_key_and_fails_on_duplicates_and_nulls():
    sql = render_test("test_primary_key.sql", "primary_key", model="t", column_name="k")
    assert failures(sql, [(1, "a"), (2, "b")]) == 0
    assert failures(sql, [(1, "a"), (1, "b"), (2, "c")]) == 1
    assert failures(sql, [(1, "a"), (None, "b")]) == 1
    assert failures(sql, [(None, "a"), (None, "b"), (3, "c"), (3, "d")]) == 2


def test_unique_combination_fails_on_a_repeated_pair():
    sql = render_test("test_unique_combination.sql", "unique_combination", model="t", combination_of_columns=["k", "v"])
    assert failures(sql, [(1, "a"), (1, "b")]) == 0
    assert failures(sql, [(1, "a"), (1, "a")]) == 1
