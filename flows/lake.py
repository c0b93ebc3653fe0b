"""Publish the marts into a DuckLake catalog, one snapshot per run, for readers elsewhere.

The run itself keeps writing one local DuckDB file (flows/publish.py): loading and dbt
are single-writer work and a local file is the fastest place for them. What other
machines need is the result, so after a successful build the marts are copied into a
DuckLake catalog in **one transaction**: DuckLake turns that into one snapshot, so a
reader attached to the catalog sees the marts of one run or of the next, never a mix,
and can go back to any earlier run with ``AT (VERSION => n)``.

The catalog is a SQLite file (several processes on one machine or a shared disk), a
DuckDB file (one process at a time) or PostgreSQL (``postgres:dbname=news host=…``, many
machines); the data files go to ``NEWS_DUCKLAKE_DATA_PATH`` (a folder, or object storage
with the httpfs extension). The DuckLake, SQLite and PostgreSQL extensions load from
their PyPI wheels (``duckdb-extension-*``, pinned to the installed DuckDB), never from
the network.
"""

from __future__ import annotations

import contextlib
import importlib.util
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from flows.load import BuildState, build_state

LAKE = "lake"  # the catalog's name once attached
MARKER = "pipeline_published"  # one row per publish: what the lake's marts were built from


class LakeError(RuntimeError):
    """The DuckLake catalog cannot be opened or written; the message says what to do."""


def extension_file(name: str) -> Path:
    """The extension binary inside its ``duckdb-extension-<name>`` wheel, for this DuckDB."""
    spec = importlib.util.find_spec(f"duckdb_extension_{name}")
    wheel = f"duckdb-extension-{name.replace('_', '-')}=={duckdb.__version__}"
    if spec is None or not spec.submodule_search_locations:
        raise LakeError(f"the DuckDB extension {name!r} is not installed: pip install {wheel}")
    root = Path(next(iter(spec.submodule_search_locations)))
    path = root / "extensions" / f"v{duckdb.__version__}" / f"{name}.duckdb_extension"
    if not path.exists():
        found = sorted(p.parent.name for p in root.glob("extensions/*/*.duckdb_extension"))
        raise LakeError(f"the {name} extension installed is built for DuckDB {found}, not {duckdb.__version__}: "
                        f"pip install {wheel}")  # fmt: skip
    return path


def metadata_kind(catalog: str) -> str:
    """Which database holds the catalog's metadata: postgres, sqlite or duckdb."""
    if catalog.startswith("postgres:"):
        return "postgres"
    return "sqlite" if catalog.endswith((".sqlite", ".sqlite3", ".db")) else "duckdb"


def sqlite_wal(path: Path) -> None:
    """Put a SQLite catalog in write-ahead-log mode (a setting stored in the file).

    In SQLite's default mode a reader holds off the writer's commit ("database is
    locked"), so a dashboard polling the lake could make a publish fail; with WAL,
    readers and the one writer proceed side by side.
    """
    with sqlite3.connect(path) as db:
        if db.execute("pragma journal_mode").fetchone()[0].lower() != "wal":
            db.execute("pragma journal_mode=wal")


def attach_sql(catalog: str, data_path: str | None, read_only: bool = False) -> tuple[list[str], str]:
    """The extensions to load and the ATTACH statement for ``catalog``."""
    kind = metadata_kind(catalog)
    if kind == "postgres":
        extensions, metadata = ["ducklake", "postgres_scanner"], catalog
    elif kind == "sqlite":
        extensions, metadata = ["ducklake", "sqlite_scanner"], f"sqlite:{catalog}"
    else:
        extensions, metadata = ["ducklake"], catalog
    options = []
    if data_path:
        options.append(f"data_path '{_quote(data_path)}'")
    if read_only:
        options.append("read_only")
    suffix = f" ({', '.join(options)})" if options else ""
    return extensions, f"attach 'ducklake:{_quote(metadata)}' as {LAKE}{suffix}"


def _quote(text: str) -> str:
    return text.replace("'", "''")


