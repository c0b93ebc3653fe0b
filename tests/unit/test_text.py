from flows.normalise.text import clean_text, word_count
from tests.conftest import seed_text


def test_curly_quotes_become_straight():
    line = next(x for x in seed_text("003").splitlines() if "Red Silk" in x)
    assert "\u2018Red Silk\u2019" in line
    assert "'Red Silk'" in clean_text(line)


def test_mojibake_is_repaired():
    original = "Karmen\u2019s work highlighted"
    garbled = original.encode("utf-8").decode("cp1252")
    assert clean_text(garbled) == "Karmen's work highlighted"


def test_blank_line_runs_collapse_and_edges_are_trimmed():
    text = "\n\n 403\n\n\n\nSorry!!  \n"
    assert clean_text(text) == "403\n\nSorry!!"


def test_word_count_counts_hyphenated_and_possessive_words_once():
    assert word_count("China-Russia co-production Karmen's film") == 4
