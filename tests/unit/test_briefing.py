"""flows/briefing: links kept, layout, world outlines and a page no article text can break."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from flows.briefing.data import strongest_links
from flows.briefing.layout import force_layout
from flows.briefing.page import render
from flows.briefing.worldmap import country_paths, load_world


def pair(a: str, b: str, n: int) -> dict:
    return {"a": a, "b": b, "num_articles": n, "num_sentences": n}


def test_each_node_keeps_its_strongest_links_only():
    pairs = [pair("hub", x, 9 - i) for i, x in enumerate("abcdef")] + [pair("e", "f", 1)]
    kept = strongest_links(pairs, per_node=2, limit=100)
    # the hub's two strongest, then c..f each still need links of their own
    assert [(p["a"], p["b"]) for p in kept] == [("hub", x) for x in "abcdef"] + [("e", "f")]
    assert len(strongest_links(pairs, per_node=2, limit=3)) == 3
    assert strongest_links([pair("x", "y", 1)] * 3, per_node=1, limit=10) == [pair("x", "y", 1)]


def test_layout_is_deterministic_inside_the_unit_square_and_keeps_nodes_apart():
    edges = [(0, i, 3.0) for i in range(1, 12)] + [(12, 13, 1.0)]
    first, second = force_layout(15, edges), force_layout(15, edges)
    assert first == second
    assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in first)
    distances = [
        ((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5 for i, (ax, ay) in enumerate(first) for bx, by in first[i + 1 :]
    ]
    assert min(distances) > 0.03
    assert force_layout(0, []) == [] and force_layout(1, []) == [(0.5, 0.5)]


def test_topojson_arcs_become_paths_in_longitude_and_minus_latitude():
    topology = {
        "type": "Topology",
        "transform": {"scale": [1, 1], "translate": [10, 20]},
        "arcs": [[[0, 0], [5, 0], [0, 5]], [[5, 5], [-5, 0], [0, -5]]],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "id": "1", "properties": {"name": "Squareland"}, "arcs": [[0, 1]]},
            {"type": "Polygon", "id": "2", "properties": {"name": "Reversed"}, "arcs": [[~1, ~0]]},
            {"type": "LineString", "arcs": [0]},
        ]}},
    }  # fmt: skip
    square, reverse = country_paths(topology)
    assert square == {"id": "1", "name": "Squareland", "d": "M10,-20L15,-20L15,-25L10,-25L10,-20Z"}
    assert reverse["d"] == "M10,-20L10,-25L15,-25L15,-20L10,-20Z"


def test_a_ring_across_the_antimeridian_stays_one_shape():
    topology = {
        "arcs": [[[179, 10], [-179, 10], [-179, 12], [179, 12], [179, 10]]],
        "objects": {"countries": {"geometries": [{"type": "Polygon", "id": "9", "arcs": [[0]]}]}},
    }
    (island,) = country_paths(topology)
    assert island["d"] == "M179,-10L181,-10L181,-12L179,-12L179,-10Z"


def test_the_shipped_world_has_the_countries():
    names = {c["name"] for c in load_world()}
    assert {"Russia", "China", "Brazil", "Australia"} <= names


def test_article_text_cannot_break_out_of_the_page():
    evil = '</script><script>alert("x")</script><!--'
    payload = {"totals": {}, "events": [{"summary": evil}], "articles": {"d": {"title": "A & B > C"}}}
    page = render(payload, [], "/tmp/w.duckdb", datetime(2026, 1, 1, tzinfo=UTC))
    assert evil not in page and "<script>alert" not in page  # escaped: it cannot end the data element
    embedded = re.search(r'<script type="application/json" id="briefing-data">(.*?)</script>', page, re.S)
    data = json.loads(embedded.group(1))
    assert data["briefing"]["events"][0]["summary"] == evil
    assert data["briefing"]["articles"]["d"]["title"] == "A & B > C"
    assert "Content-Security-Policy" in page and "default-src 'none'" in page  # nothing can be fetched
    assert "<title>News briefing: w.duckdb</title>" in page


def test_a_briefing_that_cannot_be_written_is_a_note_not_a_failure(tmp_path):
    from prefect.logging import disable_run_logger

    from flows.pipeline import write_briefing_safely
    from flows.settings import Settings

    broken = tmp_path / "news.duckdb"
    broken.write_text("not a database", encoding="utf-8")
    with disable_run_logger():
        path, _, problem = write_briefing_safely(Settings(warehouse_path=broken))
    assert path == "" and problem.startswith("briefing not written: ")
    assert not (tmp_path / "news-briefing.html").exists()
