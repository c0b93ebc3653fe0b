"""Language routing and the Russian and Chinese annotators (natasha, jieba + the reference),
on sentences written for these tests."""

import itertools
from datetime import date

import pytest

from flows.annotate.annotation import AnnotationInput
from flows.annotate.languages import annotate_other, default_reference, route
from flows.annotate.reference import load_reference


@pytest.mark.parametrize(
    ("language", "score", "body", "expected"),
    [
        ("en", 0.99, "The ministers met in Geneva on Monday.", "en"),
        ("ru", 0.99, "Министры встретились в Женеве в понедельник.", "ru"),
        ("zh-cn", 0.99, "两国部长周一在日内瓦会面。", "zh"),
        (None, None, "两国部长周一在日内瓦会面。", "zh"),  # the script decides, not the detector
        ("bg", 0.6, "Министрите се срещнаха в Женева в понеделник и обсъдиха търговията.", "ru"),
        ("de", 0.99, "Die Minister trafen sich am Montag in Genf.", "de"),
        ("nl", 0.55, "Ministers met in Geneva.", "en"),  # unsure: read as English rather than not at all
        ("ru", 0.99, "Ministers met in Geneva on Monday.", "en"),  # detected Russian, written in Latin letters
    ],
)
def test_route_by_script_then_a_sure_detector(language, score, body, expected):
    assert route(language, score, body) == expected


def annotate(body: str, language: str):
    item = AnnotationInput("doc", body, date(2025, 5, 14), None, 0, language, 0.99)
    return annotate_other(item, language, default_reference())


def test_russian_mentions_are_lemmatised_and_offset_into_the_body():
    body = (
        "МОСКВА, 14 мая — Генеральный директор Национальной Медиа Группы Светлана Баланова "
        "встретилась с Владимиром Путиным. По словам Балановой, фильм «Красный шёлк» покажут в Китае."
    )
    ann = annotate(body, "ru")
    assert ann.error is None and ann.annotator == "natasha"
    assert all(body[m.char_start : m.char_end] == m.surface for m in ann.mentions)
    by_surface = {m.surface: m for m in ann.mentions}
    assert by_surface["Владимиром Путиным"].canonical == "Владимир Путин"
    assert by_surface["Китае"].canonical == "Китай"
    assert by_surface["Национальной Медиа Группы"].label == "ORG"
    assert by_surface["Красный шёлк"].label == "WORK_OF_ART"  # found by the reference, missed by the model
    # a surname alone, in another case, is the person named in full before
    assert by_surface["Балановой"].canonical == "Светлана Баланова"
    assert by_surface["Балановой"].latin_key == by_surface["Светлана Баланова"].latin_key
    assert ann.sentences[0].text.startswith("МОСКВА")


def test_a_russian_pronoun_is_not_the_country_whose_name_it_shares():
    # "Того" (Togo) is also the genitive of the pronoun "тот"; "Тем", "то", "та" share its lemma
    body = "Тем не менее то решение было принято. Президент Того прибыл в Москву, та встреча прошла спокойно."
    mentions = annotate(body, "ru").mentions
    togo = [m.surface for m in mentions if m.canonical == "Того"]
    assert togo == ["Того"], [(m.surface, m.canonical) for m in mentions]


def test_a_russian_name_stops_at_the_line_break():
    body = "Текст подготовила Анна Меркурова\n\nАккаунт автора закрыт. Глаза устали к вечеру."
    mentions = annotate(body, "ru").mentions
    assert [(m.surface, m.canonical) for m in mentions if m.label == "PERSON"] == [("Анна Меркурова", "Анна Меркурова")]
    assert not any(m.surface == "Глаза" for m in mentions)  # "eyes", not the town of Glazov


