"""Every kind of bad file a user really has, in one folder with good seeds, through the real flow.

Each bad file must be recorded in raw.files with a status and a reason, the good files of
the same run must land, and fixing a file must get it picked up by the next run.
"""

from __future__ import annotations

import codecs
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from tests.conftest import SEEDS, seed_text

SQL_NAME = "Red Silk 'review'; DROP TABLE raw.files; -- \u041c\u043e\u0441\u043a\u0432\u0430 \"final\".txt"
ENGLISH = seed_text("003").replace("403\nSorry!!\n", "")


def build_folder(folder: Path) -> None:
    for prefix in ("001", "003"):
        (src,) = SEEDS.glob(f"{prefix}_*.txt")
        shutil.copy(src, folder / src.name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_bytes(b"  \n\t\n   \n")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(512))
    (folder / "truncated utf8.txt").write_bytes(seed_text("004").encode("utf-8") + b"\xe2\x80")
    russian = (
        "\u041c\u0438\u043d\u0438\u0441\u0442\u0440 \u043a\u0443\u043b\u044c\u0442\u0443\u0440\u044b \u0420\u043e\u0441\u0441\u0438\u0438 \u041e\u043b\u044c\u0433\u0430 \u041b\u044e\u0431\u0438\u043c\u043e\u0432\u0430 \u0437\u0430\u044f\u0432\u0438\u043b\u0430 \u043e \u0441\u043e\u0432\u043c\u0435\u0441\u0442\u043d\u044b\u0445 \u0444\u0438\u043b\u044c\u043c\u0430\u0445. "
        * 8
    )
    (folder / "russian cp1251.txt").write_bytes(russian.encode("cp1251"))
    chinese = (
        "\u4e2d\u592e\u5e7f\u64ad\u7535\u89c6\u603b\u53f0\u4e0e\u4fc4\u7f57\u65af\u5168\u4fc4\u56fd\u5bb6\u7535\u89c6\u5e7f\u64ad\u516c\u53f8\u5728\u83ab\u65af\u79d1\u4e3e\u529e\u6587\u5316\u4ea4\u6d41\u6d3b\u52a8\u3002"
        * 8
    )
    (folder / "chinese gb18030.txt").write_bytes(chinese.encode("gb18030"))
    (folder / "windows utf16.txt").write_bytes(codecs.BOM_UTF16_LE + seed_text("000").encode("utf-16-le"))
    with (folder / "huge.txt").open("wb") as handle:
        handle.write((ENGLISH + "\n").encode() * (50 * 1024 * 1024 // len(ENGLISH.encode()) + 1))
    (folder / "scripts only.html").write_text(
        "<html><head><script>var x = 1;</script></head><body><script>track()</script></body></html>"
    )
    (folder / "feed export.json").write_text('{"items": [{"headline": "x"}], "count": 1}')
    (src,) = SEEDS.glob("001_*.txt")
    shutil.copy(src, folder / "copy of 001.txt")
    (folder / "long report.txt").write_text(long_report(), encoding="utf-8")
    (folder / "breaks the annotator.txt").write_text(
        "Agreement reached in Minsk\n\nOfficials from five ministries met in Minsk on Monday. " + BOMB + "\n\n"
        "They agreed to share archive footage with film schools in the region.",
        encoding="utf-8",
    )
    (folder / SQL_NAME).write_text(ENGLISH.replace("Moscow and Beijing", "Beijing and Moscow"), encoding="utf-8")
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "dangling.txt").symlink_to(folder / "does-not-exist.txt")
    os.mkfifo(folder / "pipe.txt")  # reading it would block forever
    if os.geteuid() != 0:  # root reads anything, so this case only exists for other users
        (folder / "locked.txt").write_text(ENGLISH)
        (folder / "locked.txt").chmod(0)


BOMB = "ANNOTATION-FAILS-HERE"


def long_report() -> str:
    """Over spaCy's 1,000,000-character limit: paragraphs of varied sentences, each paragraph numbered."""
    paragraphs = []
    for i in range(2900):
        paragraphs.append(
            f"Section {i}. The delegation from Novosibirsk met officials of the Harbin Film Bureau on day {i % 28 + 1} "
            f"of the programme. Anna Petrova said the archive would lend {i % 40 + 2} reels to the festival in "
            "Vladivostok, and the studio in Shanghai promised to restore them before the autumn screenings. "
            "Representatives of both sides praised the work of translators and technicians."
        )
    return "Film archives share restored reels\n\n" + "\n\n".join(paragraphs)


def latest_files(warehouse: Path) -> dict[str, tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            """
            select path, status, error, encoding, note from raw.files
            qualify row_number() over (partition by path order by file_seq desc) = 1
            """
        ).fetchall()
    return {path: (status, error, encoding, note) for path, status, error, encoding, note in rows}


@pytest.fixture(scope="module")
def bad_runs(prefect_harness, tmp_path_factory):
    from flows.pipeline import pipeline

    base = tmp_path_factory.mktemp("bad")
    folder = base / "seeds"
    folder.mkdir()
    build_folder(folder)
    warehouse = base / "news.duckdb"
    os.environ["NEWS_DBT_TARGET_DIR"] = str(base / "target")
    os.environ["NEWS_NLP_PROCESSES"] = "1"  # annotate in this process, where the failing rule is patched in
    import flows.annotate.nlp as nlp_module

    real_analyse = nlp_module._analyse

    def analyse_or_fail(doc, item, *rules):  # a bug in our rules that only one document triggers
        if BOMB in item.body:
            raise ValueError("rule crashed on this document")
        return real_analyse(doc, item, *rules)

    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(nlp_module, "_analyse", analyse_or_fail)
            first = pipeline(seeds_dir=str(folder), warehouse_path=str(warehouse), docs=False)
        files_after_first = latest_files(warehouse)
        # the user fixes and tidies the folder
        (folder / "empty.txt").write_text(ENGLISH.replace("Moscow and Beijing", "Moscow, Beijing"), encoding="utf-8")
        (folder / "blank.txt").unlink()
        (src,) = folder.glob("003_*.txt")
        src.rename(folder / "renamed 003.txt")
        second = pipeline(seeds_dir=str(folder), warehouse_path=str(warehouse), docs=False)
    finally:
        os.environ.pop("NEWS_DBT_TARGET_DIR", None)
        os.environ.pop("NEWS_NLP_PROCESSES", None)
    return first, files_after_first, second, latest_files(warehouse), warehouse


@pytest.mark.parametrize(
    "path,status,reason",
    [
        ("empty.txt", "failed", "empty: file is empty"),
        ("blank.txt", "failed", "empty: file holds only whitespace"),
        ("image.txt", "failed", "binary:"),
        ("huge.txt", "failed", "too_large:"),
        ("scripts only.html", "failed", "no_article:"),
        ("feed export.json", "failed", "unknown_shape:"),
        ("dangling.txt", "failed", "unreadable: cannot read file"),
        ("pipe.txt", "failed", "unreadable: cannot read file: not a regular file"),
        ("copy of 001.txt", "duplicate", None),
        ("breaks the annotator.txt", "failed", "internal_error: annotate: ValueError: rule crashed on this document"),
        ("long report.txt", "loaded", None),
    ],
)
def test_bad_file_is_recorded_with_status_and_reason(bad_runs, path, status, reason):
    _, files, *_ = bad_runs
    got_status, error, _, _ = files[path]
    assert got_status == status
    if reason:
        assert error.startswith(reason), error


@pytest.mark.parametrize(
    "path,encoding,note",
    [
        ("russian cp1251.txt", "cp1251", "detected cp1251"),
        ("chinese gb18030.txt", "gb18030", "detected gb18030"),
        ("windows utf16.txt", "utf-16", None),
        ("truncated utf8.txt", "utf-8", "1 invalid UTF-8 byte sequence(s) replaced"),
    ],
)
def test_legacy_encodings_load_and_record_how_they_were_read(bad_runs, path, encoding, note):
    _, files, *_ = bad_runs
    status, error, got_encoding, got_note = files[path]
    assert (status, error, got_encoding) == ("loaded", None, encoding)
    assert (got_note is None) if note is None else note in got_note


def test_good_files_and_awkward_names_land_in_the_same_run(bad_runs):
    first, files, *_ = bad_runs
    assert first.status == "succeeded"
    loaded = {p for p, (status, *_rest) in files.items() if status == "loaded"}
    assert SQL_NAME in loaded
    assert {p for p in loaded if p.startswith(("001_", "003_"))} and len(loaded) == 8  # incl. the long report
    assert first.counts["failed"] == 9 + (os.geteuid() != 0)  # incl. the file that breaks the annotator


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_permission_denied_is_recorded(bad_runs):
    _, files, *_ = bad_runs
    assert files["locked.txt"][0] == "failed" and "Permission denied" in files["locked.txt"][1]


def test_symlink_loop_is_not_followed(bad_runs):
    _, files, *_ = bad_runs
    assert not any(p.startswith("loop/") for p in files)


def test_fixed_file_is_picked_up_and_renamed_and_deleted_files_are_tracked(bad_runs):
    _, _, second, files, warehouse = bad_runs
    assert files["empty.txt"][0] == "loaded"
    assert files["blank.txt"][0] == "deleted"
    assert files["renamed 003.txt"][0] == "duplicate"  # its content was already stored under the old name
    assert next(v for p, v in files.items() if p.startswith("003_"))[0] == "deleted"
    assert (second.counts["new"], second.counts["changed"], second.counts["deleted"]) == (1, 1, 2)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        status = con.execute(
            "select article_status, file_paths from marts.articles where list_contains(file_paths, 'renamed 003.txt')"
        ).fetchall()
    assert status[0][0] == "current"  # renaming does not remove the article


def test_failed_files_show_in_the_status_view(bad_runs):
    *_, warehouse = bad_runs
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "select run_status, files_failed, failed_files from marts.pipeline_runs order by started_at"
        ).fetchall()
    assert rows[0][0] == "succeeded" and rows[0][1] == 9 + (os.geteuid() != 0)
    assert any(f.startswith("huge.txt: too_large") for f in rows[0][2])


