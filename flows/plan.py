"""Decide, before writing anything, whether a run has work to do.

A scheduled run every 15 minutes usually finds nothing new. Answering that from the
published warehouse (read-only) and a hash of the seeds folder costs a second; starting
Prefect, copying the warehouse and rebuilding every dbt model costs tens. The CLI asks
this before it starts Prefect at all, and the flow asks it again under the run lock.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from flows.discover import Discovery, already_recorded, discover, require_seeds_folder
from flows.lake import lake_needs_publish
from flows.load import BuildState, build_state, latest_files
from flows.publish import BuildFile
from flows.settings import Settings

# What in the dbt project changes what a build produces (not target/, logs/, docs).
_PROJECT_GLOBS = ("dbt_project.yml", "profiles.yml", "models/**/*", "macros/**/*", "seeds/**/*", "tests/**/*")


def dbt_project_hash(project_dir: Path) -> str:
    """A hash of every file of the dbt project that shapes the marts, and of the DuckDB
    and dbt-duckdb releases that run it (an upgrade may compute differently)."""
    from importlib.metadata import version

    digest = hashlib.sha256()
    digest.update(f"duckdb {duckdb.__version__} dbt-duckdb {version('dbt-duckdb')}\0".encode())
    files = sorted({p for pattern in _PROJECT_GLOBS for p in project_dir.glob(pattern) if p.is_file()})
    for path in files:
        digest.update(path.relative_to(project_dir).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


DOCS_STAMP = "docs_project_hash"  # in the dbt target folder: the project hash the docs site describes


def docs_current(settings: Settings, project_hash: str) -> bool:
    """The docs site describes the project, not the data: it is current while the project is unchanged."""
    stamp = settings.dbt_target_dir / DOCS_STAMP
    catalog = settings.dbt_target_dir / "catalog.json"
    try:
        return catalog.exists() and stamp.read_text(encoding="utf-8").strip() == project_hash
    except OSError:
        return False


@dataclass(frozen=True)
class RunPlan:
    """What a run would do, judged from the published warehouse."""

    resume: bool  # an interrupted run left committed work in the build file
    discovery: Discovery | None  # None when resuming (the build file is the reference then)
    build_reason: str | None  # why dbt must run, None when the marts are up to date
    project_hash: str
    lake_behind: bool = False  # a DuckLake catalog is configured and lacks the published marts

    @property
    def file_work(self) -> bool:
        d = self.discovery
        return d is None or bool(d.to_process or d.deleted or d.unreadable)

    @property
    def nothing_to_do(self) -> bool:
        return not self.resume and not self.file_work and self.build_reason is None and not self.lake_behind

    def describe(self) -> str:
        if self.resume:
            return "an interrupted run left committed work behind: resuming it"
        if self.nothing_to_do:
            held = self.discovery.held if self.discovery else []
            extra = f"; {held_message(held)}" if held else ""
            return (
                "nothing to do: no new, changed or removed file in the seeds folder and no change to the dbt "
                f"project since the last build, so the marts are up to date (dbt build and docs skipped){extra}"
            )
        if self.build_reason:
            return self.build_reason
        if self.lake_behind and not self.file_work:
            return "the DuckLake catalog lacks the published marts: publishing them"
        return "files to load"


def held_message(held: list[str]) -> str:
    return (
        f"every one of the {len(held)} known file(s) is missing from the seeds folder at once (empty or swapped "
        "folder, unmounted share?); none was marked removed. Run with --allow-remove-all "
        "(NEWS_ALLOW_REMOVE_ALL=1) if they really are gone"
    )


class WarehouseHeldError(RuntimeError):
    """Another program holds the published warehouse open for writing."""


def open_published(path: Path, attempts: int = 5) -> duckdb.DuckDBPyConnection | None:
    """The published warehouse, read-only; None when there is none yet."""
    if not path.exists():
        return None
    for attempt in range(attempts):
        try:
            return duckdb.connect(str(path), read_only=True)
        except duckdb.IOException as exc:  # someone holds it read-write (not a run: runs write the build file)
            if "lock" not in str(exc).lower():
                raise
            if attempt == attempts - 1:
                raise WarehouseHeldError(
                    f"{path} is held open for writing by another program (not a pipeline run: runs write "
                    f"{BuildFile(path).path}); close it, or open it read-only, and run again ({exc})"
                ) from exc
            time.sleep(0.5)
    return None


def plan_run(settings: Settings) -> RunPlan:
    """Compare the seeds folder and the dbt project with what the published warehouse was built from."""
    project_hash = dbt_project_hash(settings.dbt_project_dir)
    require_seeds_folder(settings.seeds_dir)  # first: a missing folder changes nothing, resumed or not
    if BuildFile(settings.warehouse_path).resumable():
        return RunPlan(True, None, "an interrupted run's work is to be finished", project_hash)
    con = open_published(settings.warehouse_path)
    if con is None:
        known: dict[str, tuple[str | None, str]] = {}
        state = BuildState(0, None, None, False)
    else:
        try:
            state = build_state(con)
            known = latest_files(con) if state.max_file_seq else {}
        finally:
            con.close()
    discovery = discover(settings.seeds_dir, settings.suffixes, known, settings.allow_remove_all,
                         settings.retry_failed)  # fmt: skip
    # unreadable files already recorded as failed are not new work
    discovery.unreadable = [f for f in discovery.unreadable if not already_recorded(f, known)]
    reason = state.build_needed(project_hash)
    if reason is None and settings.docs and not docs_current(settings, project_hash):
        reason = "the dbt docs site is missing or describes another version of the project"
    behind = bool(settings.ducklake_catalog) and lake_needs_publish(
        settings.warehouse_path, settings.ducklake_catalog, settings.ducklake_data_path
    )
    return RunPlan(False, discovery, reason, project_hash, behind)