def test_chinese_mentions_come_from_the_reference_book_titles_and_name_marks():
    body = "本报北京5月15日电 俄罗斯国家传媒集团总裁斯韦特兰娜·巴拉诺娃表示，电影《北方之光》将在上海首映。两国合作不断深入。"
    ann = annotate(body, "zh")
    assert ann.error is None and ann.annotator == "jieba"
    assert all(body[m.char_start : m.char_end] == m.surface for m in ann.mentions)
    found = {m.surface: m.label for m in ann.mentions}
    assert found["北京"] == "GPE" and found["上海"] == "GPE"
    assert found["俄罗斯国家传媒集团"] == "ORG"  # a reference name, one word despite jieba
    assert found["斯韦特兰娜·巴拉诺娃"] == "PERSON"
    assert found["北方之光"] == "WORK_OF_ART"  # between book-title marks, in no dictionary
    assert "两国" not in found  # "the two countries" names nobody
    assert len(ann.sentences) == 2


def test_chinese_names_outside_the_reference_from_interpuncts_and_organisation_heads():
    body = "总裁安娜·伊万诺娃说，莫斯科国立大学和清华大学将联合办学。"
    found = {m.surface: m.label for m in annotate(body, "zh").mentions}
    assert found.get("安娜·伊万诺娃") == "PERSON"
    assert found.get("莫斯科国立大学") == "ORG"  # an organisation built on a place outranks the place


def test_a_reference_name_only_counts_on_word_boundaries():
    found = {m.surface for m in annotate("我们采用集中方式处理数据。", "zh").mentions}
    assert "中方" not in found


def test_another_language_is_recorded_not_annotated():
    ann = annotate("Die Bundesregierung hat am Mittwoch neue Regeln beschlossen.", "de")
    assert ann.error is None and ann.mentions == [] and ann.sentences == []
    assert ann.annotator == "none: language 'de' is not annotated"


def test_the_reference_has_every_country_in_three_languages():
    names = load_reference().names
    for language, name in (("en", "Kazakhstan"), ("ru", "Казахстан"), ("zh", "哈萨克斯坦")):
        assert any(n.alias == name and n.language == language and n.canonical_name == "Kazakhstan" for n in names)


def test_the_trained_chinese_model_finds_people_jieba_does_not_flag():
    from flows.annotate.chinese import load_chinese

    segmenter = load_chinese(default_reference())
    assert segmenter.model is not None, "flows/annotate/models/zh_ner.crfsuite is missing: python bench/train_zh_ner.py"
    body = "赵明远在比赛中攻入两球，韦海波表示满意。"
    found = {m.surface: m.label for m in annotate(body, "zh").mentions}
    assert found.get("赵明远") == "PERSON" and found.get("韦海波") == "PERSON"


def test_the_people_of_a_place_are_a_group_not_the_place():
    found = {m.surface: (m.label, m.entity_type) for m in annotate("许多日本人和北京人来到上海参观。", "zh").mentions}
    assert found["日本人"] == ("NORP", "group") and found["北京人"] == ("NORP", "group")
    assert found["上海"][0] == "GPE"
    # "人民" is another word: the country stays a place
    assert {m.surface: m.label for m in annotate("俄罗斯人民庆祝节日。", "zh").mentions}.get("俄罗斯") == "GPE"


def test_a_date_is_not_read_as_a_name_that_starts_with_its_unit():
    # "26日本赛季": the 26th, this season; jieba cuts it "26 / 日本 / 赛季"
    found = [m.surface for m in annotate("8月26日本赛季结束，球队在上海举行庆祝活动。", "zh").mentions]
    assert "日本" not in found and "上海" in found


def test_a_city_name_that_is_a_common_word_is_not_tagged_by_the_dictionary():
    from flows.annotate.chinese import load_chinese

    segmenter = load_chinese(default_reference())
    # GeoNames lists towns called 民主 (democracy) and 联合 (to unite); jieba knows both as common words
    assert "民主" not in segmenter.reference and "联合" not in segmenter.reference
    assert "泉州" in segmenter.reference


def test_a_national_team_is_an_organisation_linked_to_its_country():
    mentions = annotate("半决赛中，中国队以二比一战胜巴西队，德国国家队输给了越南队。", "zh").mentions
    teams = {m.surface: (m.label, m.canonical) for m in mentions}
    assert teams["中国队"] == ("ORG", "中国") and teams["巴西队"] == ("ORG", "巴西")
    assert teams["德国国家队"] == ("ORG", "德国")


