"""flows/transform.py: how dbt is called."""

from __future__ import annotations

import json
import os
from pathlib import Path

from flows.settings import Settings
from flows.transform import dbt_args


def test_dbt_gets_the_warehouse_as_vars_and_the_environment_is_left_alone():
    before = dict(os.environ)
    settings = Settings(warehouse_path=Path("/data/w/news.duckdb"), duckdb_memory_limit="2GB")
    args = dbt_args(["build"], settings)
    assert args[0] == "build"
    assert json.loads(args[args.index("--vars") + 1]) == {
        "warehouse_path": "/data/w/news.duckdb",
        "duckdb_memory_limit": "2GB",
    }
    assert dict(os.environ) == before


def test_the_profile_reads_those_vars_before_the_environment():
    profile = (Path(__file__).resolve().parents[2] / "dbt" / "profiles.yml").read_text(encoding="utf-8")
    assert "var('warehouse_path', env_var('NEWS_WAREHOUSE_PATH'" in profile
    assert "var('duckdb_memory_limit', env_var('NEWS_DUCKDB_MEMORY_LIMIT'" in profile
