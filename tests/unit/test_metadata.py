from datetime import date

from flows.extract.text import extract_text
from flows.normalise.document import normalise
from flows.normalise.metadata import infer_dateline_year, parse_date, parse_dateline, take_metadata_lines
from tests.conftest import seed_text


def doc(prefix: str):
    return normalise(extract_text(seed_text(prefix)))


def test_source_and_published_line():
    meta = take_metadata_lines(["Source: Global Times Published: 2025-05-07", "Editor's Note:"])
    assert meta.source == "Global Times"
    assert meta.published == date(2025, 5, 7) and meta.published_source == "published_line"
    assert meta.lines == ["Editor's Note:"]


def test_bare_date_line_gives_the_date_and_keeps_the_rest_of_the_line():
    line = seed_text("001").split("\n")[0]
    meta = take_metadata_lines([line])
    assert meta.published == date(2025, 5, 10) and meta.published_source == "date_line"
    assert meta.lines[0].startswith("China Media Group and the All-Russia")


def test_dateline_with_agency_and_no_year():
    first = "Moscow, January 27 /Xinhua/ \u2014 The joint Russian-Chinese film project"
    line = parse_dateline(first)
    assert (line.place, line.month, line.day, line.year, line.agency) == ("Moscow", 1, 27, None, "Xinhua")


def test_dateline_year_comes_from_the_dated_past_the_article_reports():
    body = doc("004").body
    # "In May 2025, ... signed" is past; "In 2026 ... will continue" and "until 2030" are not evidence.
    assert infer_dateline_year(1, 27, body) == 2026


def test_dateline_year_is_unknown_without_evidence():
    assert infer_dateline_year(1, 27, "The film was a commercial success.") is None


def test_parse_date_forms():
    assert parse_date("2025-05-07") == date(2025, 5, 7)
    assert parse_date("May 8, 2025") == date(2025, 5, 8)
    assert parse_date("8 May 2025") == date(2025, 5, 8)
    assert parse_date("May 8") is None


def test_seed_metadata_end_to_end():
    d000, d001, d002, d003, d004 = (doc(p) for p in ("000", "001", "002", "003", "004"))
    assert d000.title == "Strengthening Bonds: Cultural Exchanges Boost China-Russia Relations"
    assert not d000.body.startswith("Strengthening Bonds")
    assert d000.published_at is None  # the text gives no publication date: never guessed
    assert d001.published_at == date(2025, 5, 10)
    assert d001.captions and "Picture:" in d001.captions[0]
    assert (d002.source, d002.published_at) == ("Global Times", date(2025, 5, 7))
    assert d002.keywords == ["Chinese", "Russian", "Balance", "Aligns"]
    assert d003.title == "Russia, China Announce Joint Film Production Plan"
    assert d003.source == "MENAFN"
    assert d004.published_at == date(2026, 1, 27) and d004.published_source == "dateline_year_from_context"
    assert (d004.dateline_place, d004.agency) == ("Moscow", "Xinhua")
    assert all(d.language == "en" for d in (d000, d001, d002, d003, d004))


def test_same_body_gives_same_doc_id_whatever_the_furniture():
    plain = seed_text("003")
    noisy = "404\nPage not found\n" + plain
    assert normalise(extract_text(plain)).doc_id == normalise(extract_text(noisy)).doc_id
