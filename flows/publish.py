"""A run writes a private copy of the warehouse and publishes it by one atomic rename.

DuckDB lets one process hold a file for writing, and while it does, nobody can open the
file even read-only. Readers (the CLI, a notebook, the duckdb CLI, the briefing) would
otherwise wait for the whole ingest and dbt build. Instead a run copies the published
file into ``<warehouse dir>/.build/``, does all its writing there, checkpoints it, and
renames it over the published file. ``rename`` is atomic on one file system: a reader
opens either the old or the new warehouse, never a half-written one, and never waits;
a reader that already has the old file open keeps reading it (Linux keeps the inode).

The build keeps the published file's name so DuckDB gives both the same catalog name
(views that dbt created refer to it). A run that is killed leaves its build file behind;
because every batch was committed there, the next run resumes from it instead of
redoing the work, as long as the published file is still the one the build started from.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

BUILD_DIR = ".build"


_EDGE = 1 << 20


def file_identity(path: Path) -> dict[str, object] | None:
    """What tells two versions of the published file apart (None when there is none).

    Inode, size and mtime, plus a hash of the file's first and last MiB and whether a
    write-ahead log sits beside it: a restore with ``cp -p`` keeps the first three, and
    the hash is cheap whatever the file's size.
    """
    try:
        st = path.stat()
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            digest.update(handle.read(_EDGE))
            if st.st_size > 2 * _EDGE:
                handle.seek(-_EDGE, os.SEEK_END)
                digest.update(handle.read(_EDGE))
    except FileNotFoundError:
        return None
    return {"inode": st.st_ino, "size": st.st_size, "mtime_ns": st.st_mtime_ns, "edges": digest.hexdigest(),
            "wal": _wal(path).exists()}  # fmt: skip


class PublishConflictError(RuntimeError):
    """The published file was changed by another program during the run; the build was not published."""


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


@dataclass(frozen=True)
class Prepared:
    resumed: bool  # an interrupted run's committed batches are in the build file
    abandoned_runs: list[
        tuple[str, datetime]
    ]  # (run id, start) of killed runs whose build file had to be discarded (the published file changed)


@dataclass(frozen=True)
class BuildFile:
    """The private working copy of one published warehouse file."""

    published: Path

    @property
    def directory(self) -> Path:
        return self.published.parent / BUILD_DIR

    @property
    def path(self) -> Path:
        return self.directory / self.published.name

    @property
    def marker(self) -> Path:
        return self.directory / (self.published.name + ".base.json")

    def resumable(self) -> bool:
        """True when an interrupted run's build file exists and was copied from today's published file."""
        if not self.path.exists() or not self.marker.exists():
            return False
        return self.base() == file_identity(self.published)

    def base(self) -> dict[str, object] | None:
        try:
            return json.loads(self.marker.read_text(encoding="utf-8")).get("published")
        except (OSError, ValueError):
            return None

    def stale_running_runs(self) -> list[tuple[str, datetime]]:
        """Run ids an abandoned build file recorded as still running (killed runs whose build is discarded)."""
        if not self.path.exists():
            return []
        try:
            import duckdb

            with duckdb.connect(str(self.path), read_only=True) as con:
                return con.execute("select run_id, started_at from raw.runs where status = 'running'").fetchall()
        except Exception:  # a half-written or foreign file: nothing to carry over
            return []

    def prepare(self) -> Prepared:
        """Make the build file ready to write: resume an interrupted run's, or copy the published file."""
        if self.resumable():
            return Prepared(resumed=True, abandoned_runs=[])
        abandoned = self.stale_running_runs()  # killed runs whose work cannot be resumed: keep their record
        self.discard()
        self.directory.mkdir(parents=True, exist_ok=True)
        identity = file_identity(self.published)
        if identity is not None and identity["wal"]:
            # someone wrote the published file without a checkpoint: fold the log in first, so
            # no log has to travel with the copy or linger beside the file the build replaces
            import duckdb

            with duckdb.connect(str(self.published)) as con:
                con.execute("checkpoint")
            identity = file_identity(self.published)
        if identity is not None:
            shutil.copyfile(self.published, self.path)
        self.marker.write_text(json.dumps({"published": identity}), encoding="utf-8")
        return Prepared(resumed=False, abandoned_runs=abandoned)

    def publish(self) -> None:
        """Atomically replace the published file by the build (which must be closed by every writer).

        Refuses (and discards the build) when the published file changed since the build
        was copied from it: publishing would silently drop what another program wrote or
        restored. The run's files are then simply found again by the next run.
        """
        if file_identity(self.published) != self.base():
            self.discard()
            raise PublishConflictError(
                f"{self.published} was changed by another program while this run worked on a copy of it; the "
                "run's result was not published (the next run starts from the changed file and redoes the work)"
            )
        if _wal(self.path).exists():  # a writer that did not checkpoint: fold its log into the file first
            import duckdb

            with duckdb.connect(str(self.path)) as con:
                con.execute("checkpoint")
        os.replace(self.path, self.published)
        self.marker.unlink(missing_ok=True)
        fd = os.open(self.published.parent, os.O_RDONLY)
        try:
            os.fsync(fd)  # the rename itself survives a power cut
        finally:
            os.close(fd)

    def discard(self) -> None:
        for path in (self.path, _wal(self.path), self.marker):
            path.unlink(missing_ok=True)
