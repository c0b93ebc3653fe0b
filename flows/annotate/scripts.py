"""The language a text's script says it is in, where the script is surer than a detector.

Chinese, Japanese and Korean all write Han characters. langdetect took Traditional
Chinese news for Korean (9 of our 10 Traditional articles: its Korean profile holds the
Han characters Korean once used), and routing by the share of Han characters alone sent
Japanese articles to the Chinese annotator. Kana are only Japanese and hangul only
Korean, so their share among the CJK letters tells the three apart; Simplified and
Traditional Chinese differ by the share of Traditional-only characters
(flows/annotate/traditional.py).
"""

from __future__ import annotations

import re

from flows.annotate.traditional import is_traditional, traditional_share, traditional_table

_LETTER = re.compile(r"[^\W\d_]")
_HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
CJK_SHARE = 0.3  # share of the letters in CJK scripts above which the script decides
# share of kana (or hangul) among the CJK letters that makes a text Japanese (or Korean):
# Japanese prose is a third or more kana, while a Chinese article may quote a brand or a
# title with a kana or two in it ("の")
OWN_SCRIPT_SHARE = 0.05


def cjk_script(text: str) -> tuple[str, float] | None:
    """('zh' | 'ja' | 'ko', share of CJK letters) for a text written mostly in CJK scripts;
    None for any other text (the detector decides those)."""
    letters = len(_LETTER.findall(text))
    han, kana, hangul = len(_HAN.findall(text)), len(_KANA.findall(text)), len(_HANGUL.findall(text))
    cjk = han + kana + hangul
    if not letters or cjk / letters <= CJK_SHARE:
        return None
    share = round(cjk / letters, 4)
    if hangul / cjk > OWN_SCRIPT_SHARE:
        return "ko", share
    if kana / cjk > OWN_SCRIPT_SHARE:
        return "ja", share
    return "zh", share


def cjk_language(text: str) -> tuple[str, float] | None:
    """As ``cjk_script``, Chinese given as 'zh-cn' or 'zh-tw' by its characters (the codes
    langdetect uses), for the language a document is stored with."""
    found = cjk_script(text)
    if found is None or found[0] != "zh":
        return found
    return ("zh-tw" if is_traditional(text, traditional_table(), traditional_share()) else "zh-cn"), found[1]