def test_a_longer_place_links_as_the_place_it_narrows_to():
    mentions = annotate("她常年居住在中国大陆，近年多次访问俄罗斯。", "zh").mentions
    by_surface = {m.surface: m for m in mentions}
    longer = next(m for m in mentions if m.surface.startswith("中国"))
    # canonical is the reference's own Chinese name, which dbt joins to the entity China
    assert longer.canonical == "中国" and longer.resolution == "reference"
    assert by_surface["俄罗斯"].canonical == "俄罗斯"


def test_a_chinese_text_without_sentence_ends_is_tagged_in_pieces():
    from flows.annotate.chinese import _pieces

    body = "，".join(["赵明远在北京会见了韦海波"] * 300)  # 3,900 characters, no full stop
    pieces = _pieces(body, 0, len(body))
    assert pieces[0][0] == 0 and pieces[-1][1] == len(body)
    assert all(a == b for (_, a), (b, _) in itertools.pairwise(pieces))  # contiguous
    assert all(e - s <= 1000 for s, e in pieces) and all(body[e - 1] == "，" for _, e in pieces[:-1])
    found = [m.surface for m in annotate(body, "zh").mentions]
    assert found.count("北京") == 300


def test_a_chinese_name_does_not_run_into_the_word_after_it():
    # jieba cuts "科尔尼洛 / 夫 / 星期五" and "科尔尼洛 / 夫说": the name must stop before "on Friday" and "said"
    body = "俄罗斯材料学家德米特里·科尔尼洛夫星期五在哈尔滨表示，涂料仍能保持附着力。科尔尼洛夫说，试验将转移到新西伯利亚。"
    people = [(m.surface, m.canonical) for m in annotate(body, "zh").mentions if m.label == "PERSON"]
    assert people == [("德米特里·科尔尼洛夫", "德米特里·科尔尼洛夫"), ("科尔尼洛夫", "德米特里·科尔尼洛夫")]


def test_a_chinese_dateline_is_not_read_as_one_long_place():
    # the model once read "莫斯科11月20日电 克里姆林宫新闻秘书佩斯科夫" as one place
    body = "新华社莫斯科11月20日电 克里姆林宫新闻秘书佩斯科夫20日对记者表示，俄方尚未收到答复。"
    found = {m.surface: m.label for m in annotate(body, "zh").mentions}
    assert found.get("莫斯科") == "GPE" and found.get("佩斯科夫") == "PERSON" and found.get("克里姆林宫") == "ORG"
    assert all(" " not in surface for surface in found)


def test_a_model_span_over_a_reference_person_does_not_replace_the_names_inside():
    from dataclasses import replace

    from flows.annotate.chinese import chinese_mentions, load_chinese

    real = load_chinese(default_reference())

    class RunOnModel:  # a model that reads "俄罗斯总统普京" as one place
        context = real.model.context

        def tag(self, sentence, words):
            return [(0, 7, "LOC")] if sentence.startswith("俄罗斯总统普京") else []

    segmenter = replace(real, model=RunOnModel())
    found = {m.surface: m.label for m in chinese_mentions("俄罗斯总统普京访问北京。", segmenter)}
    assert found == {"俄罗斯": "GPE", "普京": "PERSON", "北京": "GPE"}


def test_a_short_form_the_article_defines_is_that_organisation_wherever_it_is_used():
    body = ("蒙古国家铁路股份公司（以下简称“蒙铁”）周二宣布，将新增三条货运线路。蒙铁总经理巴特尔表示，蒙铁今年运量增长一成。"
            "肯尼亚气象局（英文简称KMD）发布预警。KMD称，暴雨将持续三天。")  # fmt: skip
    mentions = annotate(body, "zh").mentions
    short = [(m.surface, m.label, m.canonical, m.resolution) for m in mentions if m.surface in ("蒙铁", "KMD")]
    assert (
        short
        == [("蒙铁", "ORG", "蒙古国家铁路股份公司", "acronym")] * 3 + [("KMD", "ORG", "肯尼亚气象局", "acronym")] * 2
    )


