"""Title or lead? The first paragraph of plain-text articles of many shapes and languages."""

from __future__ import annotations

import pytest

from flows.extract import Extracted
from flows.normalise.document import normalise
from flows.normalise.title import is_title, split_title, starts_with_dateline

HEADLINES = [
    ("Russia and China sign film co-production deal", "MOSCOW, May 7 (Reuters) - Russia and China signed a deal."),
    ("Ferry service on Lake Baikal resumes", "The boats sailed again on Thursday after a two-week pause."),
    ("Putin arrives in Beijing.", "Russian President Vladimir Putin arrived in Beijing on Tuesday for talks."),
    ("What is next for Russia-China film ties?", "Analysts say the partnership will deepen next year."),
    ("RUSSIA, CHINA SIGN FILM DEAL", "Moscow and Beijing signed an agreement on Friday."),
    ("Россия и Китай снимут новый фильм", "МОСКВА, 7 мая. /ТАСС/. Россия и Китай договорились о съемках."),
    ("Путин прибыл в Пекин", "Президент России прибыл в Пекин с государственным визитом."),
    ("中俄签署电影合作协议", "新华社北京5月7日电 中国和俄罗斯周二签署了电影合作协议。"),
    ("两国电视台举办文化交流活动", "中央广播电视总台与俄罗斯同行在莫斯科举办了活动。"),
    (
        'The opera "Steppe Wind" is the surprise of the season, says the director of the "Volga Stage."',
        "Kazan, February 3 /Wire/ — The production sold out all twelve performances.",
    ),
]

LEADS = [
    (
        "The Russian and Chinese film industries signed a deal on Tuesday to co-produce three films over five years.",
        "The agreement was signed in Beijing.",
    ),
    ("MOSCOW, May 7 (Reuters) - Russia and China signed a film deal.", "More details follow."),
    ("BEIJING (AP) — Leaders met for three hours.", "They spoke about trade."),
    (
        "Dozens of film-makers gathered in Kazan on Friday for the opening of a festival that organisers say will",
        "become an annual fixture of the region's calendar.",
    ),
    ("Leaders met. They agreed on a plan.", "The plan covers ten years."),
    ("Российские и китайские кинематографисты подписали соглашение о совместном производстве.", "Документ подписан."),
    ("Москва, 7 мая. Фильм «Красный шёлк» вышел в прокат.", "Его показывают в ста кинотеатрах."),
    ("МОСКВА, 7 мая — Россия и Китай подписали соглашение", "о совместных съемках."),
    ("中国和俄罗斯周二在北京签署了电影合作协议，双方将共同拍摄三部影片。", "协议有效期五年。"),
    ("新华社北京5月7日电 中国和俄罗斯签署协议。", "双方表示满意。"),
    ("记者从会上获悉。两国将合作拍片", "更多内容。"),
]


@pytest.mark.parametrize("first,following", HEADLINES)
def test_headlines_are_titles(first, following):
    assert is_title(first, following)


@pytest.mark.parametrize("first,following", LEADS)
def test_lead_paragraphs_are_not_titles(first, following):
    assert not is_title(first, following)


def test_one_paragraph_wire_copy_has_no_title():
    assert split_title(["BEIJING, May 7 (Xinhua) -- China and Russia agreed to expand film exchanges."]) == (
        None,
        ["BEIJING, May 7 (Xinhua) -- China and Russia agreed to expand film exchanges."],
    )


@pytest.mark.parametrize(
    "text",
    ["MOSCOW, May 7 (Reuters) - x", "BEIJING (Xinhua) -- x", "Moscow, January 27 /Xinhua/ — x", "МОСКВА, 7 мая. x",
     "Санкт-Петербург, 12 июня — x", "新华社莫斯科5月9日电 x", "本报北京6月1日讯 x"],
)  # fmt: skip
def test_datelines_are_recognised(text):
    assert starts_with_dateline(text)


@pytest.mark.parametrize("text", ["Russia, China sign deal", "The minister said on Monday", "Путин прибыл в Пекин"])
def test_ordinary_openings_are_not_datelines(text):
    assert not starts_with_dateline(text)


def test_untitled_text_file_keeps_its_first_paragraph_in_the_body():
    lead = (
        "The ministers of culture of three neighbouring countries met in Tashkent on Monday and agreed to pool "
        "money for a joint animation studio."
    )
    text = f"{lead}\n\nThe studio will open in 2027, officials said.\n\nIts first film is a fairy tale."
    doc = normalise(Extracted(text=text, method="text"))
    assert doc.title is None
    assert doc.body.startswith(lead)


def test_headline_then_dateline_body_splits_the_title_off():
    text = (
        "Animation studio to open in Tashkent\n\nTASHKENT, March 3 (Wire) - Three neighbouring countries agreed on "
        "Monday to fund a joint animation studio.\n\nIts first film is due in 2027."
    )
    doc = normalise(Extracted(text=text, method="text"))
    assert doc.title == "Animation studio to open in Tashkent"
    assert doc.body.startswith("TASHKENT, March 3")


def test_untitled_chinese_article_keeps_its_lead():
    text = "三国文化部长周一在塔什干会面，同意共同出资建立一家动画工作室。\n\n工作室将于2027年开业。"
    doc = normalise(Extracted(text=text, method="text"))
    assert doc.title is None and doc.body.startswith("三国文化部长")
