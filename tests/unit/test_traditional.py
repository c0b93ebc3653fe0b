"""Traditional Chinese read through the Simplified annotator (flows/annotate/traditional.py),
on sentences written for these tests."""

from flows.annotate.traditional import is_traditional, simplified, traditional_share, traditional_table


def test_a_traditional_body_becomes_simplified_character_for_character():
    table = traditional_table()
    body = "臺北市政府發言人今天說，颱風過後捷運將恢復營運。"
    out = simplified(body, table)
    assert out == "台北市政府发言人今天说，台风过后捷运将恢复营运。"
    assert len(out) == len(body)  # every offset into the stored body holds in the copy


def test_only_a_plainly_traditional_body_is_converted():
    table, share = traditional_table(), traditional_share()
    assert is_traditional("香港特區政府發表聲明，呼籲市民留意天氣變化。", table, share)
    # "乾" is in the table (Traditional for 干) but Simplified text writes it in 乾隆
    assert not is_traditional("清朝乾隆年间，北京城内修建了许多园林。", table, share)
    assert not is_traditional("Only Latin letters here.", table, share)
    assert not is_traditional("", table, share)


def test_the_script_decides_chinese_where_the_detector_would_say_korean():
    from flows.normalise.document import detect_language

    # langdetect reads this Traditional Chinese paragraph as Korean
    traditional = (
        "立法會昨日三讀通過修訂條例，運輸及物流局局長表示，新規定將於明年一月實施。"
        "業界代表認為，過渡期太短，部分車行需要更多時間更換車輛及培訓司機。"
    )
    assert detect_language(traditional)[0] == "zh-tw"
    assert detect_language("国务院新闻办公室今天举行发布会，介绍今年前三季度的经济运行情况。")[0] == "zh-cn"
    # kana or hangul beside the Han characters: Japanese or Korean, as the detector says
    assert detect_language("東京都は新しい計画を発表しました。東京都知事が記者会見で説明した。")[0] == "ja"
    assert detect_language("서울시는 새로운 계획을 발표했다. 서울시장이 기자회견에서 설명했다.")[0] == "ko"
