"""What the briefing shows, read from the marts into one JSON-ready dict.

Only marts are read (the dbt exposure ``briefing`` lists them), so the page's lineage is
the warehouse's. Every list is capped, and the caps are in the payload, so the page says
"40 of 1,234" rather than silently dropping rows and stays a few MB at any corpus size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import duckdb

from flows.briefing.layout import force_layout


@dataclass(frozen=True)
class Limits:
    """How much of each mart the page holds."""

    events: int = 400  # most reported happenings on the timeline
    reports_per_event: int = 12
    nodes: int = 40  # top ranked entities in the network
    edges: int = 120  # co-occurrence links drawn among them, at most
    links_per_node: int = 4  # each node keeps its strongest links: in a small corpus everything co-occurs
    items_per_node: int = 30  # articles and events listed when a node is clicked
    places: int = 300
    runs: int = 10
    failing: int = 200


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, (_plain(v) for v in row), strict=True)) for row in cur.fetchall()]


def _plain(value: Any) -> Any:
    """JSON-ready: dates as ISO strings, floats rounded."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _events(con: duckdb.DuckDBPyConnection, limits: Limits) -> tuple[list[dict[str, Any]], int]:
    total = con.execute("select count(*) from marts.events").fetchone()[0]
    events = _rows(
        con,
        """
        select event_id as id, event_type as type, event_date as date, end_date, date_precision as precision,
               event_status as status, place, participants, summary, num_articles, num_sources, num_mentions,
               first_reported, avg_tone as tone
        from marts.events
        order by num_articles desc, num_sources desc, coalesce(event_date, first_reported), event_id
        limit ?
        """,
        [limits.events],
    )
    reports = _rows(
        con,
        """
        select event_id, doc_id, sentence, reported_status, reported_date, sentence_tone as tone
        from marts.event_mentions
        where list_contains(?, event_id)
        qualify row_number() over (partition by event_id order by confidence desc, doc_id) <= ?
        order by event_id, confidence desc, doc_id
        """,
        [[e["id"] for e in events], limits.reports_per_event],
    )
    by_event: dict[str, list[dict[str, Any]]] = {}
    for report in reports:
        by_event.setdefault(report.pop("event_id"), []).append(report)
    for event in events:
        event["reports"] = by_event.get(event["id"], [])
    return events, total


def strongest_links(pairs: list[dict[str, Any]], per_node: int, limit: int) -> list[dict[str, Any]]:
    """The links that are among the ``per_node`` strongest of either end, strongest first.

    Pairs come ordered strongest first. Drawing every pair of a small corpus joins nearly
    everything to everything, and the picture says nothing; each node's strongest links
    keep its neighbourhood readable.
    """
    kept, degree = [], {}
    for pair in pairs:
        a, b = pair["a"], pair["b"]
        if degree.get(a, 0) < per_node or degree.get(b, 0) < per_node:
            kept.append(pair)
            degree[a], degree[b] = degree.get(a, 0) + 1, degree.get(b, 0) + 1
            if len(kept) == limit:
                break
    return kept


def _network(con: duckdb.DuckDBPyConnection, limits: Limits) -> dict[str, Any]:
    ranked = con.execute("select count(*) from marts.entities where is_ranked").fetchone()[0]
    nodes = _rows(
        con,
        """
        select entity_id as id, canonical_name as name, entity_type as type, num_articles, num_mentions, entity_rank
        from marts.entities where is_ranked order by entity_rank limit ?
        """,
        [limits.nodes],
    )
    ids = [n["id"] for n in nodes]
    pairs = _rows(
        con,
        """
        select entity_id_a as a, entity_id_b as b, num_articles, num_sentences
        from marts.entity_cooccurrence
        where list_contains(?, entity_id_a) and list_contains(?, entity_id_b) and entity_id_a < entity_id_b
        order by num_articles desc, num_sentences desc, entity_id_a, entity_id_b
        """,
        [ids, ids],
    )
    edges = strongest_links(pairs, limits.links_per_node, limits.edges)
    articles = _rows(
        con,
        """
        select entity_id, doc_id from (
            select m.entity_id, m.doc_id, a.published_at,
                   row_number() over (partition by m.entity_id order by a.published_at desc nulls last, m.doc_id) as k
            from (select distinct entity_id, doc_id from marts.mentions where list_contains(?, entity_id)) m
            join marts.articles a using (doc_id)
        ) where k <= ? order by entity_id, k
        """,
        [ids, limits.items_per_node],
    )
    events = _rows(
        con,
        """
        select entity_id, event_id from (
            select p.entity_id, p.event_id,
                   row_number() over (partition by p.entity_id order by e.num_articles desc, p.event_id) as k
            from (select distinct entity_id, event_id from marts.event_participants
                  where list_contains(?, entity_id)) p
            join marts.events e using (event_id)
        ) where k <= ? order by entity_id, k
        """,
        [ids, limits.items_per_node],
    )
    positions = force_layout(len(nodes), [(ids.index(e["a"]), ids.index(e["b"]), e["num_articles"]) for e in edges])
    for node, (x, y) in zip(nodes, positions, strict=True):
        node["x"], node["y"] = round(x, 4), round(y, 4)
        node["articles"] = [r["doc_id"] for r in articles if r["entity_id"] == node["id"]]
        node["events"] = [r["event_id"] for r in events if r["entity_id"] == node["id"]]
    return {"nodes": nodes, "edges": edges, "ranked": ranked}


