"""The Latin key that joins one person's name across scripts and romanisations."""

import pytest

from flows.annotate.translit import latin_key, lead_key, romanise, sound_key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Светлана Баланова", "Svetlana Balanova"),
        ("Калюжный", "Kalyuzhnyy"),
        ("Kalyuzhny", "Kalyuzhnyy"),
        ("Сергей Лавров", "Sergei Lavrov"),
        ("Sergey Lavrov", "Sergei Lavrov"),
        ("Юрий Гагарин", "Yuri Gagarin"),
        ("Михаил Хабаров", "Mikhail Khabarov"),
        ("王建国", "Wang Jianguo"),
        ("Zoë Brontë", "Zoe Bronte"),
        ("Ерлан Жумабеков", "Yerlan Zhumabekov"),
        ("Артем Лаврентьев", "Artyom Lavrentyev"),
        ("Геннадий Осокин", "Gennady Osokin"),
        ("Цветков", "Tsvetkov"),
        ("Волга Фотоникс", "Volga Photonics"),
        ("Си Цзиньпин", "Xi Jinping"),  # Chinese names in Russian (Palladius) spelling
        ("Чжао Минъюань", "赵明远"),
        ("Шэнь Хайсюн", "Shen Haixiong"),
    ],
)
def test_spellings_of_one_name_share_a_key(a, b):
    assert latin_key(a) == latin_key(b) != ""


@pytest.mark.parametrize(("a", "b"), [("Balanova", "Baranova"), ("Ivan Petrov", "Ivan Petrova"), ("王建国", "王建军")])
def test_different_names_keep_different_keys(a, b):
    assert latin_key(a) != latin_key(b)


def test_romanisation_keeps_name_parts_apart():
    assert romanise("弗拉基米尔·普京") == "fulajimier pujing"
    assert romanise("Шойгу") == "SHojgu"


@pytest.mark.parametrize(
    ("russian", "pinyin"),
    [("Ли Вэньтао", "Li Wentao"), ("Чэнь Сыюй", "Chen Siyu"), ("Ван И", "Wang Yi"), ("Дэн Сяопин", "Deng Xiaoping")],
)
def test_chinese_names_in_russian_spelling_read_back_as_pinyin(russian, pinyin):
    from flows.annotate.palladius import to_pinyin

    assert to_pinyin(russian) == pinyin


@pytest.mark.parametrize("name", ["Иван Петров", "Ольга Любимова", "Сергей Лавров", "Москва"])
def test_russian_names_are_not_read_as_chinese(name):
    from flows.annotate.palladius import to_pinyin

    assert to_pinyin(name) is None


# Names not used elsewhere in the repo: foreign people as Chinese news writes them
@pytest.mark.parametrize(
    "spellings",
    [
        ("Dmitry Kornilov", "Дмитрий Корнилов", "德米特里·科尔尼洛夫"),
        ("Alexei Kudrin", "Алексей Кудрин", "阿列克谢·库德林"),
        ("Maria Zakharova", "Мария Захарова", "玛丽亚·扎哈罗娃"),
        ("Sergei Lavrov", "Сергей Лавров", "谢尔盖·拉夫罗夫"),
        ("Nikolai Patrushev", "Николай Патрушев", "尼古拉·帕特鲁舍夫"),
        ("Касым-Жомарт Токаев", "卡瑟姆-若马尔特·托卡耶夫"),  # Ж is 若 (r) in Chinese; "Jomart" in Latin drops it
    ],
)
def test_a_foreign_name_in_chinese_characters_sounds_like_its_latin_and_cyrillic_spellings(spellings):
    keys = {sound_key(name) for name in spellings}
    assert len(keys) == 1, {name: sound_key(name) for name in spellings}
    assert len(keys.pop()) >= 6  # long enough for dbt's merge_min_sound_key_length


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Dmitry Kornilov", "Dmitry Kovalev"),
        ("德米特里·科尔尼洛夫", "德米特里·梅德韦杰夫"),
        ("Anna Petrova", "Anna Orlova"),
    ],
)
def test_different_people_sound_different(a, b):
    assert sound_key(a) != sound_key(b)


def test_the_sound_classes_come_from_the_vocabulary_file(tmp_path):
    import yaml

    from flows.annotate.translit import SOUND_KEY_VOCABULARY, sound_classes

    data = yaml.safe_load(SOUND_KEY_VOCABULARY.read_text(encoding="utf-8"))
    data["classes"]["r"] = ["r"]  # l no longer sounds like r
    data["classes"]["l"] = ["l"]
    data["pinyin_initials"]["r"] = []
    data["pinyin_initials"]["l"] = ["l"]
    path = tmp_path / "sound_key.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    mine = sound_classes(path)
    assert sound_key("Lavrov", mine) == "lfrf" and sound_key("Lavrov") == "rfrf"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Jinlan Pictures", "inlan"),
        ("Tianshan Wind Equipment", "tianshan"),
        ("Xiaomi", ""),  # one word: its whole key already joins
        ("锦澜影业", ""),
        ("Волга Фотоникс", ""),
        ("the Jinlan studio", ""),
    ],
)
def test_the_lead_key_is_the_first_word_of_a_latin_organisation_name(name, key):
    assert lead_key(name) == key


def test_a_chinese_company_name_starts_with_the_lead_key_of_its_english_name():
    for english, chinese in (("Jinlan Pictures", "锦澜影业"), ("Hengchuan New Energy", "恒川新能源")):
        assert latin_key(chinese).startswith(lead_key(english))
