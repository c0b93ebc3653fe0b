import pytest

from flows.discover import SeedsFolderMissingError, discover, sha256_file

SUFFIXES = (".txt", ".html", ".htm", ".md", ".json")


def test_new_changed_unchanged_and_deleted(tmp_path):
    (tmp_path / "a.txt").write_text("first")
    (tmp_path / "b.html").write_text("<p>b</p>")
    (tmp_path / "ignored.pdf").write_bytes(b"%PDF")
    known = {
        "a.txt": (sha256_file(tmp_path / "a.txt"), "loaded"),
        "b.html": ("0" * 64, "loaded"),
        "gone.txt": ("1" * 64, "loaded"),
    }
    (tmp_path / "c.md").write_text("new")
    result = discover(tmp_path, SUFFIXES, known)
    assert [f.path for f in result.unchanged] == ["a.txt"]
    assert [f.path for f in result.changed] == ["b.html"]
    assert [f.path for f in result.new] == ["c.md"]
    assert result.deleted == ["gone.txt"]


def test_symlink_loop_does_not_trap_the_walk(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "sub" / "x.txt").write_text("x")
    result = discover(tmp_path, SUFFIXES, {})
    assert [f.path for f in result.new] == ["sub/x.txt"]


def test_names_with_spaces_quotes_and_non_ascii(tmp_path):
    name = "Red Silk 'review'; DROP TABLE x -- Москва.txt"
    (tmp_path / name).write_text("text")
    assert [f.path for f in discover(tmp_path, SUFFIXES, {}).new] == [name]


def test_a_missing_folder_is_an_error_not_an_empty_folder(tmp_path):
    with pytest.raises(SeedsFolderMissingError, match="does not exist"):
        discover(tmp_path / "no such dir", SUFFIXES, {"a.txt": ("x", "loaded")})
    (tmp_path / "a file").write_text("x")
    with pytest.raises(SeedsFolderMissingError):
        discover(tmp_path / "a file", SUFFIXES, {})


def test_when_every_known_file_vanishes_nothing_is_deleted_unless_asked(tmp_path):
    known = {"a.txt": ("1", "loaded"), "b.txt": ("2", "failed"), "gone.txt": (None, "deleted")}
    result = discover(tmp_path, SUFFIXES, known)  # an empty folder
    assert result.deleted == [] and result.held == ["a.txt", "b.txt"]
    (tmp_path / "other.txt").write_text("a different article")
    result = discover(tmp_path, SUFFIXES, known)  # the folder swapped for another
    assert result.deleted == [] and result.held == ["a.txt", "b.txt"] and len(result.new) == 1
    result = discover(tmp_path, SUFFIXES, known, allow_remove_all=True)
    assert result.deleted == ["a.txt", "b.txt"] and result.held == []


def test_some_files_missing_are_deleted_as_usual(tmp_path):
    (tmp_path / "a.txt").write_text("kept")
    known = {"a.txt": (sha256_file(tmp_path / "a.txt"), "loaded"), "b.txt": ("2", "loaded")}
    result = discover(tmp_path, SUFFIXES, known)
    assert result.deleted == ["b.txt"] and result.held == [] and len(result.unchanged) == 1


def test_retry_failed_reprocesses_an_unchanged_failed_file(tmp_path):
    (tmp_path / "a.txt").write_text("same bytes")
    known = {"a.txt": (sha256_file(tmp_path / "a.txt"), "failed")}
    assert len(discover(tmp_path, SUFFIXES, known).unchanged) == 1
    assert len(discover(tmp_path, SUFFIXES, known, retry_failed=True).changed) == 1
