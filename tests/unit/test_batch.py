"""Submitting batches (flows/batch.py): in order, a bounded number ahead, each with only what it needs."""

from __future__ import annotations

from pathlib import Path

from flows import batch
from flows.discover import FoundFile


class Finished:
    """A future that is already done."""

    def __init__(self, value: object) -> None:
        self.value = value

    def result(self) -> object:
        return self.value


def found(name: str) -> FoundFile:
    return FoundFile(name, Path("/seeds") / name, "sha-" + name, 10, None, "txt")


def test_each_batch_is_submitted_with_its_own_files_changes_only(monkeypatch):
    """The whole run's change map went with every submission, and the flow process grew
    with batches x files (612 MB at 10,000 articles); a batch needs its own files' entries."""
    submitted: list[dict[str, str]] = []

    def submit(files, changes, job):
        submitted.append(changes)
        return Finished([f.path for f in files])

    monkeypatch.setattr(batch.prepare_batch, "submit", submit)
    batches = [[found("a.txt"), found("b.txt")], [found("c.txt")], [found("d.txt")]]
    changes = {"a.txt": "new", "b.txt": "changed", "c.txt": "new", "d.txt": "new"}
    results = list(batch.prepared_in_order(batches, changes, job=None, in_flight=2))
    assert results == [["a.txt", "b.txt"], ["c.txt"], ["d.txt"]]  # in submission order
    assert submitted == [{"a.txt": "new", "b.txt": "changed"}, {"c.txt": "new"}, {"d.txt": "new"}]
