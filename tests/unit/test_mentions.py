import pytest

from flows.annotate.mentions import clean_span, entity_type, make_mention

BODY = 'the co-produced movie "Red Silk," which premiered and The Soviet Union\'s Great Patriotic War'


@pytest.mark.parametrize(
    "raw,clean",
    [('"Red Silk', "Red Silk"), ("The Soviet Union's", "Soviet Union"), ('"Red Silk,"', "Red Silk")],
)
def test_clean_span_trims_quotes_determiners_and_possessives(raw, clean):
    start = BODY.index(raw)
    c_start, c_end = clean_span(BODY, start, start + len(raw))
    assert BODY[c_start:c_end] == clean


def test_abbreviation_keeps_its_final_dot():
    body = "talks with the U.S. on trade"
    start = body.index("the U.S.")
    c_start, c_end = clean_span(body, start, start + len("the U.S."))
    assert body[c_start:c_end] == "U.S."


@pytest.mark.parametrize(
    ("body", "raw", "clean"),
    [
        ("Shares of Harbour Line Corp. fell.", "Harbour Line Corp.", "Harbour Line Corp."),
        ("The deal went to Nordvik Holdings Inc.", "Nordvik Holdings Inc.", "Nordvik Holdings Inc."),
        ("The film was shot near Lake Corp.", "Lake Corp.", "Lake Corp."),
        ("She flew home to Kazan.", "Kazan.", "Kazan"),  # any other word: the sentence's full stop
        ("He met the CORP.", "CORP.", "CORP"),  # the list is case-sensitive: a shouted word is no abbreviation
    ],
)
def test_a_name_ending_in_an_abbreviation_keeps_its_full_stop(body, raw, clean):
    start = body.index(raw)
    c_start, c_end = clean_span(body, start, start + len(raw))
    assert body[c_start:c_end] == clean


@pytest.mark.parametrize(
    ("body", "raw", "clean"),
    [
        ("By Anna Petrova\n\nAccount deleted", "Anna Petrova\n\nAccount", "Anna Petrova"),
        ("Gift card\n\nHarbour Line said", "\n\nHarbour Line", "Harbour Line"),
    ],
)
def test_a_name_never_runs_over_a_line_break(body, raw, clean):
    start = body.index(raw)
    c_start, c_end = clean_span(body, start, start + len(raw))
    assert body[c_start:c_end] == clean


@pytest.mark.parametrize(
    "text",
    ["http://www.example.org/news/1", "www.harbour-line.co.uk", "anna.petrova@example.com", "AP Photo/Evan Vucci"],
)
def test_web_and_mail_addresses_and_photo_credits_are_no_entities(text):
    body = f"See {text} for more."
    assert make_mention(body, 4, 4 + len(text), "ORG", 0) is None


def test_values_are_not_entities():
    assert make_mention("on May 8, 2025 there", 3, 14, "DATE", 0) is None
    assert make_mention("500 million rubles", 0, 18, "MONEY", 0) is None


def test_mention_offsets_slice_the_body():
    start = BODY.index('"Red Silk')
    mention = make_mention(BODY, start, start + len('"Red Silk'), "WORK_OF_ART", 0)
    assert BODY[mention.char_start : mention.char_end] == mention.surface == "Red Silk"
    assert mention.raw_surface == '"Red Silk' and mention.entity_type == "work"


def test_label_mapping():
    assert [entity_type(x) for x in ("PERSON", "ORG", "GPE", "NORP", "EVENT", "LAW")] == [
        "person", "organization", "place", "group", "event_name", "other",
    ]  # fmt: skip


def test_titles_come_from_the_vocabulary_and_are_stripped_from_persons():
    from flows.annotate.mentions import make_mention

    for text, name in (("Cr Aroha Ngata", "Aroha Ngata"), ("Datuk Seri Lim Boon Huat", "Lim Boon Huat"),
                       ("Coach Teodor Marinescu", "Teodor Marinescu"), ("Dr Ife Okonkwo", "Ife Okonkwo")):  # fmt: skip
        mention = make_mention(text, 0, len(text), "PERSON", 0)
        assert mention is not None and mention.surface == name


def test_two_person_spans_split_by_one_space_are_one_name():
    from flows.annotate.mentions import join_broken_spans

    body = "Hernán Darío Zuluaga, Ana Lima and Rui Costa spoke."
    spans = [(0, 6, "PERSON"), (7, 20, "PERSON"), (22, 30, "PERSON"), (35, 44, "PERSON")]
    assert [body[a:b] for a, b, _ in join_broken_spans(body, spans)] == [
        "Hernán Darío Zuluaga",
        "Ana Lima",
        "Rui Costa",
    ]
