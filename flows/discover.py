"""Find the files in the seeds folder that are new or changed since the last run.

A file version is identified by its path and the sha256 of its bytes, so a touched but
identical file is skipped, an edited file is a new version, a renamed file is a new
path (whose content may already be a known document), and a path that disappeared is
recorded as deleted. Symlinks are not followed into directories, so a symlink loop
cannot trap the walk.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

_CHUNK = 1 << 20


@dataclass(frozen=True)
class FoundFile:
    """A file on disk, hashed; ``error`` is set when it could not be read."""

    path: str  # relative to the seeds folder, POSIX separators: the file's identity
    abs_path: Path
    sha256: str | None
    bytes: int | None
    modified_at: datetime | None
    format: str
    error: str | None = None


@dataclass
class Discovery:
    """Files to process this run, by what changed."""

    new: list[FoundFile]
    changed: list[FoundFile]
    unchanged: list[FoundFile]
    unreadable: list[FoundFile]
    deleted: list[str]
    held: list[str] = field(default_factory=list)  # missing paths not marked deleted (see ``discover``)

    @property
    def to_process(self) -> list[FoundFile]:
        return self.new + self.changed

    @property
    def seen(self) -> int:
        return len(self.new) + len(self.changed) + len(self.unchanged) + len(self.unreadable)

    def counts(self) -> dict[str, int]:
        return {"seen": self.seen, "new": len(self.new), "changed": len(self.changed),
                "unchanged": len(self.unchanged), "deleted": len(self.deleted)}  # fmt: skip


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def file_format(path: Path) -> str:
    suffix = path.suffix.lower()
    return {".htm": "html", ".markdown": "md"}.get(suffix, suffix.lstrip("."))


def walk(seeds_dir: Path, suffixes: tuple[str, ...]) -> list[FoundFile]:
    """Every supported file under ``seeds_dir``, sorted by path, each hashed or with its error."""
    found: list[FoundFile] = []
    for root, dirs, files in os.walk(seeds_dir, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            abs_path = Path(root) / name
            if name.startswith(".") or abs_path.suffix.lower() not in suffixes:
                continue
            rel = abs_path.relative_to(seeds_dir).as_posix()
            try:
                stat = abs_path.stat()
                if not abs_path.is_file():
                    raise OSError("not a regular file")
                digest = sha256_file(abs_path)
            except OSError as exc:
                reason = exc.strerror or str(exc)
                found.append(
                    FoundFile(rel, abs_path, None, None, None, file_format(abs_path), f"cannot read file: {reason}")
                )
                continue
            modified = datetime.fromtimestamp(stat.st_mtime, UTC).replace(tzinfo=None)
            found.append(FoundFile(rel, abs_path, digest, stat.st_size, modified, file_format(abs_path)))
    return found


class SeedsFolderMissingError(RuntimeError):
    """The seeds folder does not exist (or is not a folder): nothing can be inferred from it."""


def require_seeds_folder(seeds_dir: Path) -> None:
    """Raise SeedsFolderMissingError unless ``seeds_dir`` is a folder: a missing one says nothing about deletions."""
    if not seeds_dir.is_dir():
        raise SeedsFolderMissingError(
            f"the seeds folder {seeds_dir} does not exist or is not a folder; nothing was changed "
            "(create it, or point NEWS_SEEDS_DIR / --seeds at the right folder)"
        )


def already_recorded(found: FoundFile, known: dict[str, tuple[str | None, str]]) -> bool:
    """An unreadable file whose latest version is already recorded as failed: not new work, not a new row."""
    return known.get(found.path) == (None, "failed")


def discover(seeds_dir: Path, suffixes: tuple[str, ...], known: dict[str, tuple[str | None, str]],
             allow_remove_all: bool = False, retry_failed: bool = False) -> Discovery:  # fmt: skip
    """Compare the folder with ``known`` (path → (sha256, status) of the latest recorded version).

    Deletion is never inferred from nothing: a missing folder raises, and when *every*
    known file is gone at once (an empty folder, an unmounted share, a folder swapped
    for another) nothing is marked deleted unless ``allow_remove_all``; the paths are
    returned in ``held`` so the run can say why. ``retry_failed`` reprocesses files whose
    latest version failed even though their bytes did not change (after a code fix).
    """
    require_seeds_folder(seeds_dir)
    result = Discovery([], [], [], [], [])
    on_disk = walk(seeds_dir, suffixes)
    for item in on_disk:
        previous = known.get(item.path)
        if item.error:
            result.unreadable.append(item)
        elif previous is None or previous[1] == "deleted":
            result.new.append(item)
        elif previous[0] != item.sha256 or (retry_failed and previous[1] == "failed"):
            result.changed.append(item)
        else:
            result.unchanged.append(item)
    present = {item.path for item in on_disk}
    live = [p for p, (_, status) in known.items() if status != "deleted"]
    missing = sorted(p for p in live if p not in present)
    if missing and len(missing) == len(live) and not allow_remove_all:
        result.held = missing
    else:
        result.deleted = missing
    return result