def attach_lake(con: duckdb.DuckDBPyConnection, catalog: str, data_path: str | None,
                read_only: bool = False) -> None:  # fmt: skip
    """Attach the DuckLake catalog to ``con`` as ``lake`` (extensions from their wheels).

    A reader may leave ``data_path`` out: the catalog records where its files are. A local
    folder is made absolute, as the pipeline stores it.
    """
    local_data = bool(data_path) and "://" not in data_path
    if local_data:
        data_path = str(Path(data_path).expanduser().resolve())
    extensions, attach = attach_sql(catalog, data_path, read_only)
    for name in extensions:
        con.execute(f"load '{_quote(str(extension_file(name)))}'")
    if not read_only:  # a new local catalog and data folder are created on first publish
        kind = metadata_kind(catalog)
        if kind != "postgres":
            Path(catalog).parent.mkdir(parents=True, exist_ok=True)
        if kind == "sqlite":
            sqlite_wal(Path(catalog))
        if local_data:
            Path(data_path).mkdir(parents=True, exist_ok=True)
    con.execute(attach)


def lake_behind(con: duckdb.DuckDBPyConnection, state: BuildState) -> bool:
    """Whether the lake's marts were built from something else than the warehouse's."""
    try:
        row = con.execute(f"select dbt_project_hash, built_file_seq from {LAKE}.main.{MARKER} "
                          "order by published_at desc limit 1").fetchone()  # fmt: skip
    except duckdb.CatalogException:
        return True  # never published
    return row is None or tuple(row) != (state.dbt_project_hash, state.built_file_seq)


@dataclass(frozen=True)
class LakePublish:
    snapshot: int  # the DuckLake snapshot that holds this run's marts
    tables: int
    seconds: float


def published_marts(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every table and view of the current warehouse's ``marts`` schema."""
    rows = con.execute("select table_name from information_schema.tables where table_schema = 'marts' "
                       "and table_catalog = current_database() order by table_name").fetchall()  # fmt: skip
    return [r[0] for r in rows]


def _open_warehouse(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """The published warehouse, read-only, in an in-memory database that can still write the lake.

    (A database opened read-only attaches everything else read-only too.) It is attached
    under its file's stem, the catalog name dbt's views in it refer to.
    """
    con = duckdb.connect(":memory:")
    con.execute(f"attach '{_quote(str(warehouse))}' as {warehouse.stem} (read_only)")
    con.execute(f"use {warehouse.stem}")
    return con


def publish_to_lake(warehouse: Path, catalog: str, data_path: str | None, run_id: str) -> LakePublish:
    """Copy every mart of the published ``warehouse`` into the lake in one transaction.

    Views (``files``, ``pipeline_runs``) become tables there: a reader of the lake has no
    ``raw`` schema to resolve them against. Old snapshots keep their data files until
    ``ducklake_expire_snapshots`` is called; that is the catalog owner's choice.
    """
    started = time.perf_counter()
    con = _open_warehouse(warehouse)
    try:
        state = build_state(con)
        marts = published_marts(con)
        attach_lake(con, catalog, data_path)
        con.execute("begin")
        try:
            con.execute(f"create schema if not exists {LAKE}.marts")
            for name in marts:
                con.execute(f"drop table if exists {LAKE}.marts.{name}")
                con.execute(f"create table {LAKE}.marts.{name} as select * from marts.{name}")
            con.execute(f"create table if not exists {LAKE}.main.{MARKER} (run_id varchar, dbt_project_hash varchar, "
                        "built_file_seq bigint, published_at timestamp)")  # fmt: skip
            con.execute(f"insert into {LAKE}.main.{MARKER} values (?, ?, ?, now()::timestamp)",
                        [run_id, state.dbt_project_hash, state.built_file_seq])  # fmt: skip
            con.execute("commit")
        except BaseException:
            with contextlib.suppress(duckdb.Error):  # a failed commit has rolled back; report the first error
                con.execute("rollback")
            raise
        snapshot = con.execute(f"select max(snapshot_id) from ducklake_snapshots('{LAKE}')").fetchone()[0]
    except (duckdb.Error, sqlite3.Error, OSError) as exc:
        raise LakeError(f"could not publish to the DuckLake catalog {catalog}: {exc}") from exc
    finally:
        con.close()
    return LakePublish(int(snapshot), len(marts), time.perf_counter() - started)


def lake_needs_publish(warehouse: Path, catalog: str, data_path: str | None) -> bool:
    """Whether the lake lags the published warehouse (a failed publish, a new catalog)."""
    if not warehouse.exists():
        return False
    con = _open_warehouse(warehouse)
    try:
        state = build_state(con)
        if state.built_file_seq is None:
            return False  # nothing built yet: the run will build and publish
        attach_lake(con, catalog, data_path, read_only=True)
        return lake_behind(con, state)
    except (duckdb.Error, LakeError, sqlite3.Error, OSError):
        return True  # no catalog yet, or one that cannot be read: a publish will say why
    finally:
        con.close()
