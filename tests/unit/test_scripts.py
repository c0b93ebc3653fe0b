"""flows/annotate/scripts.py: Chinese, Japanese and Korean told apart by their scripts,
on sentences written for these tests."""

import pytest

from flows.annotate.languages import route
from flows.annotate.scripts import cjk_language
from flows.normalise.document import detect_language

TRADITIONAL = (
    "立法會昨日三讀通過修訂條例，運輸及物流局局長表示，新規定將於明年一月實施。"
    "業界代表認為，過渡期太短，部分車行需要更多時間更換車輛及培訓司機。"
)  # langdetect reads this paragraph as Korean
SIMPLIFIED = "国务院新闻办公室今天举行发布会，介绍今年前三季度的经济运行情况。"
JAPANESE = "東京都は新しい計画を発表しました。東京都知事が記者会見で説明し、来年度から実施する予定だ。"
KOREAN = "서울시는 새로운 교통 계획을 발표했다. 서울시장은 기자회견에서 내년부터 시행한다고 설명했다."


@pytest.mark.parametrize(
    ("text", "language", "routed"),
    [
        (TRADITIONAL, "zh-tw", "zh"),
        (SIMPLIFIED, "zh-cn", "zh"),
        (JAPANESE, "ja", "ja"),  # kanji-heavy, but its kana make it Japanese: not the Chinese annotator
        (KOREAN, "ko", "ko"),
        ("日本の企業が上海で新工場を開いた。", "ja", "ja"),
        ("品牌“鲜の日记”在上海开设新店，吸引大批年轻顾客排队购买新品。", "zh-cn", "zh"),  # one kana in a brand
    ],
)
def test_the_script_names_the_language_and_the_annotator(text, language, routed):
    assert cjk_language(text)[0] == language
    assert detect_language(text)[0] == language
    assert route("ko", 0.99, text) == routed  # whatever the detector said


def test_latin_and_cyrillic_text_is_left_to_the_detector():
    assert cjk_language("The ministers met in Geneva on Monday.") is None
    assert cjk_language("Министры встретились в Женеве.") is None
    assert cjk_language("") is None


def test_the_route_needs_only_the_script_and_the_stored_language_names_the_variant():
    from flows.annotate.scripts import cjk_script

    assert cjk_script(TRADITIONAL)[0] == cjk_script(SIMPLIFIED)[0] == "zh"
    assert cjk_script(JAPANESE)[0] == "ja" and cjk_script(KOREAN)[0] == "ko"
