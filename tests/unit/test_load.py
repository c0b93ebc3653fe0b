"""Loading a batch: one file's unloadable rows fail that file only; the caller's records are left alone."""

from __future__ import annotations

from flows.batch import as_arrow
from flows.ingest import load_isolated
from flows.load import Batch, FileRecord, Warehouse
from flows.schema import RAW_TABLES


def batch_of(files: list[FileRecord], documents: list[dict], sentences: list[dict] | None = None) -> Batch:
    return Batch(files, {"documents": RAW_TABLES["documents"].to_arrow(documents),
                         "sentences": RAW_TABLES["sentences"].to_arrow(sentences or [])})  # fmt: skip


def record(path: str, doc_id: str) -> FileRecord:
    return FileRecord(path, "sha-" + path, 10, None, "txt", change="new", status="loaded", doc_ids=[doc_id])


def document(doc_id: str) -> dict:
    return {"doc_id": doc_id, "body": f"Body of {doc_id}.", "word_count": 3, "spacy_model": "m"}


def sentence(doc_id: str, start: object) -> dict:
    return {"doc_id": doc_id, "sentence_index": 0, "char_start": start, "char_end": 10, "text": "Body"}


def test_a_file_whose_rows_cannot_be_stored_fails_alone(tmp_path):
    good, bad = record("good.txt", "d1"), record("bad.txt", "d2")
    # a sentence without text: Arrow takes it, the database's NOT NULL refuses it
    batch = batch_of(
        [good, bad], [document("d1"), document("d2")], [sentence("d1", 0), {**sentence("d2", 0), "text": None}]
    )
    with Warehouse(tmp_path / "news.duckdb") as wh:
        loaded, failures = load_isolated(batch, wh, "run-1")
        rows = wh.con.execute("select path, status, error from raw.files order by path").fetchall()
        docs = wh.con.execute("select doc_id from raw.documents").fetchall()
    assert loaded.new_doc_ids == {"d1"}
    assert [f[0] for f in failures] == ["bad.txt"] and failures[0][2].startswith("load: ")
    assert rows[0][:2] == ("bad.txt", "failed") and rows[0][2].startswith("internal_error: load: ")
    assert rows[1] == ("good.txt", "loaded", None)
    assert docs == [("d1",)]
    assert bad.status == "loaded" and good.status == "loaded"  # the caller's records are not rewritten


def test_a_body_already_stored_makes_the_file_a_duplicate(tmp_path):
    with Warehouse(tmp_path / "news.duckdb") as wh:
        wh.load_batch(batch_of([record("a.txt", "d1")], [document("d1")]), "run-1")
        second = record("copy of a.txt", "d1")
        loaded = wh.load_batch(batch_of([second], [document("d1")]), "run-2")
        status = wh.con.execute("select status from raw.files where path = 'copy of a.txt'").fetchone()[0]
    assert loaded.duplicates == 1 and loaded.new_doc_ids == set() and status == "duplicate"
    assert second.status == "loaded"


def test_rows_arrow_refuses_cost_only_their_document():
    rows = {"documents": [document("d1"), document("d2")],
            "sentences": [sentence("d1", 0), sentence("d2", "not a number")],
            "entity_mentions": [], "event_candidates": [], "quotes": []}  # fmt: skip
    broken: dict[str, str] = {}
    tables = as_arrow(rows, broken)
    assert tables["documents"].column("doc_id").to_pylist() == ["d1"]
    assert tables["sentences"].column("doc_id").to_pylist() == ["d1"]
    assert list(broken) == ["d2"] and broken["d2"].startswith("rows: ")
    assert tables["quotes"].num_rows == 0 and tables["quotes"].schema == RAW_TABLES["quotes"].arrow_schema()


def test_reconnecting_between_batches_keeps_what_was_loaded(tmp_path):
    with Warehouse(tmp_path / "news.duckdb") as wh:
        wh.load_batch(batch_of([record("a.txt", "d1")], [document("d1")]), "run-1")
        first = wh.con
        wh.reconnect()
        assert wh.con is not first
        loaded = wh.load_batch(batch_of([record("b.txt", "d2"), record("c.txt", "d1")], [document("d2"), document("d1")]),
                               "run-1")  # fmt: skip
        files = wh.con.execute("select path, status from raw.files order by path").fetchall()
    assert loaded.new_doc_ids == {"d2"} and loaded.duplicates == 1
    assert files == [("a.txt", "loaded"), ("b.txt", "loaded"), ("c.txt", "duplicate")]