def test_a_short_form_inside_a_longer_name_stays_part_of_it():
    from flows.annotate.chinese import _with_short_forms, load_rules
    from flows.annotate.mentions import Mention

    body = "白沙湾港务集团（简称白沙湾）与白沙湾港务集团物流公司签约。"

    def mention(surface: str, start: int, label: str = "ORG") -> Mention:
        return Mention(start, start + len(surface), surface, start, start + len(surface), surface, label, "organization", 0,
                       canonical=surface)  # fmt: skip

    longer = mention("白沙湾港务集团物流公司", body.rindex("白沙湾港务集团物流公司"))
    found = _with_short_forms(body, [mention("白沙湾港务集团", 0), longer], load_rules(), [0])
    assert [(m.surface, m.resolution) for m in found] == [("白沙湾港务集团", "self"), ("白沙湾", "acronym"),
                                                          ("白沙湾港务集团物流公司", "self")]  # fmt: skip


def test_a_model_name_loses_the_words_that_ran_into_its_edges():
    from flows.annotate.chinese import _without_edge_words, load_rules

    rules = load_rules()
    # jieba's plain cut, (word, flag, start, end): "经/p 阿拉木图/ns 签署/v"
    words = [("经", "p", 0, 1), ("阿拉木图", "ns", 1, 5), ("签署", "v", 5, 7)]
    assert _without_edge_words(words, 0, 7, "GPE", rules) == (1, 5)
    # a head word stays, even one jieba calls a verb; one-character words stay at the end
    words = [("上海", "ns", 0, 2), ("合作", "vn", 2, 4), ("组织", "v", 4, 6)]
    assert _without_edge_words(words, 0, 6, "ORG", rules) == (0, 6)
    words = [("周", "nr", 0, 1), ("成", "v", 1, 2), ("建", "v", 2, 3)]
    assert _without_edge_words(words, 0, 3, "PER", rules) == (0, 3)


def test_a_model_place_ending_in_an_organisation_head_is_an_organisation_but_a_venue_keeps_its_type():
    from flows.annotate.chinese import _org_head, load_rules

    rules = load_rules()
    assert _org_head("满洲里海关", rules) and _org_head("长江水利委员会", rules)
    assert not _org_head("海关", rules) and not _org_head("市中心", rules) and not _org_head("丽江大剧院", rules)


def test_a_russian_abbreviation_in_brackets_is_the_name_before_it_wherever_it_is_used():
    body = ("Северо-Кавказский горно-металлургический институт (СКГМИ) открыл лабораторию. В СКГМИ рассказали, "
            "что отчёт опубликуют СМИ. Ассоциация виноделов Кубани (АВК) подвела итоги сезона.")  # fmt: skip
    found = [(m.surface, m.label, m.canonical, m.resolution) for m in annotate(body, "ru").mentions]
    institute = "Северо-Кавказский горно-металлургический институт"
    assert found.count(("СКГМИ", "ORG", institute, "acronym")) == 2
    # the bracket names the whole phrase, not the place that ends it
    assert ("АВК", "ORG", "Ассоциация виноделов Кубани", "acronym") in found
    assert not any(surface == "СМИ" for surface, *_ in found)  # a common abbreviation names no one
    # after a lower-case phrase a bracket abbreviates a term, not a name
    term = annotate("Весной она перешла на правильное питание (ПП) и бросила сладкое.", "ru").mentions
    assert not any(m.surface == "ПП" for m in term)


def test_a_russian_organisation_runs_on_over_the_place_whose_it_is():
    body = "Иск рассмотрел Арбитражный суд Пермского края, его поддержали сотрудники Министерства финансов Республики Беларусь."
    found = {m.surface: (m.label, m.canonical) for m in annotate(body, "ru").mentions}
    assert found["Арбитражный суд Пермского края"] == ("ORG", "Арбитражный суд Пермского края")
    # the head back in the nominative, its dependents as written
    assert found["Министерства финансов Республики Беларусь"] == ("ORG", "Министерство финансов Республики Беларусь")


def test_a_russian_facility_the_model_calls_an_organisation_is_a_place():
    found = {
        m.surface: (m.label, m.entity_type) for m in annotate("Туристы побывали у Исаакиевского собора.", "ru").mentions
    }
    assert found["Исаакиевского собора"] == ("FAC", "place")  # natasha's ORG, typed by its head noun


