from flows.discover import discover, sha256_file

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
