import codecs

import pytest

from flows.extract import ExtractionError
from flows.normalise.encoding import decode_bytes
from tests.conftest import seed_text

SNIPPET = seed_text("003").split("\n")[5]  # "(MENAFN) Moscow and Beijing are working toward …"


def test_utf8_seed_decodes_as_utf8():
    assert decode_bytes(SNIPPET.encode("utf-8")).encoding == "utf-8"


@pytest.mark.parametrize("bom,codec", [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")])
def test_bom_is_detected_and_stripped(bom, codec):
    decoded = decode_bytes(bom + SNIPPET.encode(codec))
    assert decoded.text == SNIPPET


def test_cp1251_russian_text_is_recognised():
    text = "Министр культуры России Ольга Любимова заявила, что совместные фильмы привлекут большую аудиторию. " * 3
    decoded = decode_bytes(text.encode("cp1251"))
    assert decoded.text == text


def test_gb18030_chinese_text_is_recognised():
    text = "中央广播电视总台与俄罗斯全俄国家电视广播公司在莫斯科举办文化交流活动。" * 3
    decoded = decode_bytes(text.encode("gb18030"))
    assert decoded.text == text


@pytest.mark.parametrize("data,status", [(b"", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary")])
def test_unusable_bytes_raise_with_a_status(data, status):
    with pytest.raises(ExtractionError) as info:
        decode_bytes(data)
    assert info.value.status == status and info.value.reason
