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

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

BUILD_DIR = ".build"


def file_identity(path: Path) -> dict[str, int] | None:
    """What tells two versions of the published file apart (None when there is none)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return {"inode": st.st_ino, "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


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
        try:
            base = json.loads(self.marker.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return base.get("published") == file_identity(self.published)

    def prepare(self) -> bool:
        """Make the build file ready to write; return True when an interrupted run's work is resumed."""
        if self.resumable():
            return True
        self.discard()
        self.directory.mkdir(parents=True, exist_ok=True)
        identity = file_identity(self.published)
        if identity is not None:
            shutil.copyfile(self.published, self.path)
            if _wal(self.published).exists():  # changes someone wrote without a checkpoint travel too
                shutil.copyfile(_wal(self.published), _wal(self.path))
        self.marker.write_text(json.dumps({"published": identity}), encoding="utf-8")
        return False

    def publish(self) -> None:
        """Atomically replace the published file by the build (which must be closed by every writer)."""
        if _wal(self.path).exists():  # a writer that did not checkpoint: fold its log into the file first
            import duckdb

            with duckdb.connect(str(self.path)) as con:
                con.execute("checkpoint")
        os.replace(self.path, self.published)
        _wal(self.published).unlink(missing_ok=True)  # it was copied into the build at prepare time
        self.marker.unlink(missing_ok=True)
        fd = os.open(self.published.parent, os.O_RDONLY)
        try:
            os.fsync(fd)  # the rename itself survives a power cut
        finally:
            os.close(fd)

    def discard(self) -> None:
        for path in (self.path, _wal(self.path), self.marker):
            path.unlink(missing_ok=True)
