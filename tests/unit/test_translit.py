"""The Latin key that joins one person's name across scripts and romanisations."""

import pytest

from flows.annotate.translit import latin_key, romanise


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