@pytest.mark.parametrize("author", ["Яна Манакова", "Евгения Левицкая"])
def test_a_russian_byline_keeps_its_nominative_as_written(author):
    # with no sentence around it, natasha reads "Яна" and "Евгения" as a man's genitive
    body = f"Выставка откроется в субботу в городском музее.\n\n{author}"
    assert [(m.surface, m.canonical) for m in annotate(body, "ru").mentions] == [(author, author)]


def test_a_russian_name_alone_on_its_line_is_nominative_though_the_tagger_agrees_otherwise():
    # a contest's entries, each a name on its own line: natasha ran each span over the line
    # break into the next word and read "Евгения Ларина" as a man's genitive ("Евгений Ларин")
    body = (
        "Голосование продлится до пятницы.\n\nЯна Сомова\n\nАккаунт: @yana_bakes\n\n"
        "Что вас вдохновило?\n\nЕвгения Ларина\n\nАккаунт: @larina_home"
    )
    persons = [(m.surface, m.canonical) for m in annotate(body, "ru").mentions if m.label == "PERSON"]
    assert persons == [("Яна Сомова", "Яна Сомова"), ("Евгения Ларина", "Евгения Ларина")], persons


def test_a_russian_name_whose_words_agree_is_normalised_as_the_tagger_reads_it():
    body = "Редакция получила письмо от Яна Манакова. Встреча с Яной Манаковой прошла вчера."
    canonical = {m.surface: m.canonical for m in annotate(body, "ru").mentions}
    assert canonical["Яна Манакова"] == "Ян Манаков"
    assert canonical["Яной Манаковой"] == "Яна Манакова"


def test_a_chinese_name_after_a_title_is_a_person_and_so_is_its_every_use():
    body = (
        "本报成都5月6日电（记者黎晓舟）成都市今年新建绿道120公里。黎晓舟在现场看到，居民沿河散步。"
        "公司董事长覃立新介绍，新工厂明年投产。市长邵明远说，地铁三号线年底通车。"
    )
    persons = [m.surface for m in annotate(body, "zh").mentions if m.label == "PERSON"]
    # jieba keeps "黎晓舟" one word; it cuts "覃" + "立新" and "邵" + "明远" (a surname and its given name)
    assert persons == ["黎晓舟", "黎晓舟", "覃立新", "邵明远"]


def test_a_word_after_a_title_that_is_no_name_stays_none():
    # jieba flags "安静" (quiet) as a name; before "地" it says how the director listened
    body = "该院院长安静地听完了汇报。游客来采茶、学制茶。"
    assert [m.surface for m in annotate(body, "zh").mentions if m.label == "PERSON"] == []


def test_chinese_organisation_names_hold_joined_nouns_and_missions_abroad():
    body = (
        "湖南省住房和城乡建设厅昨天发布通知。日本驻上海总领事馆举办招待会。中国和俄罗斯签署了协议。"
        "昆明铁道职业技术学院开学了。"
    )
    found = [(m.surface, m.label) for m in annotate(body, "zh").mentions]
    assert ("湖南省住房和城乡建设厅", "ORG") in found  # "和" between two common nouns
    assert ("日本驻上海总领事馆", "ORG") in found  # "驻" between two places
    # "和" between two names joins nothing, and "签署" (signed) is no "…署" (office)
    assert ("中国", "GPE") in found and ("俄罗斯", "GPE") in found
    assert ("昆明铁道职业技术学院", "ORG") in found  # five words to the head


@pytest.mark.parametrize("city", ["曼谷", "利马", "圣保罗"])
def test_the_place_of_a_chinese_dateline_is_a_place(city):
    # the model read "曼谷电" (Bangkok, dispatched) as an organisation and missed "利马" (Lima)
    body = f"本报{city}电（驻外记者黎晓舟）当地旅游部门周二公布，上半年游客人数创新高。"
    found = [(m.surface, m.label) for m in annotate(body, "zh").mentions]
    assert found[0] == (city, "GPE"), found


def test_a_chinese_agency_dateline_gives_its_place_and_the_agency():
    body = "新华社北京11月20日电（记者邵明远）外交部发言人当天表示，会谈富有成果。"
    found = [(m.surface, m.label) for m in annotate(body, "zh").mentions]
    assert ("北京", "GPE") in found and ("新华社", "ORG") in found, found