def _places(con: duckdb.DuckDBPyConnection, limits: Limits) -> tuple[list[dict[str, Any]], int]:
    total = con.execute("select count(*) from marts.entities where latitude is not null").fetchone()[0]
    places = _rows(
        con,
        """
        select entity_id as id, canonical_name as name, latitude as lat, longitude as lon, country_code,
               feature_class, geonames_id, geo_method, num_articles, num_mentions
        from marts.entities where latitude is not null and longitude is not null
        order by num_articles desc, num_mentions desc, entity_id limit ?
        """,
        [limits.places],
    )
    return places, total


def _health(con: duckdb.DuckDBPyConnection, limits: Limits) -> dict[str, Any]:
    by_status = dict(con.execute("select file_status, count(*) from marts.files group by all order by 1").fetchall())
    failing = _rows(
        con,
        "select file_path as path, file_error as error, last_seen_at from marts.files "
        "where file_status = 'failed' order by file_path limit ?",
        [limits.failing],
    )
    runs = _rows(
        con,
        """
        select run_id, started_at, run_status as status, duration_seconds, files_seen, files_new, files_changed,
               files_failed, files_deleted, documents_loaded, run_error
        from marts.pipeline_runs order by started_at desc limit ?
        """,
        [limits.runs],
    )
    marts = [
        name
        for (name,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' order by table_name"
        ).fetchall()
    ]
    rows = {name: con.execute(f'select count(*) from marts."{name}"').fetchone()[0] for name in marts}
    return {"files_by_status": by_status, "failing": failing, "runs": runs, "rows_by_mart": rows}


def briefing_data(con: duckdb.DuckDBPyConnection, limits: Limits | None = None) -> dict[str, Any]:
    """Everything the page draws, from a (read-only) connection to a built warehouse."""
    limits = limits or Limits()
    events, num_events = _events(con, limits)
    network = _network(con, limits)
    places, num_places = _places(con, limits)
    doc_ids = {r["doc_id"] for e in events for r in e["reports"]} | {d for n in network["nodes"] for d in n["articles"]}
    articles = _rows(
        con,
        r"""
        select doc_id, title, source, agency, published_at, language, url, tone, tone_method,
               -- an article without a headline is shown by its opening words
               case when title is null then left(regexp_replace(body, '\s+', ' ', 'g'), 90) end as opening
        from marts.articles where list_contains(?, doc_id)
        """,
        [sorted(doc_ids)],
    )
    totals = con.execute(
        """
        select (select count(*) from marts.articles where article_status = 'current'),
               (select count(*) from marts.entities),
               (select avg(tone) from marts.articles where article_status = 'current')
        """
    ).fetchone()
    return {
        "totals": {
            "articles": totals[0],
            "entities": totals[1],
            "events": num_events,
            "places": num_places,
            "ranked_entities": network["ranked"],
            "avg_tone": _plain(totals[2]),
        },
        "limits": {"events": limits.events, "nodes": limits.nodes, "places": limits.places},
        "events": events,
        "network": {"nodes": network["nodes"], "edges": network["edges"]},
        "places": places,
        "articles": {a.pop("doc_id"): a for a in articles},
        "health": _health(con, limits),
    }