def test_a_text_over_the_models_limit_is_annotated_in_pieces_with_exact_offsets(bad_runs):
    *_, warehouse = bad_runs
    with duckdb.connect(str(warehouse), read_only=True) as con:
        doc_id, length = con.execute(
            "select d.doc_id, length(d.body) from raw.documents d join raw.file_documents fd using (doc_id) "
            "join raw.files f using (file_seq) where f.path = 'long report.txt'"
        ).fetchone()
        last_sentence, bad_slices, people = con.execute(
            """
            select
                (select max(char_end) from raw.sentences where doc_id = $1),
                (select count(*) from raw.entity_mentions m join raw.documents d using (doc_id)
                 where doc_id = $1 and substr(d.body, m.char_start + 1, m.char_end - m.char_start) <> m.surface),
                (select count(*) from raw.entity_mentions where doc_id = $1 and surface = 'Anna Petrova')
            """,
            [doc_id],
        ).fetchone()
    assert length > 1_000_000
    assert last_sentence > 1_000_000  # the end of the text was annotated too
    assert bad_slices == 0
    assert people > 2000  # mentions in every piece, not only the first


def test_the_summary_lists_every_file_failing_now_not_only_this_runs(bad_runs):
    first, _, second, *_ = bad_runs
    failing_first = {path for path, _ in first.failing}
    failing_second = {path for path, _ in second.failing}
    assert {"image.txt", "breaks the annotator.txt", "huge.txt"} <= failing_first
    assert "empty.txt" in failing_first and "empty.txt" not in failing_second  # fixed by the user
    assert {"image.txt", "breaks the annotator.txt", "huge.txt"} <= failing_second  # still failing, still listed
    assert not {path for path, *_ in second.failures} & {"image.txt", "huge.txt"}  # though not retried this run
