"""The end-of-run summary: printed to the console and saved as a Prefect artifact."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

MARTS = (
    "articles",
    "entities",
    "mentions",
    "entity_cooccurrence",
    "events",
    "event_mentions",
    "event_participants",
    "quotes",
)


@dataclass
class RunSummary:
    run_id: str
    status: str
    counts: dict[str, int]
    seconds: dict[str, float]
    rows_by_mart: dict[str, int] = field(default_factory=dict)
    failures: list[tuple[str, str, str]] = field(default_factory=list)
    dbt_failures: list[str] = field(default_factory=list)
    warehouse: str = ""
    failing: list[tuple[str, str]] = field(default_factory=list)  # every file failing now: (path, reason)
    notes: list[str] = field(default_factory=list)  # what the run decided and why (skips, held deletions)
    briefing: str = ""  # the briefing page written by this run ("" when none was)
    cpu_seconds: dict[str, float] = field(default_factory=dict)  # worker CPU seconds per stage (of its wall seconds)
    workers: list[str] = field(default_factory=list)  # host:pid of each process that prepared batches

    @property
    def worker_utilisation(self) -> dict[str, float]:
        """CPU seconds over wall seconds per worker stage: 1.0 is a core kept busy for the
        whole stage; less is time a worker spent waiting (I/O, or other processes on its core)."""
        return {stage: cpu / self.seconds[stage] for stage, cpu in self.cpu_seconds.items()
                if self.seconds.get(stage, 0) > 0}  # fmt: skip

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


def annotation_notes(annotators: list[tuple[str, str | None, int]]) -> list[str]:
    """What read this run's documents (annotator, language, count), when not all were
    English; and what was left unread ("none: …" annotators).

    Russian and Chinese documents get entities only (the event and quote rules are
    English); a document in another language is stored but not annotated.
    """
    if all(not a.startswith(("natasha", "jieba", "none")) for a, _, _ in annotators):
        return []
    read: dict[str, int] = {}
    unread: dict[str, int] = {}
    for annotator, language, n in annotators:
        if annotator.startswith("none"):
            unread[language or "unknown"] = unread.get(language or "unknown", 0) + n
        else:
            read[annotator] = read.get(annotator, 0) + n
    notes = []
    if read:
        listed = ", ".join(f"{n} by {a}" for a, n in read.items())
        notes.append(f"documents annotated: {listed} (Russian and Chinese: entities only)")
    if unread:
        listed = ", ".join(f"{n} in '{language}'" for language, n in unread.items())
        notes.append(f"documents not annotated (no annotator for their language; stored and searchable): {listed}")
    return notes


def render_text(summary: RunSummary) -> str:
    """A plain-text summary for the terminal."""
    c = summary.counts
    lines = [
        f"run {summary.run_id}: {summary.status}",
        f"files: {c.get('seen', 0)} seen, {c.get('new', 0)} new, {c.get('changed', 0)} changed, "
        f"{c.get('unchanged', 0)} unchanged, {c.get('failed', 0)} failed, {c.get('deleted', 0)} deleted, "
        f"{c.get('duplicate', 0)} duplicate; {c.get('documents', 0)} documents loaded",
    ]
    if summary.rows_by_mart:
        lines.append("rows: " + ", ".join(f"{m} {n}" for m, n in summary.rows_by_mart.items()))
    if summary.seconds:
        seconds = ", ".join(f"{k} {v:.2f}" for k, v in summary.seconds.items())
        lines.append(f"seconds: {seconds} (total {summary.total_seconds:.2f})")
    if summary.worker_utilisation:
        busy = ", ".join(f"{k} {v:.0%}" for k, v in summary.worker_utilisation.items())
        lines.append(f"worker CPU per stage: {busy} ({len(summary.workers)} worker process(es))")
    lines.append(f"warehouse: {summary.warehouse}")
    if summary.briefing:
        lines.append(f"briefing: {Path(summary.briefing).as_uri()}")
    lines += [f"note: {note}" for note in summary.notes]
    if summary.failing:
        lines.append(f"files failing now: {len(summary.failing)} (fix or replace them; a changed file is retried)")
        lines += [f"  {path}: {reason}" for path, reason in summary.failing]
    for line in summary.dbt_failures:
        lines.append(f"dbt failure: {line}")
    return "\n".join(lines)


def render_markdown(summary: RunSummary) -> str:
    """The same summary as a Markdown artifact for the Prefect UI."""
    c = summary.counts
    out = [
        f"# Pipeline run `{summary.run_id}`: {summary.status}",
        "",
        "| files seen | new | changed | unchanged | failed | deleted | duplicate | documents loaded |",
        "|---|---|---|---|---|---|---|---|",
        f"| {c.get('seen', 0)} | {c.get('new', 0)} | {c.get('changed', 0)} | {c.get('unchanged', 0)} | "
        f"{c.get('failed', 0)} | {c.get('deleted', 0)} | {c.get('duplicate', 0)} | {c.get('documents', 0)} |",
        "",
        "| mart | rows |",
        "|---|---|",
        *(f"| {m} | {n} |" for m, n in summary.rows_by_mart.items()),
        "",
        "| stage | seconds |",
        "|---|---|",
        *(f"| {k} | {v:.2f} |" for k, v in summary.seconds.items()),
    ]
    if summary.briefing:
        out += [
            "",
            f"**Briefing:** [{Path(summary.briefing).name}]({Path(summary.briefing).as_uri()}) "
            "(events, entity network, places and run health; opens offline)",
        ]
    if summary.notes:
        out += ["", "## Notes", ""] + [f"- {note}" for note in summary.notes]
    if summary.failing:
        out += ["", "## Files failing now", "", "| file | reason |", "|---|---|"]
        out += [f"| {p} | {_cell(r)} |" for p, r in summary.failing]
    if summary.dbt_failures:
        out += ["", "## dbt failures", ""] + [f"- {line}" for line in summary.dbt_failures]
    return "\n".join(out)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
