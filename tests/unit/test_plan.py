"""flows/plan.py and the build state it reads: when a run has work, and when dbt must run."""

from __future__ import annotations

import shutil

from flows.load import BuildState
from flows.plan import DOCS_STAMP, dbt_project_hash, docs_current
from flows.settings import Settings
from tests.conftest import ROOT


def test_build_needed_for_new_rows_a_changed_project_or_an_unfinished_last_run():
    built = BuildState(max_file_seq=10, built_file_seq=10, dbt_project_hash="h", marts_exist=True,
                       last_run_status="succeeded")  # fmt: skip
    assert built.build_needed("h") is None
    assert "loaded, changed" in BuildState(11, 10, "h", True, "succeeded").build_needed("h")
    assert "dbt project changed" in built.build_needed("other")
    assert "have not been built" in BuildState(3, None, None, False).build_needed("h")
    assert "have not been built" in BuildState(3, 3, "h", False, "succeeded").build_needed("h")
    # a failed or killed build may have left the marts half new: rebuild even after a revert
    for status in ("failed", "interrupted"):
        assert "ended " + status in BuildState(10, 10, "h", True, status).build_needed("h")


def test_the_project_hash_follows_models_not_targets(tmp_path):
    project = tmp_path / "dbt"
    shutil.copytree(ROOT / "dbt" / "models", project / "models")
    (project / "dbt_project.yml").write_text("name: x\n")
    first = dbt_project_hash(project)
    (project / "target").mkdir()
    (project / "target" / "manifest.json").write_text("{}")
    assert dbt_project_hash(project) == first
    (project / "models" / "new_model.sql").write_text("select 1 as x")
    assert dbt_project_hash(project) != first


def test_docs_are_current_only_for_the_project_they_were_built_from(tmp_path):
    settings = Settings(dbt_target_dir=tmp_path)
    assert not docs_current(settings, "h")
    (tmp_path / "catalog.json").write_text("{}")
    (tmp_path / DOCS_STAMP).write_text("h")
    assert docs_current(settings, "h") and not docs_current(settings, "other")
