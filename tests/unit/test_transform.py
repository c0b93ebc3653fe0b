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


def test_project_only_nodes_are_left_out_of_a_build_only_when_the_project_is_unchanged():
    from flows.transform import build_command

    assert build_command(project_changed=True) == ["build"]
    unchanged = build_command(project_changed=False)
    assert unchanged[0] == "build"
    assert "unit_test" in unchanged and "resource_type:seed" in unchanged
    assert "path:models/staging/reference" in unchanged and "cautious" in unchanged


def test_the_project_hash_changes_with_the_duckdb_release(tmp_path, monkeypatch):
    import duckdb

    from flows.plan import dbt_project_hash

    (tmp_path / "dbt_project.yml").write_text("name: x\n", encoding="utf-8")
    before = dbt_project_hash(tmp_path)
    monkeypatch.setattr(duckdb, "__version__", "0.0.1")
    assert dbt_project_hash(tmp_path) != before
