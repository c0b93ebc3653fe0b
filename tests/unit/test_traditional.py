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
