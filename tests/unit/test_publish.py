"""flows/publish.py: a private build file, resumed after a kill, published only over what it was copied from."""

from __future__ import annotations

import shutil
from datetime import datetime

import duckdb
import pytest

from flows.publish import BuildFile, PublishConflictError, file_identity


def make_published(path, rows: int = 1) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute("create schema raw; create table raw.runs (run_id varchar, started_at timestamp, status varchar)")
        con.execute("create table t as select range as x from range(?)", [rows])


def count(path) -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("select count(*) from t").fetchone()[0]


def test_the_build_is_a_copy_and_publishing_replaces_the_file_atomically(tmp_path):
    published = tmp_path / "news.duckdb"
    make_published(published, 3)
    build = BuildFile(published)
    prepared = build.prepare()
    assert not prepared.resumed and build.path.name == published.name  # same catalog name for dbt's views
    reader = duckdb.connect(str(published), read_only=True)  # a reader holding the old file keeps it
    with duckdb.connect(str(build.path)) as con:
        con.execute("insert into t values (99)")
    assert count(published) == 3  # nothing visible before publishing
    build.publish()
    assert reader.execute("select count(*) from t").fetchone()[0] == 3
    reader.close()  # (DuckDB shares one instance per path within a process: close it before reopening)
    assert count(published) == 4 and not build.path.exists() and not build.marker.exists()


def test_a_killed_runs_build_is_resumed_only_over_the_file_it_came_from(tmp_path):
    published = tmp_path / "news.duckdb"
    make_published(published)
    build = BuildFile(published)
    build.prepare()
    with duckdb.connect(str(build.path)) as con:
        con.execute("insert into t values (7)")
    assert build.resumable() and build.prepare().resumed  # the kill: no publish, the next run resumes
    assert count(build.path) == 2


def test_a_restored_published_file_discards_the_stale_build_and_keeps_its_killed_run(tmp_path):
    published = tmp_path / "news.duckdb"
    make_published(published)
    backup = tmp_path / "backup.duckdb"
    shutil.copy2(published, backup)
    build = BuildFile(published)
    build.prepare()
    with duckdb.connect(str(build.path)) as con:
        con.execute("insert into raw.runs values ('killed-run', '2026-01-01 10:00', 'running')")
    with duckdb.connect(str(published)) as con:  # the user changes the published file meanwhile
        con.execute("insert into t values (1), (2)")
    assert not build.resumable()
    prepared = build.prepare()
    assert not prepared.resumed and prepared.abandoned_runs == [("killed-run", datetime(2026, 1, 1, 10, 0))]
    assert count(build.path) == 3  # a fresh copy of the changed file


def test_identity_sees_a_restore_that_keeps_inode_size_and_mtime(tmp_path):
    published = tmp_path / "news.duckdb"
    published.write_bytes(b"a" * 5000)
    before = file_identity(published)
    stat = published.stat()
    with published.open("r+b") as handle:  # same size, same inode, mtime put back
        handle.write(b"b")
    import os

    os.utime(published, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert file_identity(published) != before


def test_publishing_over_a_file_changed_during_the_run_is_refused(tmp_path):
    published = tmp_path / "news.duckdb"
    make_published(published)
    build = BuildFile(published)
    build.prepare()
    with duckdb.connect(str(published)) as con:
        con.execute("insert into t values (5)")
    with pytest.raises(PublishConflictError, match="changed by another program"):
        build.publish()
    assert count(published) == 2 and not build.path.exists()


def test_first_build_without_a_published_file(tmp_path):
    published = tmp_path / "news.duckdb"
    build = BuildFile(published)
    assert not build.prepare().resumed
    make_published(build.path)
    build.publish()
    assert count(published) == 1
