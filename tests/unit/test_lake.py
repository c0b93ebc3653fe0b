"""How the DuckLake catalog is named, attached and found (flows/lake.py)."""

from __future__ import annotations

import sqlite3

import duckdb
import pytest

from flows.lake import LakeError, attach_sql, extension_file, sqlite_wal
from flows.settings import Settings


@pytest.mark.parametrize(
    ("catalog", "extensions", "metadata"),
    [
        ("/data/lake/catalog.sqlite", ["ducklake", "sqlite_scanner"], "ducklake:sqlite:/data/lake/catalog.sqlite"),
        ("/data/lake/catalog.ducklake", ["ducklake"], "ducklake:/data/lake/catalog.ducklake"),
        ("postgres:dbname=news host=db", ["ducklake", "postgres_scanner"], "ducklake:postgres:dbname=news host=db"),
    ],
)
def test_the_catalog_kind_decides_the_extensions_and_the_attach(catalog, extensions, metadata):
    loads, attach = attach_sql(catalog, "s3://bucket/news/", read_only=True)
    assert loads == extensions
    assert attach == f"attach '{metadata}' as lake (data_path 's3://bucket/news/', read_only)"


def test_quotes_in_paths_cannot_break_the_statement():
    _, attach = attach_sql("/data/it's/catalog.sqlite", None)
    assert attach == "attach 'ducklake:sqlite:/data/it''s/catalog.sqlite' as lake"


def test_extensions_load_from_their_wheels_for_this_duckdb():
    con = duckdb.connect()
    for name in ("ducklake", "sqlite_scanner"):
        path = extension_file(name)
        assert f"v{duckdb.__version__}" in str(path)
        con.execute(f"load '{path}'")


def test_a_missing_extension_says_what_to_install():
    with pytest.raises(LakeError, match=f"pip install duckdb-extension-postgres-scanner=={duckdb.__version__}"):
        extension_file("postgres_scanner")


def test_a_sqlite_catalog_is_put_in_wal_mode(tmp_path):
    path = tmp_path / "catalog.sqlite"
    sqlite_wal(path)
    sqlite_wal(path)  # twice is fine
    with sqlite3.connect(path) as db:
        assert db.execute("pragma journal_mode").fetchone()[0] == "wal"


def test_lake_settings(tmp_path):
    settings = Settings(ducklake_catalog=str(tmp_path / "lake" / "catalog.sqlite"))
    assert settings.ducklake_data_path == str(tmp_path / "lake" / "catalog.files")
    remote = Settings(ducklake_catalog="postgres:dbname=news", ducklake_data_path="s3://bucket/news/")
    assert (remote.ducklake_catalog, remote.ducklake_data_path) == ("postgres:dbname=news", "s3://bucket/news/")
    assert Settings().ducklake_catalog is None
