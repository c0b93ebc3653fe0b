"""The real pipeline flow and real dbt on a temporary copy of the seeds.

One module fixture performs the runs in order (seeds, re-run with no change, one HTML
page added) and snapshots the warehouse after each, so each test asserts on one step.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from tests.conftest import HTML_FIXTURES, ROOT, SEEDS, dbt_output_in

MARTS = ("articles", "entities", "mentions", "events", "event_mentions")
HTML_PAGE = next(HTML_FIXTURES.glob("39d5c43beb60*.html"))


@dataclass
class Runs:
    seeds_dir: Path
    warehouse: Path
    seeds_only: Path  # a copy of the warehouse after the seeds-only runs
    summaries: list  # one RunSummary per run: seeds, unchanged, +1 HTML page, folder changes
    counts: list[dict[str, int]]
    target_dir: Path
    top_up_nodes: list[str]  # unique ids of the dbt nodes that the +1 HTML page run's build ran


def mart_counts(path: Path) -> dict[str, int]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {m: con.execute(f"select count(*) from marts.{m}").fetchone()[0] for m in MARTS}


def change_the_folder(seeds_dir: Path) -> None:
    """What users do between runs: copy, edit, syndicate and delete files."""
    (s000,) = seeds_dir.glob("000_*.txt")
    (s001,) = seeds_dir.glob("001_*.txt")
    (s002,) = seeds_dir.glob("002_*.txt")
    (s003,) = seeds_dir.glob("003_*.txt")
    shutil.copy(s003, seeds_dir / "MENAFN copy (1).txt")  # the same article under a second name
    s001.write_text(
        s001.read_text(encoding="utf-8") + "\nThe festival runs until the end of the year.\n", encoding="utf-8"
    )
    syndicated = s002.read_text(encoding="utf-8").replace(
        "Source: Global Times Published: 2025-05-07", "Source: Eurasia Wire Published: 2025-05-08"
    )
    syndicated = syndicated.replace("I would like to emphasize", "I want to stress").replace("Key Words:", "Tags:")
    (seeds_dir / "syndicated interview.txt").write_text(syndicated, encoding="utf-8")
    s000.unlink()


@pytest.fixture(scope="module")
def runs(prefect_harness, tmp_path_factory) -> Runs:
    from flows.pipeline import pipeline

    base = tmp_path_factory.mktemp("e2e")
    seeds_dir = base / "seeds"
    shutil.copytree(SEEDS, seeds_dir)
    warehouse = base / "warehouse" / "news.duckdb"
    with dbt_output_in(base):
        summaries, counts = [], []
        summaries.append(pipeline(seeds_dir=str(seeds_dir), warehouse_path=str(warehouse), docs=True))
        counts.append(mart_counts(warehouse))
        summaries.append(pipeline(seeds_dir=str(seeds_dir), warehouse_path=str(warehouse), docs=False))
        counts.append(mart_counts(warehouse))
        seeds_only = base / "seeds_only" / "news.duckdb"
        seeds_only.parent.mkdir()
        shutil.copy(warehouse, seeds_only)
        shutil.copy(HTML_PAGE, seeds_dir / "us-china-trade.html")
        summaries.append(pipeline(seeds_dir=str(seeds_dir), warehouse_path=str(warehouse), docs=False))
        counts.append(mart_counts(warehouse))
        top_up_nodes = nodes_run(base / "dbt_target")
        change_the_folder(seeds_dir)
        summaries.append(pipeline(seeds_dir=str(seeds_dir), warehouse_path=str(warehouse), docs=False))
        counts.append(mart_counts(warehouse))
    return Runs(seeds_dir, warehouse, seeds_only, summaries, counts, base / "dbt_target", top_up_nodes)


def nodes_run(target_dir: Path) -> list[str]:
    """The unique ids of the dbt nodes (model.…, test.…, unit_test.…) the last dbt command ran."""
    results = json.loads((target_dir / "run_results.json").read_text(encoding="utf-8"))["results"]
    return [r["unique_id"] for r in results]


def query(path: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_first_run_loads_the_five_seed_articles(runs):
    first = runs.summaries[0]
    assert first.status == "succeeded"
    assert (first.counts["seen"], first.counts["new"], first.counts.get("failed", 0)) == (5, 5, 0)
    assert runs.counts[0]["articles"] == 5
    assert query(runs.seeds_only, "select count(*) from marts.articles where article_status = 'current'") == [(5,)]
    assert all(n > 0 for n in runs.counts[0].values()), runs.counts[0]


def test_red_silk_is_one_work_entity_linked_to_at_least_three_articles(runs):
    rows = query(
        runs.seeds_only,
        """
        select e.entity_type, count(distinct m.doc_id)
        from marts.entities e join marts.mentions m using (entity_id)
        where e.canonical_name = 'Red Silk' group by e.entity_type
        """,
    )
    assert len(rows) == 1
    entity_type, articles = rows[0]
    assert entity_type == "work" and articles >= 3


def test_every_mention_slices_its_article_body_exactly(runs):
    rows = query(
        runs.warehouse,
        """
        select m.surface, substr(a.body, m.char_start + 1, m.char_end - m.char_start)
        from marts.mentions m join marts.articles a using (doc_id)
        """,
    )
    assert rows and all(surface == sliced for surface, sliced in rows)


def test_second_run_with_no_change_processes_nothing_and_changes_no_mart(runs):
    second = runs.summaries[1]
    assert second.status == "skipped" and "nothing to do" in second.notes[0]
    assert second.counts["unchanged"] == 5
    assert second.counts.get("new", 0) == second.counts.get("changed", 0) == second.counts.get("documents", 0) == 0
    assert runs.counts[1] == runs.counts[0]


def test_adding_one_html_page_processes_exactly_one_file_and_adds_one_article(runs):
    third = runs.summaries[2]
    assert (third.counts["new"], third.counts["unchanged"], third.counts["documents"]) == (1, 5, 1)
    assert runs.counts[2]["articles"] == runs.counts[1]["articles"] + 1
    (row,) = query(
        runs.warehouse,
        "select title, source, extraction_method from marts.articles where 'us-china-trade.html' in file_paths",
    )
    assert row[0] == "Beijing tariff demands may expand US-China trade deal" and row[2] == "trafilatura"


def test_a_build_on_an_unchanged_dbt_project_runs_data_tests_but_not_unit_tests_or_seeds(runs):
    # unit tests check logic on their own rows: they passed on this project in the first build;
    # the seeds' tables are what the same project's first build loaded
    kinds = Counter(node.split(".")[0] for node in runs.top_up_nodes)
    assert kinds["unit_test"] == kinds["seed"] == 0
    assert kinds["model"] > 20 and kinds["test"] > 100
    # a data test that reads the news and a seed still runs: new articles can break it
    assert any(".relationships_stg_news__event_candidates_event_type" in node for node in runs.top_up_nodes)
    assert not any("stg_reference__" in node for node in runs.top_up_nodes)


def test_run_is_recorded_in_the_warehouse(runs):
    rows = query(runs.warehouse, "select status, files_seen, rows_by_mart from raw.runs order by started_at")
    assert [r[0] for r in rows] == ["succeeded"] * 3  # the run with nothing to do wrote nothing
    assert '"articles": 6' in rows[1][2]  # after the HTML page was added


def test_dbt_docs_hold_lineage_from_sources_to_every_mart(runs):
    import json

    manifest = json.loads((runs.target_dir / "manifest.json").read_text())
    assert (runs.target_dir / "catalog.json").exists()
    parents = manifest["parent_map"]
    marts = {n for n in manifest["nodes"] if n.startswith("model.news_warehouse.") and n.split(".")[-1] in MARTS}
    assert len(marts) == len(MARTS)

    def ancestors(node: str) -> set[str]:
        seen, todo = set(), [node]
        while todo:
            for parent in parents.get(todo.pop(), []):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    for mart in marts:
        assert any(a.startswith("source.news_warehouse.news.") for a in ancestors(mart)), mart


def test_another_process_can_open_the_warehouse_for_writing_after_the_run(runs):
    # dbt and the flow must have released the file: DuckDB allows one writing process.
    code = f"import duckdb; duckdb.connect({str(runs.warehouse)!r}).execute('select 1').fetchall()"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_cli_query_and_status_read_the_warehouse(runs):
    env = {**os.environ, "NEWS_WAREHOUSE_PATH": str(runs.seeds_only)}
    out = subprocess.run(
        [sys.executable, "-m", "flows", "query", "select count(*) as n from marts.articles"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, check=True,
    ).stdout  # fmt: skip
    assert re.search(r"^5\s*$", out, re.M), out
    status = subprocess.run(
        [sys.executable, "-m", "flows", "status"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=True,
    ).stdout
    assert "succeeded" in status and "articles" in status


def readme_cookbook() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## SQL cookbook", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, re.S)


def test_readme_has_a_cookbook():
    assert len(readme_cookbook()) >= 5


@pytest.mark.parametrize("sql", readme_cookbook())
def test_readme_cookbook_query_runs_and_answers(runs, sql):
    assert query(runs.seeds_only, sql), sql


def test_folder_changes_are_counted(runs):
    fourth = runs.summaries[3]
    assert (fourth.counts["new"], fourth.counts["changed"], fourth.counts["deleted"]) == (2, 1, 1)
    assert fourth.counts["duplicate"] == 1 and fourth.counts["documents"] == 2


def test_same_body_under_two_names_is_one_article_with_both_files(runs):
    rows = query(runs.warehouse, "select file_paths from marts.articles where title like 'Russia, China Announce%'")
    assert len(rows) == 1
    assert sorted(p.split("_")[0] for p in rows[0][0]) == ["003", "MENAFN copy (1).txt"]


def test_edited_file_supersedes_its_old_version(runs):
    rows = query(
        runs.warehouse,
        "select article_status, body like '%until the end of the year.' from marts.articles where list_contains(file_paths, ?)",
        [next(p.name for p in runs.seeds_dir.glob("001_*.txt"))],
    )
    assert sorted(rows) == [("current", True), ("superseded", False)]


def test_deleted_file_article_is_marked_removed_not_dropped(runs):
    rows = query(runs.warehouse, "select article_status from marts.articles where title like 'Strengthening Bonds%'")
    assert rows == [("removed",)]
    # removed and superseded articles no longer count towards entities
    (n,) = query(
        runs.warehouse,
        "select count(*) from marts.mentions m join marts.articles a using (doc_id) where a.article_status != 'current'",
    )[0]
    assert n == 0


def test_syndicated_copy_shares_a_near_duplicate_cluster(runs):
    rows = query(
        runs.warehouse,
        "select source, cluster_id, cluster_similarity from marts.articles where source in ('Global Times', 'Eurasia Wire') order by source",
    )
    assert [r[0] for r in rows] == ["Eurasia Wire", "Global Times"]
    (_, c1, sim1), (_, c2, sim2) = rows
    assert c1 == c2 and sim1 == sim2 and sim1 >= 0.5
    # unrelated articles stay in clusters of their own
    (singletons,) = query(
        runs.warehouse,
        "select count(*) from marts.articles where cluster_similarity is null and article_status = 'current'",
    )[0]
    assert singletons >= 3


def entity_names(path: Path) -> dict[str, tuple[str, list[str]]]:
    rows = query(path, "select canonical_name, entity_type, aliases from marts.entities")
    return {name: (etype, aliases) for name, etype, aliases in rows}


def test_short_forms_resolve_to_one_entity_each(runs):
    names = entity_names(runs.seeds_only)
    # acronyms defined in the text, surnames, initials and bare surnames the model called places
    for short in ("CMG", "VGTRK", "CPC", "NMG", "Shen", "Xi", "Putin", "Dobrodeev", "S. Balanova", "Karmen", "Yarina"):
        assert short not in names, short
    assert "CMG" in names["China Media Group"][1]
    assert {"VGTRK", "All-Russia State Television and Radio Broadcasting Company"} <= set(
        names["All-Russia State Television and Radio Broadcasting Company"][1]
    )
    assert set(names["Shen Haixiong"][1]) == {"Shen", "Shen Haixiong"} and names["Shen Haixiong"][0] == "person"
    assert "S. Balanova" in names["Svetlana Balanova"][1]


def test_majority_and_curated_types_win_over_single_mislabels(runs):
    names = entity_names(runs.seeds_only)
    assert names["Red Silk"][0] == "work"  # one mention labelled GPE does not retype it
    assert names["Olga Lyubimova"][0] == "person"  # one mention labelled ORG
    assert names["artificial intelligence"][0] == "other"  # the model calls "AI" a place
    assert query(runs.seeds_only, "select wikidata_id from marts.entities where canonical_name = 'China'") == [
        ("Q148",)
    ]


def test_red_silk_co_occurs_with_sensible_organisations(runs):
    rows = query(
        runs.seeds_only,
        """
        select case when entity_name_a = 'Red Silk' then entity_name_b else entity_name_a end, num_articles
        from marts.entity_cooccurrence
        where 'Red Silk' in (entity_name_a, entity_name_b)
          and (case when entity_name_a = 'Red Silk' then entity_type_b else entity_type_a end) = 'organization'
        """,
    )
    organisations = dict(rows)
    assert organisations["China Media Group"] >= 2
    assert {"National Media Group", "All-Russia State Television and Radio Broadcasting Company"} <= set(organisations)
    assert not any(len(name) <= 3 for name in organisations)  # no bare acronyms left


def events_with(path: Path, where: str) -> list[tuple]:
    return query(
        path,
        f"""
        select event_id, event_type, event_status, event_date, date_precision, num_articles, participants
        from marts.events where {where}
        """,
    )


def test_red_silk_premiere_reported_by_three_seeds_is_one_event(runs):
    rows = events_with(
        runs.seeds_only,
        "event_type = 'release' and event_status = 'occurred' and list_contains(participants, 'Red Silk')",
    )
    assert len(rows) == 1
    _, _, _, event_date, precision, num_articles, _ = rows[0]
    assert (event_date.isoformat(), precision, num_articles) == ("2025-02-20", "day", 3)


def test_planned_release_in_china_is_one_planned_event(runs):
    rows = events_with(
        runs.seeds_only,
        "event_type = 'release' and event_status = 'planned' and list_contains(participants, 'Red Silk')",
    )
    assert len(rows) == 1
    _, _, _, event_date, precision, num_articles, _ = rows[0]
    assert (event_date.isoformat(), precision) == ("2025-09-01", "month") and num_articles >= 2


def test_conflicting_day_reports_are_one_event_with_each_reports_date_kept(runs):
    rows = events_with(
        runs.seeds_only,
        "event_type = 'cultural_event' and num_articles = 2 and event_date between date '2025-05-06' and date '2025-05-09'",
    )
    assert len(rows) == 1
    event_id, *_ = rows[0]
    reported = sorted(
        r[0].isoformat()
        for r in query(runs.seeds_only, "select reported_date from marts.event_mentions where event_id = ?", [event_id])
    )
    assert reported == ["2025-05-07", "2025-05-08"]  # May 8 as written; "on Wednesday" before May 10
    assert rows[0][3].isoformat() == "2025-05-07"  # consensus: tie goes to the report anchored by a publication date


def test_every_resolved_date_is_consistent_with_its_articles_publication_date(runs):
    rows = query(
        runs.seeds_only,
        """
        select em.reported_status, em.reported_date, em.date_precision, a.published_at, em.date_text
        from marts.event_mentions em join marts.articles a using (doc_id)
        where em.reported_date is not null and a.published_at is not null
        """,
    )
    assert rows
    for status, reported, precision, published, text in rows:
        if status == "occurred":
            assert reported <= published, (text, reported, published)
        if status == "planned" and precision != "year":
            assert reported >= published.replace(day=1) or reported.year >= published.year, (text, reported, published)


def test_relative_dates_without_an_anchor_stay_null(runs):
    rows = query(
        runs.seeds_only,
        "select reported_date from marts.event_mentions where date_method = 'unresolved_no_publication_date'",
    )
    assert rows and all(r[0] is None for r in rows)


def test_quotes_have_speakers_and_slice_the_body(runs):
    rows = query(
        runs.seeds_only,
        """
        select e.canonical_name, q.quote_method, q.quote_text = substr(a.body, q.char_start + 1, q.char_end - q.char_start)
        from marts.quotes q join marts.articles a using (doc_id) left join marts.entities e on q.speaker_entity_id = e.entity_id
        """,
    )
    assert rows and all(exact for _, _, exact in rows)
    speakers = {(name, method) for name, method, _ in rows}
    assert {("Timofei Bordachev", "interview"), ("Olga Lyubimova", "direct"), ("Anna Yarina", "direct")} <= speakers
    assert all(name is not None for name, _, _ in rows)


def test_the_briefing_is_rewritten_after_each_run_that_changed_the_marts(runs):
    import json

    first, unchanged, added, changed = runs.summaries
    assert first.briefing and added.briefing and changed.briefing
    assert unchanged.briefing == ""  # nothing changed: the page already shows these marts
    page = Path(changed.briefing).read_text(encoding="utf-8")
    embedded = re.search(r'<script type="application/json" id="briefing-data">(.*?)</script>', page, re.S)
    totals = json.loads(embedded.group(1))["briefing"]["totals"]
    current = "select count(*) from marts.articles where article_status = 'current'"
    assert totals["articles"] == query(runs.warehouse, current)[0][0]
    assert totals["events"] == query(runs.warehouse, "select count(*) from marts.events")[0][0]
