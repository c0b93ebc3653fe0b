from flows.normalise.boilerplate import remove_boilerplate
from flows.normalise.text import clean_text
from tests.conftest import seed_text


def lines_of(prefix: str) -> list[str]:
    return clean_text(seed_text(prefix)).split("\n")


def test_error_banner_above_the_article_is_dropped():
    cleaned = remove_boilerplate(lines_of("003"))
    body = [x for x in cleaned.lines if x]
    assert body[0] == "Russia, China Announce Joint Film Production Plan"
    assert [rule for rule, _ in cleaned.dropped].count("error_banner") == 3


def test_repeated_block_is_kept_once():
    cleaned = remove_boilerplate(lines_of("003"))
    body = [x for x in cleaned.lines if x]
    assert sum("A notable example is the historical period drama" in x for x in body) == 1
    assert sum("During the meeting, Russian representatives" in x for x in body) == 1


def test_legal_disclaimer_and_comment_widget_are_cut():
    cleaned = remove_boilerplate(lines_of("003"))
    text = "\n".join(cleaned.lines)
    assert "Legal Disclaimer" not in text and "No comment" not in text and "MENAFN provides" not in text
    assert text.rstrip().endswith("scheduled for release in China in the near future.")


def test_keyword_line_becomes_keywords():
    cleaned = remove_boilerplate(lines_of("002"))
    assert cleaned.keywords == ["Chinese", "Russian", "Balance", "Aligns"]
    assert not any(x.startswith("Key Words") for x in cleaned.lines)


def test_translation_notice_raw_content_note_and_wire_end_marker_are_dropped():
    cleaned = remove_boilerplate(lines_of("004"))
    text = "\n".join(cleaned.lines)
    assert "Translation. Region" not in text
    assert "raw content" not in text and "important disclaimer" not in text
    assert text.rstrip().endswith("'Black Silk.'\"")


def test_duplicated_title_line_is_not_repeated():
    cleaned = remove_boilerplate(lines_of("000"))
    body = [x for x in cleaned.lines if x]
    assert body.count("Strengthening Bonds: Cultural Exchanges Boost China-Russia Relations") == 1


def test_photo_credit_line_is_kept_apart_as_caption():
    cleaned = remove_boilerplate(["A caption. Picture: Supplied/CMG Image: Supplied/CMG", "Body text here."])
    assert cleaned.captions == ["A caption. Picture: Supplied/CMG Image: Supplied/CMG"]
    assert cleaned.lines == ["Body text here."]


def test_article_text_that_merely_mentions_comments_is_kept():
    line = "Comments from both ministers suggested that the film trade between the two countries would grow."
    assert remove_boilerplate([line, "More text."]).lines == [line, "More text."]


def test_lines_repeated_far_apart_are_content_not_furniture():
    lines = [
        "Portion Fix Containers: 1 Green, 1 Red.",
        "Eggs and toast.",
        "Lunch.",
        "Portion Fix Containers: 1 Green, 1 Red.",
    ]
    assert remove_boilerplate(lines).lines == lines


def test_heading_with_a_colon_is_content_but_editors_note_label_is_not():
    assert remove_boilerplate(["Dare to Play 3:", "Text."]).lines == ["Dare to Play 3:", "Text."]
    cleaned = remove_boilerplate(lines_of("002"))
    assert "Editor's Note:" not in cleaned.lines and ("label", "Editor's Note:") in cleaned.dropped