def test_a_chinese_team_is_one_organisation_linked_to_its_country_whatever_the_cut():
    # jieba keeps "中国女排" one word and cuts "阿根廷" + "国家队"; the model ran "中国队" into
    # the games it lost and read "中国女排" as the place
    body = "中国女排先失两局后逆转。他曾代表阿根廷国家队出赛。中国队先失两局后3比2逆转。"
    teams = [(m.surface, m.label, m.canonical) for m in annotate(body, "zh").mentions]
    assert teams == [("中国女排", "ORG", "中国"), ("阿根廷国家队", "ORG", "阿根廷"), ("中国队", "ORG", "中国")]


def test_a_russian_regional_branch_is_one_organisation_with_its_parent_and_region():
    body = (
        "Следственный отдел СК России по Томской области возбудил дело. "
        "Управление ФСБ по Приморскому краю сообщило о задержании. Акции Сбербанка и Газпрома выросли."
    )
    found = {m.surface: (m.label, m.canonical) for m in annotate(body, "ru").mentions}
    assert found["Следственный отдел СК России по Томской области"] == (
        "ORG", "Следственный отдел СК России по Томской области")  # fmt: skip
    assert any(s.endswith("ФСБ по Приморскому краю") and label == "ORG" for s, (label, _) in found.items()), found
    assert found["Сбербанка"][0] == "ORG" and found["Газпрома"][0] == "ORG"  # "и" between: two names


def test_a_russian_name_with_a_patronymic_starts_at_the_first_name():
    # natasha read "Асель" as a place (a town of that name exists) and the rest as the person
    body = "Как сообщил руководитель департамента Асель Нурлановна Темирова, уровень воды в реке растёт."
    persons = [(m.surface, m.label, m.canonical) for m in annotate(body, "ru").mentions]
    assert persons == [("Асель Нурлановна Темирова", "PERSON", "Асель Нурлановна Темирова")], persons


def test_a_russian_name_after_the_kind_of_place_it_is_is_a_place():
    body = "Добычу на солончаке Олароса снова отложили, говорят власти Аргентины."
    found = {m.surface: (m.label, m.canonical) for m in annotate(body, "ru").mentions}
    assert found["Олароса"] == ("LOC", "Оларос"), found  # natasha: a person, "Оларос"


def test_a_surname_after_an_officials_title_stays_a_person():
    # "губернатора области Никитина": the region's governor, Nikitin; "области" says no place follows
    body = "Совещание у губернатора области Никитина снова перенесли."
    assert [(m.surface, m.label) for m in annotate(body, "ru").mentions] == [("Никитина", "PERSON")]


@pytest.mark.parametrize("body", ["Беседовала Ольга Миронова", "Интервью: Беседовала Анна Кравец."])
def test_a_russian_byline_verb_is_not_part_of_the_name(body):
    # natasha tags the capitalised verb ("interviewed by") a proper noun inside the name
    assert [m.surface for m in annotate(body, "ru").mentions] == [" ".join(body.rstrip(".").split()[-2:])]


def test_a_traditional_chinese_article_is_read_as_simplified_and_keeps_its_own_text():
    body = (
        "（中央社記者陳建宏台北5日電）臺北市政府發言人林志明今天表示，颱風過後捷運將恢復營運。"
        "俄羅斯駐台北代表處也發表聲明，感謝臺灣民眾的協助。陳建宏說，香港特區政府已派員協調。"
    )
    annotation = annotate(body, "zh")
    found = {(m.surface, m.label, m.canonical) for m in annotation.mentions}
    assert all(body[m.char_start : m.char_end] == m.surface for m in annotation.mentions)
    # the text as written, the canonical name as Simplified articles and the reference spell it
    assert ("陳建宏", "PERSON", "陈建宏") in found and ("林志明", "PERSON", "林志明") in found
    assert ("臺灣", "GPE", "台湾") in found
    assert ("俄羅斯駐台北代表處", "ORG", "俄罗斯驻台北代表处") in found
    assert annotation.annotator.startswith("jieba (Traditional")
    assert [s.text for s in annotation.sentences][1] == "俄羅斯駐台北代表處也發表聲明，感謝臺灣民眾的協助。"
